package dev.dlpipe.engines.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dlpipe.engines.text.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trains on the bundled 200,000-word slice of the reference corpus (Brown Corpus text). */
class Word2VecTrainerTest {
  /** word2vec.c's final learning rates for its default CBOW and skip-gram alphas. */
  private static final double CBOW_END = Word2VecParams.defaultMinAlpha(0.05);

  private static final double SKIP_GRAM_END = Word2VecParams.defaultMinAlpha(0.025);

  private static Word2VecVocab vocab;
  private static int[][] sentences;

  private static final Set<String> NUMBERS =
      Set.of(
          "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty",
          "thirty", "hundred", "fifty", "forty", "fifteen", "eleven", "twelve", "zero");

  @BeforeAll
  static void readCorpus() {
    String text;
    try (InputStream in =
        new GZIPInputStream(Files.newInputStream(Word2VecFiles.sample("corpus_head200k.txt.gz")))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] words = text.trim().split(" ");
    Map<String, Long> counts = new HashMap<>();
    for (String w : words) {
      counts.merge(w, 1L, Long::sum);
    }
    List<Vocabulary.TokenCount> tc = new ArrayList<>();
    counts.forEach((w, n) -> tc.add(new Vocabulary.TokenCount(w, n)));
    vocab = Word2VecVocab.build(tc, 5);
    List<int[]> s = new ArrayList<>();
    int[] ids = new int[words.length];
    int n = 0;
    for (String w : words) {
      int id = vocab.id(w);
      if (id >= 0) {
        ids[n++] = id;
      }
    }
    for (int i = 0; i < n; i += 10_000) {
      s.add(java.util.Arrays.copyOfRange(ids, i, Math.min(n, i + 10_000)));
    }
    sentences = s.toArray(new int[0][]);
  }

  private static Word2VecWeights train(Word2VecParams p, int threads) {
    Word2VecTrainer t = new Word2VecTrainer(p, vocab);
    Word2VecWeights w = Word2VecWeights.init(vocab.size(), p);
    long words =
        t.train(
            w,
            sentences,
            0,
            sentences.length,
            p.iter(),
            threads,
            Word2VecTrainer.Schedule.single(p.iter() * vocab.trainWords()),
            p.seed());
    assertThat(words).isEqualTo(p.iter() * vocab.trainWords());
    return w;
  }

  private static List<String> nearest(Word2VecWeights w, String word, int k) {
    return Neighbors.of(new WordVectors(vocab.words(), w.syn0()), word, k).stream()
        .map(Neighbors.Neighbor::word)
        .toList();
  }

  @Test
  void vocabularyIsWord2VecCsMinCountFive() {
    assertThat(vocab.size()).isEqualTo(4598);
    assertThat(vocab.word(0)).isEqualTo("the");
    assertThat(vocab.trainWords()).isEqualTo(177_159);
  }

  @Test
  void cbowNegativeSamplingLearnsNumbers() {
    Word2VecWeights w =
        train(new Word2VecParams(true, 50, 5, 5, false, 1e-4, 0.05, CBOW_END, 5, 5, 1, 1), 1);
    assertThat(nearest(w, "three", 5)).filteredOn(NUMBERS::contains).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void skipGramHierarchicalSoftmaxLearnsNumbers() {
    Word2VecWeights w =
        train(new Word2VecParams(false, 50, 5, 0, true, 1e-4, 0.025, SKIP_GRAM_END, 5, 5, 1, 1), 1);
    assertThat(w.syn1neg()).isNull();
    assertThat(nearest(w, "three", 5)).filteredOn(NUMBERS::contains).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void hogwildThreadsTrainEveryWord() {
    Word2VecWeights w =
        train(new Word2VecParams(true, 50, 5, 5, false, 1e-4, 0.05, CBOW_END, 5, 5, 3, 1), 2);
    // Hogwild threads race, so the vectors vary from run to run: a looser bar than one thread's
    // (untrained vectors put no number among the 10 nearest of 4,598 words).
    assertThat(nearest(w, "three", 10))
        .filteredOn(NUMBERS::contains)
        .hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void oneThreadAndOneSeedGiveTheSameVectors() {
    Word2VecParams p = new Word2VecParams(true, 20, 5, 3, true, 1e-3, 0.05, CBOW_END, 1, 5, 7, 1);
    Word2VecWeights a = train(p, 1);
    Word2VecWeights b = train(p, 1);
    for (int blk = 0; blk < a.syn0().blockCount(); blk++) {
      assertThat(a.syn0().blockArray(blk)).containsExactly(b.syn0().blockArray(blk));
      assertThat(a.syn1().blockArray(blk)).containsExactly(b.syn1().blockArray(blk));
    }
  }

  @Test
  void initialVectorsAreWord2VecCs() {
    // word2vec.c: next_random = 1; next_random = next_random * 25214903917 + 11;
    // syn0 = ((next_random & 0xFFFF) / 65536 - 0.5) / size.
    Word2VecWeights w =
        Word2VecWeights.init(
            2, new Word2VecParams(true, 4, 5, 5, false, 0, 0.05, CBOW_END, 1, 1, 1, 0.5));
    long r = 1 * 25214903917L + 11;
    assertThat(w.syn0().get(0, 0)).isEqualTo((((r & 0xFFFF) / 65536f) - 0.5f) / 4);
    assertThat(w.syn1neg().get(1, 3)).isZero();
  }

  @Test
  void theRateFallsLinearlyToMinAlpha() {
    Word2VecTrainer.Schedule s = Word2VecTrainer.Schedule.single(999);
    assertThat(s.alpha(0.05, 0.005, 0)).isEqualTo(0.05f);
    assertThat(s.alpha(0.05, 0.005, 500)).isCloseTo(0.0275f, within(1e-7f));
    assertThat(s.alpha(0.05, 0.005, 1000)).isEqualTo(0.005f);
    // Word2vec.c's end, alpha * 1e-4, and its floor past the end.
    assertThat(s.alpha(0.05, 5e-6, 2000)).isEqualTo(5e-6f);
  }

  @Test
  void minAlphaAboveAlphaIsRefused() {
    assertThatThrownBy(() -> new Word2VecParams(true, 4, 5, 5, false, 0, 0.05, 0.06, 1, 1, 1, 1))
        .hasMessageContaining("--min-alpha 0.06");
  }
}
