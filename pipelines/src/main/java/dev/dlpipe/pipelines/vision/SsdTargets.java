package dev.dlpipe.pipelines.vision;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.vision.ImageCheck;
import dev.dlpipe.engines.vision.Resize;
import dev.dlpipe.engines.vision.SsdAugment;
import dev.dlpipe.engines.vision.ssd.DefaultBoxes;
import dev.dlpipe.engines.vision.ssd.SsdConfig;
import dev.dlpipe.engines.vision.ssd.SsdMatcher;
import dev.dlpipe.pipelines.ops.Rejects;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The {@code ssd-targets} pipeline: for every image of an ingested dataset, the SSD network input
 * (the image resized to S x S, uint8 CHW) and its training targets (default boxes matched and
 * encoded by {@link SsdMatcher}), in {@code dlpipe.vision.ssd_targets}. Images are re-read through
 * the Hadoop filesystem on executors; one whose file is gone or changed since ingestion (MD5) is
 * rejected ({@code MISSING_IMAGE}, {@code IMAGE_CHANGED}). Crowd objects are never targets;
 * difficult ones only with {@code keepDifficult}. Optional augmentation ({@link SsdAugment}) is
 * seeded per image from the run's seed and the image id, so a rerun gives the same bytes.
 */
public final class SsdTargets {
  public static final String TABLE = "dlpipe.vision.ssd_targets";

  private SsdTargets() {}

  /**
   * What to compute.
   *
   * @param dataset an ingested dataset
   * @param config default boxes (ssd300, ssd512)
   * @param iouThreshold matching threshold (0.5)
   * @param negRatio hard negatives per positive (3)
   * @param keepDifficult whether VOC difficult objects are targets
   * @param augment augmentations
   * @param seed augmentation seed
   */
  public record Spec(
      String dataset,
      SsdConfig config,
      double iouThreshold,
      int negRatio,
      boolean keepDifficult,
      SsdAugment.Options augment,
      long seed)
      implements Serializable {
    public Spec {
      IngestImages.datasetName(dataset);
      if (!(iouThreshold > 0 && iouThreshold <= 1)) {
        throw UserError.of(
            "invalid IoU threshold " + iouThreshold,
            "it must be in (0, 1]",
            "pass e.g. --iou-threshold 0.5 (the SSD paper's)");
      }
      if (negRatio < 0) {
        throw UserError.of(
            "invalid negative ratio " + negRatio,
            "it cannot be negative",
            "pass e.g. --neg-ratio 3");
      }
    }
  }

  /** What was written. */
  public record Result(RowCounts counts, long positives, double seconds) {}

  /** One image's outcome. */
  static final class Out implements Serializable {
    private static final long serialVersionUID = 1L;
    Row row;
    Row reject;
    int positives;
  }

  /** Runs the pipeline; see the class documentation. */
  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    long start = System.nanoTime();
    SparkSession spark = warehouse.spark();
    String dataset = spec.dataset();
    var inDataset = col("dataset").equalTo(dataset);
    warehouse.ensure(TableSchema.of(IngestImages.IMAGES));
    warehouse.ensure(TableSchema.of(IngestImages.OBJECTS));
    warehouse.ensure(TableSchema.of(IngestImages.CATEGORIES));
    Dataset<Row> images =
        spark
            .table(IngestImages.IMAGES)
            .where(inDataset)
            .select("image_id", "file", "width", "height", "md5");
    Dataset<Row> objects =
        spark
            .table(IngestImages.OBJECTS)
            .where(inDataset.and(col("iscrowd").equalTo(false)))
            .where(
                spec.keepDifficult()
                    ? org.apache.spark.sql.functions.lit(true)
                    : col("difficult").equalTo(false))
            .join(
                spark
                    .table(IngestImages.CATEGORIES)
                    .where(inDataset)
                    .select("category_id", "label"),
                "category_id")
            .groupBy("image_id")
            .agg(
                collect_list(
                        struct(
                            col("object_index"),
                            col("x_min"),
                            col("y_min"),
                            col("x_max"),
                            col("y_max"),
                            col("label")))
                    .as("objects"));
    Dataset<Row> work =
        images
            .join(objects, images.col("image_id").equalTo(objects.col("image_id")), "left")
            .select(
                images.col("image_id"),
                col("file"),
                col("width"),
                col("height"),
                col("md5"),
                col("objects"));

