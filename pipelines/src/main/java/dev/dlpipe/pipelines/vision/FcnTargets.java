package dev.dlpipe.pipelines.vision;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.detection.coco.Rle;
import dev.dlpipe.engines.segmentation.IndexMask;
import dev.dlpipe.engines.segmentation.IndexMaskReader;
import dev.dlpipe.engines.vision.ClassMask;
import dev.dlpipe.engines.vision.Resize;
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
import java.util.List;
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
 * The {@code fcn-targets} pipeline: one class map per image in {@code dlpipe.vision.masks}. VOC
 * images take their {@code SegmentationClass} palette PNG as it is (indices, 255 = void kept as
 * void); VOC images without one are skipped (they are detection-only) and counted. COCO images are
 * painted from their objects' segmentations with the categories' labels, crowd regions void ({@link
 * ClassMask#fromInstances}); an object without a segmentation is left out. With a size, masks are
 * resized nearest-neighbour to size x size. A mask that cannot be read or whose size is not the
 * image's is rejected ({@code BAD_MASK}, {@code MASK_SIZE_MISMATCH}).
 */
public final class FcnTargets {
  public static final String TABLE = "dlpipe.vision.masks";

  private FcnTargets() {}

  /**
   * What to compute.
   *
   * @param dataset an ingested dataset
   * @param size output side in pixels, or 0 for each image's own size
   */
  public record Spec(String dataset, int size) implements Serializable {
    public Spec {
      IngestImages.datasetName(dataset);
      if (size < 0 || size > 8192) {
        throw UserError.of(
            "invalid --size " + size, "it must be 1..8192 pixels", "pass e.g. --size 512");
      }
    }
  }

  /** What was written; {@code skipped}: VOC images without a SegmentationClass PNG. */
  public record Result(RowCounts counts, long skipped) {}

  /** One image's outcome. */
  static final class Out implements Serializable {
    private static final long serialVersionUID = 1L;
    Row row;
    Row reject;
  }

  /** Runs the pipeline; see the class documentation. */
  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    SparkSession spark = warehouse.spark();
    String dataset = spec.dataset();
    var inDataset = col("dataset").equalTo(dataset);
    warehouse.ensure(TableSchema.of(IngestImages.IMAGES));
    warehouse.ensure(TableSchema.of(IngestImages.OBJECTS));
    warehouse.ensure(TableSchema.of(IngestImages.CATEGORIES));
    Dataset<Row> all = spark.table(IngestImages.IMAGES).where(inDataset);
    long total = all.count();
    if (total == 0) {
      throw UserError.of(
          "dataset " + dataset + " has no images",
          "fcn-targets reads dlpipe.vision.images, which has no rows for it",
          "ingest it first with ingest-voc or ingest-coco --dataset " + dataset);
    }
    Dataset<Row> images =
        all.where(col("origin").equalTo("coco").or(col("mask_file").isNotNull()))
            .select("image_id", "origin", "width", "height", "mask_file");
    Dataset<Row> objects =
        spark
            .table(IngestImages.OBJECTS)
            .where(inDataset.and(col("segmentation").isNotNull()))
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
                            col("object_index"), col("segmentation"), col("label"), col("iscrowd")))
                    .as("objects"));
    Dataset<Row> work =
        images
            .join(objects, images.col("image_id").equalTo(objects.col("image_id")), "left")
            .select(
                images.col("image_id"),
                col("origin"),
                col("width"),
                col("height"),
                col("mask_file"),
                col("objects"));

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> confB =
        jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    String runId = run.runId();
    String job = run.job();
    spark.sparkContext().setJobDescription(job + " " + dataset + ": build masks");
    JavaRDD<Out> out =
        work.javaRDD()
            .map(r -> one(confB.value().value(), r, spec, runId, job))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long read = out.count();
      TableSchema schema = TableSchema.of(TABLE);
      spark.sparkContext().setJobDescription(job + " " + dataset + ": write rejects");
      Rejects.replace(
          warehouse,
          run,
          spark.createDataFrame(
              out.filter(o -> o.reject != null).map(o -> o.reject), Rejects.schema().sparkType()));
      spark.sparkContext().setJobDescription(job + " " + dataset + ": write masks");
      warehouse.replace(
          schema,
          spark.createDataFrame(out.filter(o -> o.row != null).map(o -> o.row), schema.sparkType()),
          inDataset);
      long written = spark.table(TABLE).where(inDataset).count();
      long rejected = spark.table(Rejects.TABLE).where(col("run_id").equalTo(runId)).count();
      RowCounts counts = new RowCounts(read, written, rejected);
      if (!counts.reconciles()) {
        throw new IllegalStateException(
            job + " " + dataset + ": counts do not reconcile: " + counts);
      }
      return new Result(counts, total - read);
    } finally {
      out.unpersist();
      spark.sparkContext().setJobDescription(null);
    }
  }

  static Out one(Configuration conf, Row r, Spec spec, String runId, String job) {
    Out out = new Out();
    String imageId = r.getString(0);
    boolean voc = r.getString(1).equals("voc");
    int width = r.getInt(2);
    int height = r.getInt(3);
    String locator = "image:" + imageId;
    byte[] map;
    String source;
    if (voc) {
      String file = r.getString(4);
      IndexMask mask;
      try {
        Path p = new Path(file);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
          mask = IndexMaskReader.read(in, file);
        }
      } catch (FileNotFoundException e) {
        out.reject = RowFactory.create(runId, job, file, locator, "BAD_MASK", "no such file");
        return out;
      } catch (IOException | UserError e) {
        out.reject =
            RowFactory.create(
                runId,
                job,
                file,
                locator,
                "BAD_MASK",
                e instanceof UserError u ? u.problem() + ": " + u.why() : e.toString());
        return out;
      }
      if (mask.width() != width || mask.height() != height) {
        out.reject =
            RowFactory.create(
                runId,
                job,
                file,
                locator,
                "MASK_SIZE_MISMATCH",
                "the mask is " + mask.size() + " but the image is " + width + "x" + height);
        return out;
      }
      try {
        map = ClassMask.fromIndices(mask.indices());
      } catch (IllegalArgumentException e) {
        out.reject = RowFactory.create(runId, job, file, locator, "BAD_MASK", e.getMessage());
        return out;
      }
      source = "voc_png";
    } else {
      List<Row> objs = r.isNullAt(5) ? List.of() : new ArrayList<>(r.getList(5));
      objs.sort((a, b) -> Integer.compare(a.getInt(0), b.getInt(0)));
      List<ClassMask.Instance> instances = new ArrayList<>();
      for (Row o : objs) {
        instances.add(
            new ClassMask.Instance(
                Rle.fromString(o.getString(1), height, width), o.getInt(2), o.getBoolean(3)));
      }
      map = ClassMask.fromInstances(instances, width, height);
      source = "coco_segmentation";
    }
    int w = width;
    int h = height;
    if (spec.size() > 0) {
      map = Resize.nearest(map, width, height, spec.size(), spec.size());
      w = spec.size();
      h = spec.size();
    }
    out.row =
        RowFactory.create(
            spec.dataset(),
            imageId,
            source,
            w,
            h,
            width,
            height,
            map,
            ClassMask.classes(map),
            runId);
    return out;
  }
}
