package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/dlpipe word2vec}, {@code word2vec-eval} and {@code word2vec-neighbors} end to end:
 * train on a slice of the bundled corpus, look at the vectors, score word2vec.c's vectors.
 */
class Word2VecJobTest {
  private static final Path DATA = JobTesting.projectRoot().resolve("sample-data/word2vec");

  @TempDir Path tmp;

  private String warehouse() {
    return tmp.resolve("warehouse").toUri().toString();
  }

  /** The first {@code words} words of the bundled slice, 20 to a line. */
  static Path corpus(Path dir, int words) throws IOException {
    String text;
    try (InputStream in =
        new GZIPInputStream(Files.newInputStream(DATA.resolve("corpus_head200k.txt.gz")))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] w = text.trim().split(" ");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < words; i += 20) {
      lines.add(String.join(" ", java.util.Arrays.copyOfRange(w, i, i + 20)));
    }
    Path p = dir.resolve("corpus.txt");
    Files.write(p, lines);
    return p;
  }

  @Test
  void trainsWritesTextVectorsAndShowsNeighbours() throws IOException {
    Path input = corpus(tmp, 40_000);
    Path out = tmp.resolve("vectors.txt");
    JobTesting.Result r =
        JobTesting.job(
            warehouse(),
            "word2vec",
            "--input",
            input.toString(),
            "--output",
            out.toString(),
            "--format",
            "text",
            "--dim",
            "16",
            "--iter",
            "2",
            "--min-count",
            "3",
            "--partitions",
            "2",
            "--threads",
            "1");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("word2vec: ", " x 16 dims to file:", "2 workers x 1 thread, 6 rounds");
    List<String> lines = Files.readAllLines(out);
    String[] header = lines.get(0).split(" ");
    assertThat(lines).hasSize(Integer.parseInt(header[0]) + 1);
    assertThat(header[1]).isEqualTo("16");
    assertThat(lines.get(1)).startsWith("the ").endsWith(" ").matches("the( -?\\d+\\.\\d{6}){16} ");

    JobTesting.Result n =
        JobTesting.cli(
            "word2vec-neighbors", "--vectors", out.toString(), "--word", "three", "--k", "4");
    assertThat(n.status()).as(n.err()).isZero();
    assertThat(n.out().strip().split("\n")).hasSize(4);

    JobTesting.Result missing =
        JobTesting.cli("word2vec-neighbors", "--vectors", out.toString(), "--word", "zzzq");
    assertThat(missing.status()).isEqualTo(JobRunner.FAILED);
    assertThat(missing.err()).contains("'zzzq' has no vector");
  }

  @Test
  void scoresWord2VecCsVectorsAsJson() throws IOException {
    Path questions = tmp.resolve("q.txt");
    Files.writeString(
        questions, ": first\nking queen man woman\nking queen boy girl\nking queen man zzzq\n");
    JobTesting.Result r =
        JobTesting.job(
            warehouse(),
            "word2vec-eval",
            "--vectors",
            DATA.resolve("wordsim353_vectors_cbow100.bin").toString(),
            "--analogies",
            questions.toString(),
            "--similarity",
            DATA.resolve("wordsim353.tsv").toString(),
            "--json");
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out().substring(0, r.out().lastIndexOf("}") + 1));
    assertThat(json.at("/analogy/seen").asLong()).isEqualTo(2);
    assertThat(json.at("/analogy/questions").asLong()).isEqualTo(3);
    assertThat(json.at("/analogy/sections/first/seen").asLong()).isEqualTo(2);
    assertThat(json.at("/analogy/accuracy").asDouble())
        .isEqualTo(json.at("/analogy/correct").asLong() / 2.0);
    JsonNode sim = json.get("similarity").elements().next();
    assertThat(sim.get("pairs").asLong()).isEqualTo(334);
    assertThat(sim.get("oov").asLong()).isEqualTo(19);
    assertThat(sim.get("spearman").asDouble()).isCloseTo(0.30715579070323534, within(1e-12));
  }

  @Test
  void badOptionsAreExplained() {
    JobTesting.Result none =
        JobTesting.job(warehouse(), "word2vec", "--output", tmp.resolve("v.bin").toString());
    assertThat(none.status()).isEqualTo(JobRunner.FAILED);
    assertThat(none.err())
        .contains("error: nothing to train on", "fix: pass --corpus NAME or --input FILES");
    JobTesting.Result model =
        JobTesting.cli("word2vec", "--input", "x", "--output", "y", "--model", "glove");
    assertThat(model.status()).isEqualTo(JobRunner.FAILED);
    assertThat(model.err()).contains("unknown --model glove");
    JobTesting.Result eval = JobTesting.cli("word2vec-eval", "--vectors", "v.bin");
    assertThat(eval.status()).isEqualTo(JobRunner.FAILED);
    assertThat(eval.err()).contains("nothing to evaluate");
  }
}