    Configuration conf = spark.sparkContext().hadoopConfiguration();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> confB = jsc.broadcast(new SerializableConfiguration(conf));
    String runId = run.runId();
    String job = run.job();
    spark.sparkContext().setJobDescription(job + " " + dataset + ": resize and match");
    JavaRDD<Out> out =
        work.javaRDD()
            .repartition(Math.max(1, jsc.defaultParallelism() * 2))
            .mapPartitions(rows -> targets(confB.value().value(), rows, spec, runId, job))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long read = out.count();
      if (read == 0) {
        throw UserError.of(
            "dataset " + dataset + " has no images",
            "ssd-targets reads dlpipe.vision.images, which has no rows for it",
            "ingest it first: bin/dlpipe ingest-voc ... --dataset "
                + dataset
                + " (or ingest-coco)");
      }
      long positives = out.map(o -> (long) o.positives).fold(0L, Long::sum);
      TableSchema schema = TableSchema.of(TABLE);
      spark.sparkContext().setJobDescription(job + " " + dataset + ": write rejects");
      Rejects.replace(
          warehouse,
          run,
          spark.createDataFrame(
              out.filter(o -> o.reject != null).map(o -> o.reject), Rejects.schema().sparkType()));
      spark.sparkContext().setJobDescription(job + " " + dataset + ": write targets");
      var owned = inDataset.and(col("ssd_config").equalTo(spec.config().name()));
      warehouse.replace(
          schema,
          spark.createDataFrame(out.filter(o -> o.row != null).map(o -> o.row), schema.sparkType()),
          owned);
      long written = spark.table(TABLE).where(owned).count();
      long rejected = spark.table(Rejects.TABLE).where(col("run_id").equalTo(runId)).count();
      RowCounts counts = new RowCounts(read, written, rejected);
      if (!counts.reconciles()) {
        throw new IllegalStateException(
            job + " " + dataset + ": counts do not reconcile: " + counts);
      }
      return new Result(counts, positives, (System.nanoTime() - start) / 1e9);
    } finally {
      out.unpersist();
      spark.sparkContext().setJobDescription(null);
    }
  }

  private static Iterator<Out> targets(
      Configuration conf, Iterator<Row> rows, Spec spec, String runId, String job) {
    SsdConfig config = spec.config();
    DefaultBoxes priors = DefaultBoxes.of(config, false);
    SsdMatcher matcher =
        new SsdMatcher(priors, spec.iouThreshold(), config.variances(), spec.negRatio());
    List<Out> outs = new ArrayList<>();
    while (rows.hasNext()) {
      outs.add(one(conf, rows.next(), spec, priors, matcher, runId, job));
    }
    return outs.iterator();
  }

  static Out one(
      Configuration conf,
      Row r,
      Spec spec,
      DefaultBoxes priors,
      SsdMatcher matcher,
      String runId,
      String job) {
    Out out = new Out();
    String imageId = r.getString(0);
    String file = r.getString(1);
    int width = r.getInt(2);
    int height = r.getInt(3);
    String locator = "image:" + imageId;
    byte[] bytes;
    try {
      Path p = new Path(file);
      try (InputStream in = p.getFileSystem(conf).open(p)) {
        bytes = in.readAllBytes();
      }
    } catch (FileNotFoundException e) {
      out.reject = RowFactory.create(runId, job, file, locator, "MISSING_IMAGE", "no such file");
      return out;
    } catch (IOException e) {
      out.reject =
          RowFactory.create(runId, job, file, locator, "UNREADABLE_IMAGE", "reading failed: " + e);
      return out;
    }
    if (!ImageCheck.md5(bytes).equals(r.getString(4))) {
      out.reject =
          RowFactory.create(
              runId,
              job,
              file,
              locator,
              "IMAGE_CHANGED",
              "the file's MD5 is not the one recorded at ingestion; ingest the dataset again");
      return out;
    }
    ImageCheck.Decoded d;
    try {
      d = ImageCheck.decode(bytes);
    } catch (ImageCheck.BadImage e) {
      out.reject = RowFactory.create(runId, job, file, locator, e.problem().name(), e.getMessage());
      return out;
    }
    List<Row> objs = r.isNullAt(5) ? List.of() : new ArrayList<>(r.getList(5));
    objs.sort((a, b) -> Integer.compare(a.getInt(0), b.getInt(0)));
    double[] boxes = new double[4 * objs.size()];
    int[] labels = new int[objs.size()];
    for (int i = 0; i < objs.size(); i++) {
      Row o = objs.get(i);
      for (int c = 0; c < 4; c++) {
        boxes[4 * i + c] = o.getDouble(1 + c);
      }
      labels[i] = o.getInt(5);
    }
    SsdAugment.Sample s = new SsdAugment.Sample(d.rgb(), width, height, boxes, labels);
    if (spec.augment().any()) {
      s = SsdAugment.apply(s, spec.augment(), random(spec.seed(), imageId));
    }
    int size = spec.config().imageSize();
    byte[] chw = Resize.bilinearToChw(s.rgb(), s.width(), s.height(), size, size);
    int n = s.labels().length;
    double[][] truths = new double[n][4];
    float[] gt = new float[4 * n];
    for (int i = 0; i < n; i++) {
      truths[i][0] = s.boxes()[4 * i] / s.width();
      truths[i][1] = s.boxes()[4 * i + 1] / s.height();
      truths[i][2] = s.boxes()[4 * i + 2] / s.width();
      truths[i][3] = s.boxes()[4 * i + 3] / s.height();
      for (int c = 0; c < 4; c++) {
        gt[4 * i + c] = (float) truths[i][c];
      }
    }
    SsdMatcher.Targets t = matcher.match(truths, s.labels());
    int[] index = new int[t.positives()];
    int[] label = new int[t.positives()];
    float[] offsets = new float[4 * t.positives()];
    int k = 0;
    for (int i = 0; i < t.labels().length; i++) {
      if (t.labels()[i] != 0) {
        index[k] = i;
        label[k] = t.labels()[i];
        System.arraycopy(t.offsets(), 4 * i, offsets, 4 * k, 4);
        k++;
      }
    }
    out.positives = t.positives();
    out.row =
        RowFactory.create(
            spec.dataset(),
            spec.config().name(),
            imageId,
            size,
            chw,
            priors.size(),
            boxed(gt),
            boxed(s.labels()),
            boxed(index),
            boxed(label),
            boxed(offsets),
            t.hardNegatives(),
            spec.iouThreshold(),
            spec.negRatio(),
            spec.augment().signature(),
            spec.seed(),
            runId);
    return out;
  }

  /** The random source of one image: a function of the seed and the image id only. */
  static SplittableRandom random(long seed, String imageId) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ imageId.hashCode());
  }

  private static Float[] boxed(float[] a) {
    Float[] out = new Float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  private static Integer[] boxed(int[] a) {
    Integer[] out = new Integer[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }
}
