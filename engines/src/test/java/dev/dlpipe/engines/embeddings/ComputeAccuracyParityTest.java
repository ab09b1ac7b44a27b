package dev.dlpipe.engines.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * word2vec.c's {@code compute-accuracy vectors_cbow100.bin 30000} and gensim 4.2's {@code
 * evaluate_word_pairs} on the vectors word2vec.c wrote: the counts must be identical, per section.
 */
class ComputeAccuracyParityTest {
  @Test
  void analogyCountsEqualComputeAccuracyPerSection() throws IOException {
    Path vectors = Word2VecFiles.referenceVectors();
    Assumptions.assumeTrue(Files.isRegularFile(vectors), "no " + vectors + " beside this clone");
    JsonNode expected =
        new ObjectMapper()
            .readTree(Word2VecFiles.sample("expected.json").toFile())
            .at("/runs/cbow/compute_accuracy_30000");

    WordVectors v = Word2VecFiles.read(vectors, 30_000);
    AnalogyQuestions questions =
        AnalogyQuestions.parse(Word2VecFiles.text(Word2VecFiles.sample("questions-words.txt")));
    AnalogyStats stats = AnalogyEvaluator.of(v, 30_000).evaluate(questions, questions.questions());

    assertThat(stats.totalQuestions()).isEqualTo(expected.get("questions_total").asLong());
    assertThat(stats.totalSeen()).isEqualTo(expected.get("questions_seen").asLong());
    assertThat(stats.totalCorrect()).isEqualTo(450);
    Iterator<Map.Entry<String, JsonNode>> sections = expected.get("sections").fields();
    while (sections.hasNext()) {
      Map.Entry<String, JsonNode> e = sections.next();
      int s = stats.sections().indexOf(e.getKey());
      assertThat(s).as(e.getKey()).isPositive();
      assertThat(stats.seen(s))
          .as(e.getKey() + " seen")
          .isEqualTo(e.getValue().get("seen").asLong());
      assertThat(stats.correct(s))
          .as(e.getKey() + " correct")
          .isEqualTo(e.getValue().get("correct").asLong());
    }
    assertThat(100 * AnalogyStats.accuracy(stats.semanticCorrect(), stats.semanticSeen()))
        .isCloseTo(expected.get("semantic_pct").asDouble(), within(0.005));
    assertThat(100 * AnalogyStats.accuracy(stats.syntacticCorrect(), stats.syntacticSeen()))
        .isCloseTo(expected.get("syntactic_pct").asDouble(), within(0.005));
  }

  @Test
  void wordSimEqualsGensim() throws IOException {
    Path vectors = Word2VecFiles.referenceVectors();
    Assumptions.assumeTrue(Files.isRegularFile(vectors), "no " + vectors + " beside this clone");
    JsonNode gensim =
        new ObjectMapper()
            .readTree(Word2VecFiles.sample("expected.json").toFile())
            .at("/runs/cbow/gensim_4.2_eval");
    WordSimilarity.Result r =
        WordSimilarity.evaluate(
            Word2VecFiles.read(vectors, 0),
            Word2VecFiles.text(Word2VecFiles.sample("wordsim353.tsv")));
    assertThat(r.oovPercent())
        .isCloseTo(gensim.get("wordsim353_oov_pct").asDouble(), within(1e-12));
    assertThat(r.spearman()).isCloseTo(gensim.get("wordsim353_spearman").asDouble(), within(1e-12));
    assertThat(r.pearson()).isCloseTo(gensim.get("wordsim353_pearson").asDouble(), within(1e-6));
  }
}
