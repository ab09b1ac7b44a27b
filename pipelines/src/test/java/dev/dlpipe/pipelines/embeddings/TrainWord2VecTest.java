package dev.dlpipe.pipelines.embeddings;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.embeddings.Combine;
import dev.dlpipe.engines.embeddings.Neighbors;
import dev.dlpipe.engines.embeddings.VectorsFile;
import dev.dlpipe.engines.embeddings.Word2VecParams;
import dev.dlpipe.engines.embeddings.WordVectors;
import dev.dlpipe.pipelines.TestSpark;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import dev.dlpipe.pipelines.text.TokenizeCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word2Vec on Spark local[2] with the first 60,000 words of the bundled corpus slice, as 3,000
 * lines of 20 words.
 */
class TrainWord2VecTest {
  private static SparkSession spark;
  private static Warehouse warehouse;
  private static List<String> lines;

  @TempDir static Path tmp;

  @BeforeAll
  static void start() throws IOException {
    spark = TestSpark.session();
    warehouse = new Warehouse(spark);
    String text;
    try (InputStream in =
        new GZIPInputStream(
            Files.newInputStream(
                TestSpark.projectRoot().resolve("sample-data/word2vec/corpus_head200k.txt.gz")))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] words = text.trim().split(" ");
    List<String> l = new java.util.ArrayList<>();
    for (int i = 0; i < 60_000; i += 20) {
      l.add(String.join(" ", java.util.Arrays.copyOfRange(words, i, i + 20)));
    }
    lines = l;
  }

  private static Word2VecParams params(int iter) {
    return new Word2VecParams(
        true, 20, 5, 5, false, 1e-3, 0.05, Word2VecParams.defaultMinAlpha(0.05), iter, 3, 1, 1);
  }

  private static RunContext run(String id) {
    return new RunContext(id, "word2vec", List.of("--test"), "cafe", "test");
  }

  @Test
  void trainsOnFilesAcrossWorkersRecordsEveryRoundAndQuarantinesBadLines() throws IOException {
    Path input = tmp.resolve("corpus.txt");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      if (i == 10 || i == 2000) {
        bytes.write("caf\u00e9 cr\u00e8me\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      bytes.write((lines.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Files.write(input, bytes.toByteArray());
    Path out = tmp.resolve("out/vectors.bin");
    TrainWord2Vec.Result r =
        TrainWord2Vec.run(
            warehouse,
            new TrainWord2Vec.Spec(
                null,
                List.of(input.toString()),
                params(4),
                1,
                2,
                2,
                0,
                Combine.AVERAGE,
                out.toString(),
                VectorsFile.Format.BINARY,
                "w2v-test"),
            run("w2v-files"));

    assertThat(r.counts().read()).isEqualTo(lines.size() + 2);
    assertThat(r.counts().rejected()).isEqualTo(2);
    assertThat(r.counts().reconciles()).isTrue();
    assertThat(r.partitions()).isEqualTo(2);
    assertThat(r.rounds()).isEqualTo(8);
    assertThat(r.wordsTrained()).isEqualTo(4 * r.trainWords());
    // Trained, not just written: "three" is among numbers (random vectors would give none).
    Set<String> numbers =
        Set.of(
            "one",
            "two",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "hundred",
            "thousand",
            "twenty",
            "thirty",
            "fifty",
            "forty",
            "fifteen",
            "several",
            "few");
    assertThat(Neighbors.of(r.vectors(), "three", 5))
        .filteredOn(n -> numbers.contains(n.word()))
        .hasSizeGreaterThanOrEqualTo(3);
    List<Row> rejects =
        spark
            .table("dlpipe.ops.rejects")
            .where(col("run_id").equalTo("w2v-files"))
            .orderBy("locator")
            .collectAsList();
    assertThat(rejects).hasSize(2);
    assertThat(rejects.get(0).getString(4)).isEqualTo("INVALID_UTF8");
    assertThat(rejects.get(0).getString(3)).startsWith("byte:");

    List<Row> rounds =
        spark
            .table(TrainWord2Vec.ROUNDS)
            .where(col("run_id").equalTo("w2v-files"))
            .orderBy("epoch", "round")
            .collectAsList();
    assertThat(rounds).hasSize(8);
    assertThat(rounds).extracting(x -> x.getInt(2)).containsExactly(1, 1, 2, 2, 3, 3, 4, 4);
    assertThat(rounds).extracting(x -> x.getInt(3)).containsExactly(1, 2, 1, 2, 1, 2, 1, 2);
    assertThat(rounds).extracting(x -> x.getInt(4)).containsOnly(2);
    assertThat(rounds.stream().mapToLong(x -> x.getLong(5)).sum()).isEqualTo(r.wordsTrained());

    Row model =
        spark
            .table(TrainWord2Vec.MODELS)
            .where(col("run_id").equalTo("w2v-files"))
            .collectAsList()
            .get(0);
    assertThat(model.getString(0)).isEqualTo("w2v-test");
    assertThat(model.getString(2)).isEqualTo("word2vec");
    assertThat(model.getString(3)).isEqualTo(r.uri()).endsWith("out/vectors.bin");
    assertThat(model.getString(4)).isEqualTo("word2vec-binary");
    assertThat(model.getLong(5)).isEqualTo(2L * r.vocabSize() * 20);
    assertThat(model.getString(6)).contains("\"combine\":\"average\"", "\"partitions\":2");

    WordVectors written;
    try (InputStream in = Files.newInputStream(out)) {
      written = VectorsFile.read(in, 0, out.toString());
    }
    assertThat(written.size()).isEqualTo(r.vocabSize());
    assertThat(written.words()[0]).isEqualTo("the");
    assertThat(written.vectors().get(5, 3)).isEqualTo(r.vectors().vectors().get(5, 3));
  }

  @Test
  void partitionsBeyondTheTaskSlotsTakeTurns() throws IOException {
    Path input = tmp.resolve("turns.txt");
    Files.write(input, lines);
    Word2VecCorpus corpus =
        Word2VecCorpus.fromFiles(warehouse, List.of(input.toString()), 3, run("w2v-turns-read"));
    try {
      // local[2]: two task slots, so 4 partitions train two at a time, in 2 groups per slice.
      TrainWord2Vec.Result turns = TrainWord2Vec.trainOnly(warehouse, corpus, spec(input, 4, 0));
      assertThat(turns.replicas()).isEqualTo(2);
      assertThat(turns.rounds()).isEqualTo(2 * 2);
      assertThat(turns.wordsTrained()).isEqualTo(2 * turns.trainWords());
      // Told 4 replicas, all 4 start every round from the same weights: one round per epoch.
      TrainWord2Vec.Result together = TrainWord2Vec.trainOnly(warehouse, corpus, spec(input, 4, 4));
      assertThat(together.replicas()).isEqualTo(4);
      assertThat(together.rounds()).isEqualTo(2);
      assertThat(together.wordsTrained()).isEqualTo(turns.wordsTrained());
    } finally {
      corpus.sentences().unpersist();
    }
  }

  @Test
  void aGroupRunsOnlyItsOwnPartitions() {
    JavaRDD<Integer> eight =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), 8);
    JavaRDD<Integer> group = TrainWord2Vec.inGroup(eight, 1, 4);
    // Partitions 1 and 5 of 8, renumbered 0 and 1: one task each, none for the other groups.
    assertThat(group.getNumPartitions()).isEqualTo(2);
    assertThat(group.glom().collect()).containsExactly(List.of(2, 3), List.of(10, 11));
  }

