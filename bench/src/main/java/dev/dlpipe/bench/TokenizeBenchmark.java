package dev.dlpipe.bench;

import static org.apache.spark.sql.functions.col;

import dev.dlpipe.pipelines.Sessions;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import dev.dlpipe.pipelines.text.TokenizeCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Whole-job benchmark: dlpipe's {@code tokenize} pipeline against the usual Spark MLlib way to do
 * the same (read text, {@link RegexTokenizer}, {@link CountVectorizer} fitted and applied, result
 * written as Parquet), on the same input in the same {@code local[N]} session, one after the other.
 * Each side runs once to warm up the JVM and Spark, then {@code repeats} times; the best time
 * counts.
 *
 * <p>The two do not do identical work, and the report says so: dlpipe also validates UTF-8 line by
 * line, numbers lines exactly, segments by UAX #29 (MLlib: one regex), writes three Iceberg tables
 * with atomic commits and reconciles counts; MLlib writes one Parquet dataset of sparse count
 * vectors.
 */
public final class TokenizeBenchmark {
  private TokenizeBenchmark() {}

  /** Runs the benchmark on {@code inputs} and prints the report. */
  public static void run(List<String> inputs, String master, int repeats, Path work)
      throws IOException {
    Files.createDirectories(work);
    Path warehouse = Files.createTempDirectory(work, "bench-warehouse-");
    SparkSession spark =
        Sessions.create(
            "dlpipe-bench-tokenize",
            warehouse.toUri().toString(),
            Map.of(
                "spark.master", master,
                "spark.ui.enabled", "false",
                "spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1",
                "spark.sql.shuffle.partitions", "8"));
    spark.sparkContext().setLogLevel("WARN");
    try {
      Warehouse wh = new Warehouse(spark);
      long[] dlpipe = new long[repeats + 1];
      long[] mllib = new long[repeats + 1];
      TokenizeCorpus.Result result = null;
      long mllibTokens = 0;
      for (int i = 0; i <= repeats; i++) {
        long t0 = System.nanoTime();
        result =
            TokenizeCorpus.run(
                wh,
                new TokenizeCorpus.Spec(inputs, "bench", true, 0, 1),
                new RunContext("bench-" + i, "tokenize", inputs, "bench", "bench"));
        dlpipe[i] = System.nanoTime() - t0;

        t0 = System.nanoTime();
        mllibTokens = mllib(spark, inputs, work.resolve("mllib-" + i));
        mllib[i] = System.nanoTime() - t0;
        System.out.printf(
            "  %s: dlpipe %.2f s, mllib %.2f s%n",
            i == 0 ? "warm-up" : "run " + i, dlpipe[i] / 1e9, mllib[i] / 1e9);
      }
      long bestDlpipe = best(dlpipe);
      long bestMllib = best(mllib);
      long lines = result.counts().read();
      System.out.println();
      System.out.printf(
          "tokenize benchmark (%s, %d file(s), %,d lines, best of %d)%n",
          master, result.files(), lines, repeats);
      System.out.printf(
          "  dlpipe tokenize            %7.2f s  %,12.0f lines/s  %,12.0f tokens/s  (%,d tokens, vocabulary %,d)%n",
          bestDlpipe / 1e9,
          lines / (bestDlpipe / 1e9),
          result.tokens() / (bestDlpipe / 1e9),
          result.tokens(),
          result.vocabularySize());
      System.out.printf(
          "  MLlib RegexTokenizer+CV    %7.2f s  %,12.0f lines/s  %,12.0f tokens/s  (%,d tokens)%n",
          bestMllib / 1e9, lines / (bestMllib / 1e9), mllibTokens / (bestMllib / 1e9), mllibTokens);
      System.out.printf(
          "  ratio (MLlib time / dlpipe time): %.2fx%n", (double) bestMllib / bestDlpipe);
    } finally {
      spark.stop();
      Bench.deleteTree(warehouse);
    }
  }

  private static long best(long[] times) {
    long best = Long.MAX_VALUE;
    for (int i = 1; i < times.length; i++) {
      best = Math.min(best, times[i]);
    }
    return best;
  }

  /**
   * MLlib's way: tokenize with a regex, fit a CountVectorizer, transform, write Parquet; returns
   * tokens.
   */
  private static long mllib(SparkSession spark, List<String> inputs, Path out) {
    Dataset<Row> text = spark.read().text(inputs.toArray(new String[0]));
    Dataset<Row> words =
        new RegexTokenizer()
            .setInputCol("value")
            .setOutputCol("words")
            .setPattern("\\W+")
            .setToLowercase(true)
            .transform(text)
            .cache();
    CountVectorizerModel model =
        new CountVectorizer().setInputCol("words").setOutputCol("counts").setMinDF(1).fit(words);
    model.transform(words).select(col("counts")).write().mode("overwrite").parquet(out.toString());
    long tokens = words.selectExpr("sum(size(words))").first().getLong(0);
    words.unpersist();
    return tokens;
  }
}
