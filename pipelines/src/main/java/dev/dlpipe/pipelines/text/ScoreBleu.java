package dev.dlpipe.pipelines.text;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.bleu.Bleu;
import dev.dlpipe.engines.bleu.BleuScore;
import dev.dlpipe.engines.bleu.BleuStats;
import dev.dlpipe.engines.bleu.PyText;
import dev.dlpipe.pipelines.io.TextLines;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code bleu} pipeline: corpus BLEU of a hypothesis file against reference files, identical to
 * sacreBLEU's command line. Files are read as sacreBLEU reads them (lines split at '\n', trailing
 * white space removed). Segment statistics are computed on Spark and summed over partitions; BLEU's
 * formula runs once on the sum ({@link Bleu#score}). The result is upserted into {@code
 * dlpipe.metrics.bleu}.
 */
public final class ScoreBleu {
  public static final String TABLE = "dlpipe.metrics.bleu";

  private ScoreBleu() {}

  /**
   * What was scored and how.
   *
   * @param hypothesis the system output file
   * @param references reference files, line-aligned with it
   * @param options BLEU's options
   */
  public record Spec(String hypothesis, List<String> references, Bleu.Options options) {
    public Spec {
      references = List.copyOf(references);
      if (references.isEmpty()) {
        throw UserError.of("no reference file", "BLEU needs at least one", "pass --ref FILE");
      }
    }
  }

  /** The score, the segments, and the files as resolved URIs. */
  public record Result(
      BleuScore score,
      BleuStats stats,
      long segments,
      String hypothesis,
      List<String> references) {}

  /** One segment: the hypothesis and its references. */
  private record Segment(String hypothesis, List<String> references) implements Serializable {}

  /**
   * Reads and checks the files, returning hypotheses and reference streams (as sacreBLEU reads
   * them).
   */
  public static List<List<String>> readAligned(Configuration conf, Spec spec) {
    List<List<String>> streams = new ArrayList<>();
    streams.add(stripped(TextLines.read(conf, spec.hypothesis())));
    for (String ref : spec.references()) {
      streams.add(stripped(TextLines.read(conf, ref)));
    }
    int n = streams.get(0).size();
    for (int r = 1; r < streams.size(); r++) {
      if (streams.get(r).size() != n) {
        throw UserError.of(
            "system and reference streams have different lengths",
            spec.hypothesis()
                + " has "
                + n
                + " lines but "
                + spec.references().get(r - 1)
                + " has "
                + streams.get(r).size(),
            "score line-aligned files: one hypothesis per reference line, in the same order");
      }
    }
    for (int i = 0; i < n; i++) {
      boolean any = false;
      for (int r = 1; r < streams.size(); r++) {
        any |= !streams.get(r).get(i).isEmpty();
      }
      if (!any) {
        throw UserError.of(
            "empty reference at line " + (i + 1),
            "every reference file has an empty line " + (i + 1) + " (sacreBLEU refuses this too)",
            "remove that segment from all files, or supply a reference for it");
      }
    }
    return streams;
  }

  private static List<String> stripped(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (String l : lines) {
      out.add(PyText.rstrip(l));
    }
    return out;
  }

  /** Scores on Spark and writes the row; see the class documentation. */
  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    SparkSession spark = warehouse.spark();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String hypUri = qualified(conf, spec.hypothesis());
    List<String> refUris = new ArrayList<>();
    for (String r : spec.references()) {
      refUris.add(qualified(conf, r));
    }
    List<List<String>> streams = readAligned(conf, spec);
    int n = streams.get(0).size();
    List<Segment> segments = new ArrayList<>(n);
    java.util.Set<Integer> refCounts = new java.util.HashSet<>();
    for (int i = 0; i < n; i++) {
      List<String> refs = new ArrayList<>(streams.size() - 1);
      int nonEmpty = 0;
      for (int r = 1; r < streams.size(); r++) {
        refs.add(streams.get(r).get(i));
        nonEmpty += streams.get(r).get(i).isEmpty() ? 0 : 1;
      }
      refCounts.add(nonEmpty);
      segments.add(new Segment(streams.get(0).get(i), refs));
    }

    Bleu bleu = new Bleu(spec.options());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    spark.sparkContext().setJobDescription("bleu: segment statistics");
    int maxOrder = spec.options().maxOrder();
    int slices = Math.max(1, Math.min(jsc.defaultParallelism() * 2, n / 500 + 1));
    BleuStats sum =
        n == 0
            ? new BleuStats(maxOrder)
            : jsc.parallelize(segments, slices)
                .mapPartitions(
                    it -> {
                      BleuStats partial = new BleuStats(maxOrder);
                      it.forEachRemaining(
                          s -> partial.add(bleu.segment(s.hypothesis(), s.references())));
                      return Collections.singletonList(partial).iterator();
                    })
                .reduce(BleuStats::add);
    BleuScore score = bleu.score(sum, refCounts.size() == 1 ? refCounts.iterator().next() : -1);

    spark.sparkContext().setJobDescription("bleu: write dlpipe.metrics.bleu");
    TableSchema schema = TableSchema.of(TABLE);
    Row row =
        RowFactory.create(
            run.runId(),
            hypUri,
            refUris.toArray(new String[0]),
            (long) n,
            score.score(),
            toObjects(score.precisions()),
            score.bp(),
            score.sysLen(),
            score.refLen(),
            toObjects(sum.correct()),
            toObjects(sum.total()),
            score.signature(),
            Timestamp.from(Instant.now()));
    warehouse.upsert(
        schema,
        spark.createDataFrame(List.of(row), schema.sparkType()),
        List.of("run_id", "hypothesis"));
    spark.sparkContext().setJobDescription(null);
    return new Result(score, sum, n, hypUri, refUris);
  }

  private static Double[] toObjects(double[] values) {
    Double[] out = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static Long[] toObjects(long[] values) {
    Long[] out = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static String qualified(Configuration conf, String uri) {
    try {
      Path p = new Path(uri);
      return p.getFileSystem(conf).makeQualified(p).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