  @Test
  void aShortRunStillGetsFiveRoundsByDefault() {
    // One slice per two replicas, as long as the whole run has 5 rounds.
    assertThat(TrainWord2Vec.defaultRoundsPerEpoch(2, 5, 1, true)).isEqualTo(1);
    assertThat(TrainWord2Vec.defaultRoundsPerEpoch(4, 5, 1, true)).isEqualTo(2);
    // Past 4 workers at once, P²/8: their P-fold rate diverges over longer slices.
    assertThat(TrainWord2Vec.defaultRoundsPerEpoch(8, 5, 1, true)).isEqualTo(8);
    assertThat(TrainWord2Vec.defaultRoundsPerEpoch(16, 5, 1, true)).isEqualTo(32);
    // Skip-gram, about a window's more updates per word: P²/4.
    assertThat(TrainWord2Vec.defaultRoundsPerEpoch(2, 5, 1, false)).isEqualTo(1);
    assertThat(TrainWord2Vec.defaultRoundsPerEpoch(4, 5, 1, false)).isEqualTo(4);
    assertThat(TrainWord2Vec.defaultRoundsPerEpoch(8, 5, 1, false)).isEqualTo(16);
    assertThat(TrainWord2Vec.defaultRoundsPerEpoch(2, 1, 1, true)).isEqualTo(5);
    assertThat(TrainWord2Vec.defaultRoundsPerEpoch(2, 2, 1, true)).isEqualTo(3);
    // Groups taking turns are rounds too: 4 groups x 2 slices >= 5.
    assertThat(TrainWord2Vec.defaultRoundsPerEpoch(2, 1, 4, true)).isEqualTo(2);
  }

