package dev.dlpipe.bench;

import dev.dlpipe.engines.text.WordTokenizer;
import dev.dlpipe.models.text.LanguageModels;
import dev.dlpipe.models.text.LmBatches;
import dev.dlpipe.models.text.LmConfig;
import dev.dlpipe.models.text.TokenLoss;
import dev.dlpipe.pipelines.ml.BucketedBatches;
import dev.dlpipe.pipelines.ml.NativeThreads;
import dev.dlpipe.pipelines.ml.ParameterAveragingTrainer;
import dev.dlpipe.pipelines.ml.RoundStats;
import dev.dlpipe.pipelines.ml.TrainingPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * {@code bench/run train [LINES] [EPOCHS]}: examples/s of an LSTM language model trained by
 * parameter averaging on Spark local[2] (2 workers, averaging every 5 minibatches of 32), against
 * the baseline measured in the same run: plain DL4J {@code fit} in one JVM on the same minibatches
 * in the same order. Both end with the held-out loss per token, so speed is compared at quality.
 */
final class TrainBenchmark {
  private static final int BATCH = 32;

  private TrainBenchmark() {}

  static void run(Path text, int lines, int epochs, Path work) throws IOException {
    List<String> all = Files.readAllLines(text, StandardCharsets.UTF_8);
    all = all.subList(0, Math.min(lines, all.size()));
    WordTokenizer tok = new WordTokenizer(true);
    Map<String, Integer> counts = new HashMap<>();
    List<List<String>> tokens = new ArrayList<>();
    for (String l : all) {
      List<String> t = tok.tokenize(l);
      tokens.add(t);
      t.forEach(w -> counts.merge(w, 1, Integer::sum));
    }
    List<String> words = new ArrayList<>(counts.keySet());
    words.sort(
        (a, b) ->
            counts.get(b).equals(counts.get(a)) ? a.compareTo(b) : counts.get(b) - counts.get(a));
    int vocab = Math.min(words.size(), 5000) + 4;
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i + 4 < vocab; i++) {
      ids.put(words.get(i), i + 4);
    }
    List<int[]> train = new ArrayList<>();
    List<int[]> held = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      List<String> t = tokens.get(i);
      int[] s = new int[Math.min(t.size(), 40)];
      for (int j = 0; j < s.length; j++) {
        s[j] = ids.getOrDefault(t.get(j), 1);
      }
      if (s.length > 0) {
        (i % 20 == 0 ? held : train).add(s);
      }
    }
    LmConfig config = new LmConfig(LmConfig.Kind.LSTM, vocab, 128, 128, 1, 0.0, 2e-3, 1.0, 7);
    System.out.printf(
        Locale.ROOT,
        "LSTM LM: %,d training sentences, %,d held out, vocabulary %,d, embedding/hidden 128,"
            + " batch %d, %d epochs%n",
        train.size(),
        held.size(),
        vocab,
        BATCH,
        epochs);

    // Baseline: one JVM, plain fit, ND4J's pools sized for the whole machine.
    NativeThreads.set(Runtime.getRuntime().availableProcessors());
    ComputationGraph plain = LanguageModels.build(config);
    long t0 = System.nanoTime();
    long examples = 0;
    for (int e = 1; e <= epochs; e++) {
      for (List<int[]> b : BucketedBatches.epoch(train, x -> x.length, BATCH, 7, e)) {
        plain.fit(LmBatches.of(b, config.kind()));
        examples += b.size();
      }
    }
    double plainSeconds = (System.nanoTime() - t0) / 1e9;
    double plainLoss = heldOut(plain, held, config);

    Files.createDirectories(work);
    SparkSession spark =
        SparkSession.builder()
            .appName("dlpipe-bench-train")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    // ParameterAveragingTrainer sizes ND4J's pools for the tasks (NativeThreads.forTasks).
    double sparkSeconds;
    double sparkLoss;
    List<RoundStats> rounds;
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      ComputationGraph net = LanguageModels.build(config);
      long t1 = System.nanoTime();
      rounds =
          new ParameterAveragingTrainer(sc, new TrainingPlan(2, BATCH, 5, epochs, 7))
              .train(
                  net,
                  1,
                  e -> {
                    List<MultiDataSet> out = new ArrayList<>();
                    for (List<int[]> b : BucketedBatches.epoch(train, x -> x.length, BATCH, 7, e)) {
                      out.add(LmBatches.of(b, config.kind()));
                    }
                    return out;
                  },
                  (e, n, r) -> {});
      sparkSeconds = (System.nanoTime() - t1) / 1e9;
      sparkLoss = heldOut(net, held, config);
    } finally {
      spark.stop();
    }
    long fit = rounds.stream().mapToLong(RoundStats::fitMillis).sum();
    long avg = rounds.stream().mapToLong(RoundStats::averagingMillis).sum();
    long bc = rounds.stream().mapToLong(RoundStats::broadcastMillis).sum();
    long total = rounds.stream().mapToLong(RoundStats::roundMillis).sum();
    System.out.printf(
        Locale.ROOT,
        "plain DL4J fit, 1 JVM:            %8.1f examples/s  (%.1f s)  held-out loss %.4f/token%n",
        examples / plainSeconds,
        plainSeconds,
        plainLoss);
    System.out.printf(
        Locale.ROOT,
        "parameter averaging, local[2]:    %8.1f examples/s  (%.1f s)  held-out loss %.4f/token%n",
        examples / sparkSeconds,
        sparkSeconds,
        sparkLoss);
    System.out.printf(
        Locale.ROOT, "ratio (averaging / plain):        %8.2fx%n", plainSeconds / sparkSeconds);
    System.out.printf(
        Locale.ROOT,
        "%d rounds: slowest-worker fit %.1f s, averaging %.1f s, broadcast %.1f s, other %.1f s%n",
        rounds.size(),
        fit / 1e3,
        avg / 1e3,
        bc / 1e3,
        (total - fit - avg - bc) / 1e3);
  }

  private static double heldOut(ComputationGraph net, List<int[]> held, LmConfig config) {
    TokenLoss sum = TokenLoss.ZERO;
    for (List<int[]> b : BucketedBatches.inOrder(held, x -> x.length, 64)) {
      sum = sum.plus(LanguageModels.loss(net, LmBatches.of(b, config.kind())));
    }
    return sum.mean();
  }
}
