package dev.dlpipe.pipelines.vision;

import static org.apache.spark.sql.functions.col;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.segmentation.ConfusionMatrix;
import dev.dlpipe.engines.segmentation.IndexMask;
import dev.dlpipe.engines.segmentation.IndexMaskReader;
import dev.dlpipe.engines.segmentation.SegmentationMetrics;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * The {@code eval-seg} pipeline: semantic segmentation scores exactly as DeepLab's {@code
 * StreamSegMetrics} computes them ({@link SegmentationMetrics}), for directories of ground-truth
 * and predicted index masks on any Hadoop filesystem.
 *
 * <p>Pairing: a mask's <em>key</em> is its file name without the directory's suffix ({@code .png}
 * by default; e.g. {@code 2007_000033.png} has key {@code 2007_000033}); files without the suffix
 * are not masks and are left out. Every ground-truth key needs a prediction and every prediction a
 * ground truth; either missing is an error naming the file. Both masks of a pair must have the same
 * size.
 *
 * <p>Statistics first, formula last: each image's confusion matrix is counted on Spark (one task
 * per slice of image pairs; each task reads its own files), the matrices are summed with {@link
 * ConfusionMatrix#add(ConfusionMatrix)}, and the scores are computed once, in the driver, from the
 * sum. Rows replace the run's rows in {@code dlpipe.metrics.segmentation}.
 */
public final class EvaluateSegmentation {
  public static final String TABLE = "dlpipe.metrics.segmentation";

  /** The reference whose semantics are reproduced; part of the signature. */
  public static final String REFERENCE = "VainF/DeepLabV3Plus-Pytorch StreamSegMetrics";

  private EvaluateSegmentation() {}

  /**
   * What to evaluate.
   *
   * @param gt directory of ground-truth index masks
   * @param pred directory of predicted index masks
   * @param numClasses classes, indices {@code 0..numClasses-1} (21 for PASCAL VOC)
   * @param voidLabel target value never counted (255 in VOC); targets outside {@code [0,
   *     numClasses)} are never counted either
   * @param gtSuffix suffix of ground-truth file names, removed to form the key
   * @param predSuffix suffix of prediction file names, removed to form the key
   * @param dataset dataset name for the table (null: the ground-truth directory's name)
   * @param model model name for the table (null: the prediction directory's name)
   */
  public record Spec(
      String gt,
      String pred,
      int numClasses,
      int voidLabel,
      String gtSuffix,
      String predSuffix,
      String dataset,
      String model) {}

  /**
   * The outcome.
   *
   * @param metrics the scores of the summed matrix
   * @param matrix the summed confusion matrix
   * @param images image pairs scored
   * @param signature how the numbers were made
   */
  public record Result(
      SegmentationMetrics metrics, ConfusionMatrix matrix, int images, String signature) {}

  /** Evaluates and writes the metrics; see the class documentation. */
  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    if (spec.numClasses() < 1) {
      throw UserError.of(
          "invalid --num-classes " + spec.numClasses(),
          "there must be at least one class",
          "pass the number of classes of the model, e.g. 21 for PASCAL VOC");
    }
    SparkSession spark = warehouse.spark();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Map<String, String> gts = masks(conf, spec.gt(), spec.gtSuffix(), "--gt");
    Map<String, String> preds = masks(conf, spec.pred(), spec.predSuffix(), "--pred");
    List<Tuple2<String, String>> pairs = new ArrayList<>();
    for (Map.Entry<String, String> g : gts.entrySet()) {
      String p = preds.get(g.getKey());
      if (p == null) {
        throw UserError.of(
            "no prediction for ground truth " + g.getValue(),
            "predictions are paired with ground truths by name: expected "
                + new Path(new Path(spec.pred()), g.getKey() + spec.predSuffix()),
            "write a prediction for every ground-truth mask, or remove the ground truth");
      }
      pairs.add(new Tuple2<>(g.getValue(), p));
    }
    for (Map.Entry<String, String> p : preds.entrySet()) {
      if (!gts.containsKey(p.getKey())) {
        throw UserError.of(
            "no ground truth for prediction " + p.getValue(),
            "predictions are paired with ground truths by name: expected "
                + new Path(new Path(spec.gt()), p.getKey() + spec.gtSuffix()),
            "remove the prediction or add its ground-truth mask");
      }
    }
    if (pairs.isEmpty()) {
      throw UserError.of(
          "no masks in " + spec.gt(),
          "no file there ends with " + spec.gtSuffix(),
          "pass the directory of ground-truth index PNGs (or set --gt-suffix)");
    }

    spark.sparkContext().setJobDescription("eval-seg: confusion matrix per image");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> hadoop =
        jsc.broadcast(new SerializableConfiguration(conf));
    int n = spec.numClasses();
    int voidLabel = spec.voidLabel();
    int slices = Math.max(1, Math.min(pairs.size(), jsc.defaultParallelism() * 4));
    Count sum =
        jsc.parallelize(pairs, slices)
            .map(pair -> count(hadoop.value().value(), pair._1(), pair._2(), n, voidLabel))
            .reduce(Count::merge);
    hadoop.destroy();
    if (sum.error() != null) {
      throw sum.error();
    }
    ConfusionMatrix total = sum.matrix();
    SegmentationMetrics m = SegmentationMetrics.of(total);
    String signature =
        "StreamSegMetrics|classes:"
            + n
            + "|void:"
            + voidLabel
            + "|targets outside [0,"
            + n
            + "):skipped|mean:nanmean|ref:"
            + REFERENCE;

    spark.sparkContext().setJobDescription("eval-seg: write " + TABLE);
    String dataset = spec.dataset() != null ? spec.dataset() : new Path(spec.gt()).getName();
    String model = spec.model() != null ? spec.model() : new Path(spec.pred()).getName();
    Timestamp now = Timestamp.from(Instant.now());
    long[] cells = new long[n * n];
    for (int t = 0; t < n; t++) {
      for (int p = 0; p < n; p++) {
        cells[t * n + p] = total.count(t, p);
      }
    }
    List<Row> rows = new ArrayList<>();
    rows.add(
        row(run, dataset, model, "overall_acc", -1, m.overallAccuracy(), cells, signature, now));
    rows.add(row(run, dataset, model, "mean_acc", -1, m.meanAccuracy(), null, signature, now));
    rows.add(row(run, dataset, model, "mean_iou", -1, m.meanIoU(), null, signature, now));
    rows.add(
        row(
            run,
            dataset,
            model,
            "freqw_acc",
            -1,
            m.frequencyWeightedAccuracy(),
            null,
            signature,
            now));
    double[] iou = m.classIoU();
    for (int c = 0; c < n; c++) {
      if (!Double.isNaN(iou[c])) {
        rows.add(row(run, dataset, model, "class_iou", c, iou[c], null, signature, now));
      }
    }
    TableSchema schema = TableSchema.of(TABLE);
    warehouse.replace(
        schema,
        spark.createDataFrame(rows, schema.sparkType()),
        col("run_id").equalTo(run.runId()));
    spark.sparkContext().setJobDescription(null);
    return new Result(m, total, pairs.size(), signature);
  }

  /**
   * The statistics of some images: their summed matrix, or the first problem found (by file name).
   * A bad input is a result, not a task failure, so Spark neither retries it nor logs it as a
   * crash; the driver reports it.
   */
  record Count(ConfusionMatrix matrix, UserError error, String errorFile)
      implements java.io.Serializable {
    Count merge(Count other) {
      if (error != null || other.error != null) {
        if (other.error == null || (error != null && errorFile.compareTo(other.errorFile) <= 0)) {
          return this;
        }
        return other;
      }
      return new Count(matrix.add(other.matrix), null, null);
    }
  }

  static Count count(
      Configuration conf, String gtFile, String predFile, int numClasses, int voidLabel) {
    try {
      return new Count(imageMatrix(conf, gtFile, predFile, numClasses, voidLabel), null, null);
    } catch (UserError e) {
      return new Count(null, e, gtFile);
    }
  }

  /** One image's confusion matrix; runs on executors. */
  static ConfusionMatrix imageMatrix(
      Configuration conf, String gtFile, String predFile, int numClasses, int voidLabel) {
    IndexMask gt = read(conf, gtFile);
    IndexMask pred = read(conf, predFile);
    if (gt.width() != pred.width() || gt.height() != pred.height()) {
      throw UserError.of(
          "mask sizes differ: ground truth "
              + gtFile
              + " is "
              + gt.size()
              + ", prediction "
              + predFile
              + " is "
              + pred.size(),
          "each predicted pixel is scored against the ground-truth pixel at the same place",
          "resize the prediction to the ground truth's size (nearest neighbour) before scoring");
    }
    int[] target = gt.indices();
    if (voidLabel >= 0 && voidLabel < numClasses) {
      // A void label inside the class range would otherwise be counted as a class.
      target = target.clone();
      for (int i = 0; i < target.length; i++) {
        if (target[i] == voidLabel) {
          target[i] = -1;
        }
      }
    }
    try {
      return new ConfusionMatrix(numClasses).add(target, pred.indices());
    } catch (IllegalArgumentException e) {
      throw UserError.of(
          "bad prediction " + predFile,
          e.getMessage(),
          "write argmax class indices 0.." + (numClasses - 1) + ", or check --num-classes");
    }
  }

  private static IndexMask read(Configuration conf, String file) {
    Path p = new Path(file);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      return IndexMaskReader.read(in, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Key (file name without {@code suffix}) to file URI, for the masks directly in {@code dir}. */
  private static Map<String, String> masks(
      Configuration conf, String dir, String suffix, String option) {
    Path base = new Path(dir);
    Map<String, String> out = new TreeMap<>();
    try {
      FileSystem fs = base.getFileSystem(conf);
      if (!fs.exists(base) || !fs.getFileStatus(base).isDirectory()) {
        throw UserError.of(
            option + " directory " + dir + " not found",
            fs.exists(base) ? "it is a file, not a directory" : "no such directory",
            "pass the directory that holds the index PNGs");
      }
      for (FileStatus f : fs.listStatus(base)) {
        String name = f.getPath().getName();
        if (f.isFile()
            && name.endsWith(suffix)
            && name.length() > suffix.length()
            && !name.startsWith(".")
            && !name.startsWith("_")) {
          out.put(name.substring(0, name.length() - suffix.length()), f.getPath().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }

  private static Row row(
      RunContext run,
      String dataset,
      String model,
      String metric,
      long classId,
      double value,
      long[] matrix,
      String signature,
      Timestamp now) {
    return RowFactory.create(
        run.runId(),
        dataset,
        model,
        metric,
        classId,
        value,
        matrix == null ? null : toList(matrix),
        signature,
        now);
  }

  private static List<Long> toList(long[] values) {
    List<Long> out = new ArrayList<>(values.length);
    for (long v : values) {
      out.add(v);
    }
    return out;
  }
}