  @Test
  void atMostFourWorkersAtOnceByDefaultAndThreadsFillTheCores() {
    // local[2]: 2 workers of 1 thread, as before.
    assertThat(TrainWord2Vec.layout(2, 1, 0, true, 0, 0, 0, 4))
        .isEqualTo(new TrainWord2Vec.Layout(1, 2, 2, false));
    // local[8] or local[16]: 4 workers, the rest of the cores as their threads.
    assertThat(TrainWord2Vec.layout(8, 1, 0, true, 0, 0, 0, 4))
        .isEqualTo(new TrainWord2Vec.Layout(2, 4, 4, false));
    assertThat(TrainWord2Vec.layout(16, 1, 0, true, 0, 0, 0, 4))
        .isEqualTo(new TrainWord2Vec.Layout(4, 4, 4, false));
    // More partitions than workers take turns; told the replicas, threads fill what is left.
    assertThat(TrainWord2Vec.layout(2, 1, 0, true, 0, 0, 8, 4))
        .isEqualTo(new TrainWord2Vec.Layout(1, 2, 8, false));
    assertThat(TrainWord2Vec.layout(8, 1, 0, true, 0, 8, 0, 4))
        .isEqualTo(new TrainWord2Vec.Layout(1, 8, 8, false));
    assertThat(TrainWord2Vec.layout(8, 1, 0, true, 2, 0, 0, 4))
        .isEqualTo(new TrainWord2Vec.Layout(2, 4, 4, false));
    // A cluster of 4 executors x 4 cores: one worker per executor, its cores reserved per task.
    assertThat(TrainWord2Vec.layout(16, 1, 4, false, 0, 0, 0, 4))
        .isEqualTo(new TrainWord2Vec.Layout(4, 4, 4, true));
    // 8 executors x 2 cores: threads stop at one executor's cores.
    assertThat(TrainWord2Vec.layout(16, 1, 2, false, 0, 0, 0, 4))
        .isEqualTo(new TrainWord2Vec.Layout(2, 4, 4, true));
    // Executors' cores unknown: one thread per task, nothing reserved.
    assertThat(TrainWord2Vec.layout(16, 1, 0, false, 0, 0, 0, 4))
        .isEqualTo(new TrainWord2Vec.Layout(1, 4, 4, false));
    // spark.task.cpus=4 already gives each task 4 cores.
    assertThat(TrainWord2Vec.layout(16, 4, 4, false, 0, 0, 0, 4))
        .isEqualTo(new TrainWord2Vec.Layout(4, 4, 4, false));
    // Hierarchical softmax: one worker with every core, or one executor's.
    assertThat(TrainWord2Vec.layout(8, 1, 0, true, 0, 0, 0, 1))
        .isEqualTo(new TrainWord2Vec.Layout(8, 1, 1, false));
    assertThat(TrainWord2Vec.layout(16, 1, 4, false, 0, 0, 0, 1))
        .isEqualTo(new TrainWord2Vec.Layout(4, 1, 1, true));
    // The integration test's cluster: 2 executors x 1 core.
    assertThat(TrainWord2Vec.layout(2, 1, 1, false, 0, 0, 4, 4))
        .isEqualTo(new TrainWord2Vec.Layout(1, 2, 4, false));
  }

  private static TrainWord2Vec.Spec spec(Path input, int partitions, int replicas) {
    return new TrainWord2Vec.Spec(
        null,
        List.of(input.toString()),
        params(2),
        1,
        partitions,
        1,
        replicas,
        Combine.AVERAGE,
        "unused",
        VectorsFile.Format.BINARY,
        "w2v-turns");
  }

  @Test
  void trainsOnATokenizedCorpusWithItsVocabulary() throws IOException {
    Path input = tmp.resolve("tok.txt");
    Files.write(input, lines.subList(0, 600));
    TokenizeCorpus.run(
        warehouse,
        new TokenizeCorpus.Spec(List.of(input.toString()), "w2v-tok", false, 0, 1),
        new RunContext("w2v-tokenize", "tokenize", List.of(), "cafe", "test"));
    Word2VecCorpus corpus = Word2VecCorpus.fromTable(warehouse, "w2v-tok", 3);
    try {
      long expected =
          spark
              .table(TokenizeCorpus.VOCABULARY)
              .where(
                  col("corpus").equalTo("w2v-tok").and(col("id").geq(4)).and(col("count").geq(3)))
              .count();
      assertThat(corpus.vocab().size()).isEqualTo(expected);
      assertThat(corpus.vocab().word(0)).isEqualTo("the");
      long words = corpus.sentences().map(s -> (long) s.length).reduce(Long::sum);
      assertThat(words).isEqualTo(corpus.vocab().trainWords());
      assertThat(corpus.counts().read()).isEqualTo(600);
    } finally {
      corpus.sentences().unpersist();
    }
    assertThatThrownBy(() -> Word2VecCorpus.fromTable(warehouse, "no-such-corpus", 5))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("corpus 'no-such-corpus' not found")
        .hasMessageContaining("bin/dlpipe tokenize");
  }
}
