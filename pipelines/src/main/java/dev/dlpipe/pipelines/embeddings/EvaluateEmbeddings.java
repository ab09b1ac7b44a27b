package dev.dlpipe.pipelines.embeddings;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.embeddings.AnalogyEvaluator;
import dev.dlpipe.engines.embeddings.AnalogyQuestions;
import dev.dlpipe.engines.embeddings.AnalogyStats;
import dev.dlpipe.engines.embeddings.VectorsFile;
import dev.dlpipe.engines.embeddings.WordSimilarity;
import dev.dlpipe.engines.embeddings.WordVectors;
import dev.dlpipe.pipelines.io.TextLines;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The {@code word2vec-eval} pipeline: analogy accuracy (word2vec.c's compute-accuracy) and
 * word-pair similarity (gensim's evaluate_word_pairs) of a vectors file. The analogy questions are
 * spread over Spark tasks, each answering its share against the broadcast unit vectors and
 * returning counts per section ({@link AnalogyStats}); the counts are summed and the accuracy
 * formula runs once on the sums. Every value goes to {@code dlpipe.metrics.embeddings}.
 */
public final class EvaluateEmbeddings {
  public static final String TABLE = "dlpipe.metrics.embeddings";

  /** The signature stored with analogy values. */
  public static String analogySignature(int restrict) {
    return "compute-accuracy|restrict:"
        + restrict
        + "|case:upper-ascii|ref:tmikolov/word2vec@20c129a compute-accuracy.c";
  }

  /** The signature stored with similarity values. */
  public static final String SIMILARITY_SIGNATURE =
      "evaluate_word_pairs|restrict:"
          + WordSimilarity.RESTRICT
          + "|case:upper|oov:skip|ref:gensim 4.2 KeyedVectors.evaluate_word_pairs";

  private EvaluateEmbeddings() {}

  /**
   * What to evaluate.
   *
   * @param vectors the vectors file (any Hadoop filesystem)
   * @param analogies questions file, or null
   * @param similarity word-pair files
   * @param restrict analogies use the first this many words (0 = all)
   */
  public record Spec(String vectors, String analogies, List<String> similarity, int restrict) {
    public Spec {
      similarity = similarity == null ? List.of() : List.copyOf(similarity);
      if (analogies == null && similarity.isEmpty()) {
        throw UserError.of(
            "nothing to evaluate",
            "neither an analogy file nor a word-pair file was given",
            "pass --analogies questions-words.txt and/or --similarity wordsim353.tsv");
      }
      if (restrict < 0) {
        throw UserError.of(
            "--restrict " + restrict + " is negative",
            "it is a number of words",
            "pass 0 (all words) or e.g. 30000");
      }
    }
  }

  /**
   * The results.
   *
   * @param vectorsUri the file, qualified
   * @param words words in the file
   * @param dim vector size
   * @param analogy analogy counts, or null
   * @param similarity per pair file (qualified URI), its result
   */
  public record Result(
      String vectorsUri,
      int words,
      int dim,
      AnalogyStats analogy,
      Map<String, WordSimilarity.Result> similarity) {}

  /** Evaluates and writes the rows; see the class documentation. */
  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    SparkSession spark = warehouse.spark();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String vectorsUri = qualified(conf, spec.vectors());
    // Similarity looks at gensim's first 300,000 words; analogies at the first `restrict`.
    int limit =
        spec.similarity().isEmpty()
            ? spec.restrict()
            : spec.restrict() == 0 ? 0 : Math.max(spec.restrict(), WordSimilarity.RESTRICT);
    spark.sparkContext().setJobDescription("word2vec-eval: read " + vectorsUri);
    WordVectors vectors = readVectors(conf, spec.vectors(), limit);
    List<Row> rows = new ArrayList<>();
    Timestamp now = Timestamp.from(Instant.now());
    AnalogyStats stats = null;
    if (spec.analogies() != null) {
      String questionsUri = qualified(conf, spec.analogies());
      AnalogyQuestions questions =
          AnalogyQuestions.parse(String.join("\n", TextLines.read(conf, spec.analogies())));
      spark.sparkContext().setJobDescription("word2vec-eval: analogies");
      stats = analogies(spark, vectors, questions, spec.restrict());
      String sig = analogySignature(spec.restrict());
      for (int s = 0; s < stats.sections().size(); s++) {
        if (s == 0 && stats.questions(0) == 0) {
          continue;
        }
        rows.add(
            analogyRow(
                run,
                vectorsUri,
                questionsUri,
                s == 0 ? ":unnamed" : stats.sections().get(s),
                stats.correct(s),
                stats.seen(s),
                stats.questions(s),
                sig,
                now));
      }
      rows.add(
          analogyRow(
              run,
              vectorsUri,
              questionsUri,
              ":total",
              stats.totalCorrect(),
              stats.totalSeen(),
              stats.totalQuestions(),
              sig,
              now));
      long semanticQuestions = 0;
      for (int s = 0; s < stats.sections().size(); s++) {
        semanticQuestions += s <= AnalogyQuestions.SEMANTIC_SECTIONS ? stats.questions(s) : 0;
      }
      rows.add(
          analogyRow(
              run,
              vectorsUri,
              questionsUri,
              ":semantic",
              stats.semanticCorrect(),
              stats.semanticSeen(),
              semanticQuestions,
              sig,
              now));
      rows.add(
          analogyRow(
              run,
              vectorsUri,
              questionsUri,
              ":syntactic",
              stats.syntacticCorrect(),
              stats.syntacticSeen(),
              stats.totalQuestions() - semanticQuestions,
              sig,
              now));
    }
    Map<String, WordSimilarity.Result> sims = new LinkedHashMap<>();
    for (String file : spec.similarity()) {
      String uri = qualified(conf, file);
      WordSimilarity.Result r =
          WordSimilarity.evaluate(vectors, String.join("\n", TextLines.read(conf, file)));
      sims.put(uri, r);
      for (String metric : List.of("spearman", "pearson")) {
        double v = metric.equals("spearman") ? r.spearman() : r.pearson();
        rows.add(
            RowFactory.create(
                run.runId(),
                vectorsUri,
                "similarity",
                uri,
                ":all",
                metric,
                Double.isNaN(v) ? null : v,
                null,
                r.pairs(),
                r.pairs() + r.oov(),
                SIMILARITY_SIGNATURE,
                now));
      }
    }
    spark.sparkContext().setJobDescription("word2vec-eval: write " + TABLE);
    TableSchema schema = TableSchema.of(TABLE);
    warehouse.replace(
        schema,
        spark.createDataFrame(rows, schema.sparkType()),
        functions.col("run_id").equalTo(run.runId()));
    spark.sparkContext().setJobDescription(null);
    return new Result(vectorsUri, vectors.size(), vectors.dim(), stats, sims);
  }

  private static Row analogyRow(
      RunContext run,
      String vectors,
      String dataset,
      String section,
      long correct,
      long seen,
      long total,
      String signature,
      Timestamp now) {
    return RowFactory.create(
        run.runId(),
        vectors,
        "analogy",
        dataset,
        section,
        "accuracy",
        seen == 0 ? null : AnalogyStats.accuracy(correct, seen),
        correct,
        seen,
        total,
        signature,
        now);
  }

  /** compute-accuracy's counts, the questions spread over Spark tasks. */
  static AnalogyStats analogies(
      SparkSession spark, WordVectors vectors, AnalogyQuestions questions, int restrict) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<AnalogyEvaluator> evaluator = jsc.broadcast(AnalogyEvaluator.of(vectors, restrict));
    Broadcast<AnalogyQuestions> all = jsc.broadcast(questions);
    int n = questions.questions().size();
    if (n == 0) {
      return new AnalogyStats(questions.sections());
    }
    // Chunks of consecutive questions (index ranges), a few per core.
    int chunks = Math.max(1, Math.min(n / 256 + 1, jsc.defaultParallelism() * 4));
    List<int[]> ranges = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      ranges.add(new int[] {(int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks)});
    }
    try {
      return jsc.parallelize(ranges, chunks)
          .map(
              r ->
                  evaluator
                      .value()
                      .evaluate(all.value(), all.value().questions().subList(r[0], r[1])))
          .reduce(AnalogyStats::add);
    } finally {
      evaluator.destroy();
      all.destroy();
    }
  }

  /** Reads a vectors file from any Hadoop filesystem ({@code limit} > 0: the first words only). */
  public static WordVectors readVectors(Configuration conf, String uri, int limit) {
    Path p = new Path(uri);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw UserError.of(
            "vectors file " + uri + " not found",
            "no such file on its filesystem",
            "check the path (bin/dlpipe word2vec --output writes one)");
      }
      try (InputStream in = fs.open(p)) {
        return VectorsFile.read(in, limit, uri);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri, e);
    }
  }

  private static String qualified(Configuration conf, String uri) {
    try {
      Path p = new Path(uri);
      return p.getFileSystem(conf).makeQualified(p).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
