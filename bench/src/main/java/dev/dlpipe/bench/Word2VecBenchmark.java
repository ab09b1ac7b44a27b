package dev.dlpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlpipe.engines.embeddings.AnalogyEvaluator;
import dev.dlpipe.engines.embeddings.AnalogyQuestions;
import dev.dlpipe.engines.embeddings.AnalogyStats;
import dev.dlpipe.engines.embeddings.Combine;
import dev.dlpipe.engines.embeddings.FloatRows;
import dev.dlpipe.engines.embeddings.VectorsFile;
import dev.dlpipe.engines.embeddings.Word2VecParams;
import dev.dlpipe.engines.embeddings.WordSimilarity;
import dev.dlpipe.engines.embeddings.WordVectors;
import dev.dlpipe.pipelines.Sessions;
import dev.dlpipe.pipelines.embeddings.TrainWord2Vec;
import dev.dlpipe.pipelines.embeddings.Word2VecCorpus;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.feature.Word2VecModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Word2Vec benchmark: dlpipe's {@code word2vec} training against Spark MLlib's {@code Word2Vec} and
 * gensim ({@code corpus_file} mode, run as a separate Python process when {@code /usr/bin/python3}
 * has gensim) on the same corpus (word2vec.c's reference corpus by default), at the same
 * hyperparameters, learning rate included. Every vectors file is scored by the same code as {@code
 * word2vec-eval}: analogies as word2vec.c's compute-accuracy counts them (top 30,000 words) and
 * WordSim-353 Spearman. word2vec.c's own run on this machine type is in {@code expected.json} and
 * printed beside them.
 *
 * <p>Rows: dlpipe CBOW at each partition count (1 partition = 2 Hogwild threads; more = 1 thread
 * each, {@code local[2]}), gensim CBOW (2 workers), both on one thread ({@code cbow-1thread},
 * {@code gensim-cbow-1worker}: gensim's learning rate with more than one {@code corpus_file} worker
 * falls in a saw-tooth, each worker counting only its own share of the epoch, so only one worker
 * follows the same schedule as dlpipe and word2vec.c), dlpipe and gensim skip-gram, and MLlib's
 * only model (skip-gram with hierarchical softmax, no subsampling) against dlpipe with the same
 * settings. In local mode MLlib's partitions are not independent: a broadcast value is the driver's
 * own object, so both tasks update the same arrays, as Hogwild threads would; on a cluster each
 * executor trains its own copy and MLlib averages them. Words/s counts in-vocabulary words before
 * subsampling, all epochs, as word2vec.c reports them.
 */
public final class Word2VecBenchmark {
  private Word2VecBenchmark() {}

  /** Options of one benchmark run. */
  public record Options(
      Path corpus,
      Path data,
      String master,
      List<Integer> partitions,
      List<Combine> combines,
      int roundsPerEpoch,
      int replicas,
      int iter,
      List<String> parts,
      List<Long> seeds,
      List<Double> initRanges,
      List<Double> minAlphaRatios,
      Path work) {}

  /** One trained model's figures; {@code seed} -1 where the tool chose its own (MLlib). */
  private record Row1(
      String tool,
      String setting,
      long seed,
      double seconds,
      double cpuSeconds,
      long words,
      int cores,
      AnalogyStats analogy,
      WordSimilarity.Result sim) {}

  /** CPU time of this JVM, all threads, in seconds. */
  static double cpu() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  /** Runs the benchmark and prints the report. */
  public static void run(Options o) throws Exception {
    Files.createDirectories(o.work());
    Path warehouse = Files.createTempDirectory(o.work(), "bench-warehouse-");
    SparkSession spark =
        Sessions.create(
            "dlpipe-bench-word2vec",
            warehouse.toUri().toString(),
            Map.of(
                "spark.master", o.master(),
                "spark.ui.enabled", "false",
                "spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1",
                "spark.sql.shuffle.partitions", "2"));
    spark.sparkContext().setLogLevel("WARN");
    AnalogyQuestions questions =
        AnalogyQuestions.parse(Files.readString(o.data().resolve("questions-words.txt")));
    String wordsim = Files.readString(o.data().resolve("wordsim353.tsv"));
    List<Row1> rows = new ArrayList<>();
    try {
      Warehouse wh = new Warehouse(spark);
      boolean dlpipe =
          o.parts().contains("cbow")
              || o.parts().contains("cbow-1thread")
              || o.parts().contains("skipgram")
              || o.parts().contains("mllib");
      Word2VecCorpus corpus = null;
      if (dlpipe) {
        long t0 = System.nanoTime();
        corpus =
            Word2VecCorpus.fromFiles(
                wh,
                List.of(o.corpus().toString()),
                5,
                new RunContext("bench", "word2vec", List.of(), "bench", "bench"));
        System.out.printf(
            "corpus read and counted in %.1f s: vocabulary %,d, %,d words per epoch%n",
            (System.nanoTime() - t0) / 1e9, corpus.vocab().size(), corpus.vocab().trainWords());
      }
      if (o.parts().contains("cbow")) {
        for (int p : o.partitions()) {
          for (Combine c : p == 1 ? o.combines().subList(0, 1) : o.combines()) {
            dlpipeCbow(
                wh, corpus, o, p, p == 1 ? 2 : 1, c, o.initRanges(), questions, wordsim, rows);
          }
        }
      }
      if (o.parts().contains("gensim-cbow")) {
        gensimCbow(o, 2, questions, wordsim, rows);
      }
      if (o.parts().contains("cbow-1thread")) {
        dlpipeCbow(
            wh,
            corpus,
            o,
            1,
            1,
            o.combines().get(0),
            o.initRanges().subList(0, 1),
            questions,
            wordsim,
            rows);
      }
      if (o.parts().contains("gensim-cbow-1worker")) {
        gensimCbow(o, 1, questions, wordsim, rows);
      }
      if (o.parts().contains("skipgram")) {
        rows.add(
            dlpipe(
                wh,
                corpus,
                o,
                false,
                2,
                1,
                o.combines().get(0),
                o.initRanges().get(0),
                o.minAlphaRatios().get(0),
                o.seeds().get(0),
                questions,
                wordsim));
      }
      if (o.parts().contains("gensim-skipgram")) {
        gensim(o, false, 2, o.minAlphaRatios().get(0), o.seeds().get(0), questions, wordsim, rows);
      }
      if (o.parts().contains("mllib")) {
        rows.add(dlpipeLikeMllib(wh, corpus, o, questions, wordsim));
        rows.add(mllib(spark, o, questions, wordsim));
      }
      if (corpus != null) {
        corpus.sentences().unpersist();
      }
    } finally {
      spark.stop();
      Bench.deleteTree(warehouse);
    }
    report(o, rows);
  }

  /** dlpipe CBOW once per initial range, final rate and seed. */
  private static void dlpipeCbow(
      Warehouse wh,
      Word2VecCorpus corpus,
      Options o,
      int partitions,
      int threads,
      Combine combine,
      List<Double> initRanges,
      AnalogyQuestions questions,
      String wordsim,
      List<Row1> rows) {
    for (double init : initRanges) {
      for (double end : o.minAlphaRatios()) {
        for (long seed : o.seeds()) {
          rows.add(
              dlpipe(
                  wh,
                  corpus,
                  o,
                  true,
                  partitions,
                  threads,
                  combine,
                  init,
                  end,
                  seed,
                  questions,
                  wordsim));
        }
      }
    }
  }

  /** gensim CBOW on {@code workers} workers once per final rate and seed. */
  private static void gensimCbow(
      Options o, int workers, AnalogyQuestions questions, String wordsim, List<Row1> rows)
      throws Exception {
    for (double end : o.minAlphaRatios()) {
      for (long seed : o.seeds()) {
        gensim(o, true, workers, end, seed, questions, wordsim, rows);
      }
    }
  }

  private static Row1 dlpipe(
      Warehouse wh,
      Word2VecCorpus corpus,
      Options o,
      boolean cbow,
      int partitions,
      int threads,
      Combine combine,
      double initRange,
      double minAlphaRatio,
      long seed,
      AnalogyQuestions questions,
      String wordsim) {
    double alpha = Word2VecParams.defaultAlpha(cbow);
    Word2VecParams params =
        new Word2VecParams(
            cbow,
            100,
            5,
            5,
            false,
            1e-4,
            alpha,
            alpha * minAlphaRatio,
            o.iter(),
            5,
            seed,
            initRange);
    TrainWord2Vec.Spec spec =
        new TrainWord2Vec.Spec(
            null,
            List.of(o.corpus().toString()),
            params,
            threads,
            partitions,
            o.roundsPerEpoch(),
            o.replicas(),
            combine,
            "unused",
            VectorsFile.Format.BINARY,
            "bench");
    double c0 = cpu();
    TrainWord2Vec.Result r = TrainWord2Vec.trainOnly(wh, corpus, spec);
    double cpu = cpu() - c0;
    String setting =
        (cbow ? "cbow" : "skipgram")
            + " ns5 alpha "
            + params.alpha()
            + ", "
            + partitions
            + (partitions == 1 ? " partition x " : " partitions x ")
            + threads
            + (threads == 1 ? " thread" : " threads")
            + (r.replicas() < partitions ? " (" + r.replicas() + " at once)" : "")
            + ", "
            + r.rounds()
            + " rounds, "
            + combine.optionName()
            + ", init "
            + initRange
            + minAlphaNote(params.alpha(), params.minAlpha());
    Row1 row =
        score(
            "dlpipe",
            setting,
            seed,
            r.trainSeconds(),
            cpu,
            r.wordsTrained(),
            Math.min(2, partitions * threads),
            r.vectors(),
            questions,
            wordsim);
    print(row);
    return row;
  }

  private static Row1 dlpipeLikeMllib(
      Warehouse wh, Word2VecCorpus corpus, Options o, AnalogyQuestions questions, String wordsim) {
    Word2VecParams params =
        new Word2VecParams(
            false,
            100,
            5,
            0,
            true,
            0,
            0.025,
            Word2VecParams.defaultMinAlpha(0.025),
            1,
            5,
            1,
            Word2VecParams.DEFAULT_INIT_RANGE);
    TrainWord2Vec.Spec spec =
        new TrainWord2Vec.Spec(
            null,
            List.of(o.corpus().toString()),
            params,
            1,
            2,
            o.roundsPerEpoch(),
            0,
            o.combines().get(0),
            "unused",
            VectorsFile.Format.BINARY,
            "bench");
    double c0 = cpu();
    TrainWord2Vec.Result r = TrainWord2Vec.trainOnly(wh, corpus, spec);
    double cpu = cpu() - c0;
    Row1 row =
        score(
            "dlpipe",
            "skipgram hs, no subsampling, alpha 0.025, 1 iter, 2 partitions (MLlib's settings)",
            1,
            r.trainSeconds(),
            cpu,
            r.wordsTrained(),
            2,
            r.vectors(),
            questions,
            wordsim);
    print(row);
    return row;
  }

  /**
   * MLlib's Word2Vec (skip-gram, hierarchical softmax, no subsampling) with the closest settings:
   * 100 dims, window 5, min count 5, step 0.025, 1 iteration, 2 partitions, sentences of 1,000
   * words (its maxSentenceLength).
   */
  private static Row1 mllib(
      SparkSession spark, Options o, AnalogyQuestions questions, String wordsim)
      throws IOException {
    List<Row> sentences = new ArrayList<>();
    long words = 0;
    for (String[] s : sentencesOf(o.corpus(), 1000)) {
      sentences.add(RowFactory.create((Object) s));
    }
    StructType schema =
        new StructType()
            .add("words", DataTypes.createArrayType(DataTypes.StringType, false), false);
    Dataset<Row> df = spark.createDataFrame(sentences, schema).repartition(2).cache();
    df.count();
    org.apache.spark.ml.feature.Word2Vec w2v =
        new org.apache.spark.ml.feature.Word2Vec()
            .setInputCol("words")
            .setVectorSize(100)
            .setWindowSize(5)
            .setMinCount(5)
            .setMaxIter(1)
            .setStepSize(0.025)
            .setNumPartitions(2)
            .setMaxSentenceLength(1000)
            .setSeed(1);
    long t0 = System.nanoTime();
    double c0 = cpu();
    Word2VecModel model = w2v.fit(df);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = cpu() - c0;
    List<Row> vec = model.getVectors().collectAsList();
    Map<String, Long> counts = new java.util.HashMap<>();
    for (String[] s : sentencesOf(o.corpus(), 1000)) {
      for (String w : s) {
        counts.merge(w, 1L, Long::sum);
      }
    }
    // Most frequent first, as word2vec.c writes its files (compute-accuracy reads the top N).
    vec = new ArrayList<>(vec);
    vec.sort(
        (a, b) -> {
          int c = Long.compare(counts.get(b.getString(0)), counts.get(a.getString(0)));
          return c != 0 ? c : a.getString(0).compareTo(b.getString(0));
        });
    String[] names = new String[vec.size()];
    FloatRows m = new FloatRows(vec.size(), 100);
    for (int i = 0; i < vec.size(); i++) {
      names[i] = vec.get(i).getString(0);
      words += counts.get(names[i]);
      Vector v = (Vector) vec.get(i).get(1);
      for (int c = 0; c < 100; c++) {
        m.set(i, c, (float) v.apply(c));
      }
    }
    df.unpersist();
    Row1 row =
        score(
            "Spark MLlib",
            "skipgram hs, no subsampling, step 0.025, 1 iter, 2 partitions"
                + (o.master().startsWith("local")
                    ? " (local mode: both train the same broadcast arrays)"
                    : ""),
            -1,
            seconds,
            cpu,
            words,
            2,
            new WordVectors(names, m),
            questions,
            wordsim);
    print(row);
    return row;
  }

  private static void gensim(
      Options o,
      boolean cbow,
      int workers,
      double minAlphaRatio,
      long seed,
      AnalogyQuestions questions,
      String wordsim,
      List<Row1> rows)
      throws Exception {
    Path python = Path.of("/usr/bin/python3");
    Path script =
        Path.of(System.getProperty("dlpipe.home", "."), "bench/src/main/python/word2vec_gensim.py");
    Process check =
        new ProcessBuilder(python.toString(), "-c", "import gensim")
            .redirectErrorStream(true)
            .start();
    if (!Files.isExecutable(python) || check.waitFor() != 0) {
      System.out.println(
          "gensim: skipped (apt-get install python3-gensim to include it in the comparison)");
      return;
    }
    Path lines = o.work().resolve("corpus-1000-word-lines.txt");
    if (!Files.exists(lines)) {
      try (BufferedWriter w = Files.newBufferedWriter(lines, StandardCharsets.UTF_8)) {
        for (String[] s : sentencesOf(o.corpus(), 1000)) {
          w.write(String.join(" ", s));
          w.write('\n');
        }
      }
    }
    Path out = o.work().resolve("gensim-" + (cbow ? "cbow" : "skipgram") + ".bin");
    double alpha = Word2VecParams.defaultAlpha(cbow);
    Process p =
        new ProcessBuilder(
                python.toString(),
                script.toString(),
                lines.toString(),
                out.toString(),
                cbow ? "cbow" : "skipgram",
                "100",
                "5",
                "5",
                "0",
                "1e-4",
                Double.toString(alpha),
                Integer.toString(o.iter()),
                "5",
                Integer.toString(workers),
                Long.toString(seed),
                Double.toString(alpha * minAlphaRatio))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) {
      System.out.println("gensim: failed: " + json);
      return;
    }
    JsonNode r = new ObjectMapper().readTree(json.substring(json.lastIndexOf('\n') + 1));
    WordVectors v;
    try (InputStream in = Files.newInputStream(out)) {
      v = VectorsFile.read(in, 0, out.toString());
    }
    Row1 row =
        score(
            "gensim 4.2",
            (cbow ? "cbow" : "skipgram")
                + " ns5 alpha "
                + alpha
                + ", corpus_file, "
                + workers
                + (workers == 1 ? " worker" : " workers")
                + minAlphaNote(alpha, alpha * minAlphaRatio),
            seed,
            r.get("seconds").asDouble(),
            r.get("cpu_seconds").asDouble(),
            r.get("words").asLong() * r.get("epochs").asLong(),
            workers,
            v,
            questions,
            wordsim);
    print(row);
    rows.add(row);
  }

  /** Nothing for word2vec.c's final rate (alpha * 1e-4), else {@code ", min-alpha X"}. */
  private static String minAlphaNote(double alpha, double minAlpha) {
    return Math.abs(minAlpha - Word2VecParams.defaultMinAlpha(alpha)) < 1e-12
        ? ""
        : String.format(java.util.Locale.ROOT, ", min-alpha %.3g", minAlpha);
  }

  private static List<String[]> sentencesOf(Path corpus, int length) throws IOException {
    String text;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(corpus))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] all = text.trim().split("\\s+");
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < all.length; i += length) {
      out.add(java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + length)));
    }
    return out;
  }

  private static Row1 score(
      String tool,
      String setting,
      long seed,
      double seconds,
      double cpuSeconds,
      long words,
      int cores,
      WordVectors v,
      AnalogyQuestions questions,
      String wordsim) {
    AnalogyStats a = AnalogyEvaluator.of(v, 30_000).evaluate(questions, questions.questions());
    return new Row1(
        tool,
        setting,
        seed,
        seconds,
        cpuSeconds,
        words,
        cores,
        a,
        WordSimilarity.evaluate(v, wordsim));
  }

  private static void print(Row1 r) {
    System.out.printf(
        "  %-12s %-84s %6.1f s %,10.0f words/s %,9.0f /core %,10.0f /cpu-s  analogy %4d/%,d = %5.2f%%  WS353 %.3f%n",
        r.tool(),
        r.setting() + (r.seed() >= 0 ? ", seed " + r.seed() : ""),
        r.seconds(),
        r.words() / r.seconds(),
        r.words() / r.seconds() / r.cores(),
        r.words() / r.cpuSeconds(),
        r.analogy().totalCorrect(),
        r.analogy().totalSeen(),
        100.0 * r.analogy().totalCorrect() / r.analogy().totalSeen(),
        r.sim().spearman());
    System.out.flush();
  }

  /**
   * Per setting run with several seeds: the analogy counts' mean, min and max, and the mean speed.
   * One corpus of 3.4M words gives analogy counts that move by tens with the seed alone, so a
   * difference between two settings means little until it is larger than this spread.
   */
  private static void spread(List<Row1> rows) {
    Map<String, List<Row1>> bySetting = new java.util.LinkedHashMap<>();
    for (Row1 r : rows) {
      bySetting.computeIfAbsent(r.tool() + "|" + r.setting(), k -> new ArrayList<>()).add(r);
    }
    System.out.println();
    System.out.println(
        "over seeds (analogies correct of 10,508: mean [min, max]; mean words/cpu-s)");
    for (List<Row1> g : bySetting.values()) {
      if (g.size() < 2) {
        continue;
      }
      double mean = g.stream().mapToLong(r -> r.analogy().totalCorrect()).average().orElse(0);
      long min = g.stream().mapToLong(r -> r.analogy().totalCorrect()).min().orElse(0);
      long max = g.stream().mapToLong(r -> r.analogy().totalCorrect()).max().orElse(0);
      double speed = g.stream().mapToDouble(r -> r.words() / r.cpuSeconds()).average().orElse(0);
      System.out.printf(
          "  %-12s %-84s %d seeds  analogy %5.1f [%d, %d]  %,10.0f /cpu-s%n",
          g.get(0).tool(), g.get(0).setting(), g.size(), mean, min, max, speed);
    }
  }

  private static void report(Options o, List<Row1> rows) throws IOException {
    JsonNode expected = new ObjectMapper().readTree(o.data().resolve("expected.json").toFile());
    System.out.println();
    System.out.println(
        "word2vec benchmark ("
            + o.master()
            + ", "
            + o.iter()
            + " iterations, 100 dims, window 5, min-count 5; one run per seed, timings on a shared"
            + " machine are noisy: /cpu-s = words per CPU-second of the whole process, the fairer"
            + " figure on a loaded machine)");
    for (Row1 r : rows) {
      print(r);
    }
    if (o.seeds().size() > 1) {
      spread(rows);
    }
    for (String model : List.of("cbow", "skipgram")) {
      JsonNode run = expected.at("/runs/" + model);
      System.out.printf(
          "  %-12s %-84s %8s %,10.0f words/s %,9.0f /core %17s  analogy %4d/%,d = %5.2f%%  WS353 %.3f  (reference run, expected.json)%n",
          "word2vec.c",
          model + " ns5 alpha " + Word2VecParams.defaultAlpha(model.equals("cbow")) + ", 2 threads",
          run.get("wall_clock").asText().replaceAll(" .*", ""),
          run.get("words_per_thread_per_sec_final").asDouble() * 2,
          run.get("words_per_thread_per_sec_final").asDouble(),
          "",
          run.at("/gensim_4.2_eval/analogy_correct").asInt(),
          run.at("/compute_accuracy_30000/questions_seen").asInt(),
          run.at("/compute_accuracy_30000/total_pct").asDouble(),
          run.at("/gensim_4.2_eval/wordsim353_spearman").asDouble());
    }
  }
}
