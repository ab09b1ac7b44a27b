package dev.dlpipe.pipelines.vision;

import static org.apache.spark.sql.functions.col;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.detection.coco.CocoRecords;
import dev.dlpipe.engines.vision.BoxCheck;
import dev.dlpipe.engines.vision.ImageCheck;
import dev.dlpipe.engines.vision.SafePath;
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
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * What {@code ingest-coco} and {@code ingest-voc} share: the per-image check that runs on executors
 * (file name safety, reading the bytes through the Hadoop filesystem, one full decode, size against
 * the annotation, every box against the image) and the write of {@code dlpipe.vision.images},
 * {@code dlpipe.vision.objects}, {@code dlpipe.vision.categories} and the run's rejects.
 *
 * <p>Counting: images, objects (annotations) and categories are all records. Each record read is
 * either written to its table or refused with one row in {@code dlpipe.ops.rejects}; the objects of
 * a refused image are refused too ({@code IMAGE_REJECTED}), so nothing disappears without a row.
 * read = written + rejected holds for each kind and in total.
 */
public final class IngestImages {
  public static final String IMAGES = "dlpipe.vision.images";
  public static final String OBJECTS = "dlpipe.vision.objects";
  public static final String CATEGORIES = "dlpipe.vision.categories";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private IngestImages() {}

  /** Checks a dataset name (it becomes a partition value). */
  public static String datasetName(String dataset) {
    if (dataset == null || !NAME.matcher(dataset).matches()) {
      throw UserError.of(
          "invalid dataset name '" + dataset + "'",
          "it becomes a table partition: 1-128 letters, digits, '.', '_' or '-'",
          "pass e.g. --dataset voc2007-trainval");
    }
    return dataset;
  }

  /**
   * One object as the annotation gives it, before checks.
   *
   * @param locator where it is, for rejects ({@code object:<image>#<n>}, {@code annotation:<id>})
   * @param annotationId COCO's annotation id, or null (VOC)
   * @param categoryId COCO's category id, or null (VOC: resolved from the name)
   * @param category the class name
   * @param box {@code [x_min, y_min, x_max, y_max]} in dlpipe's convention (see {@link BoxCheck})
   * @param area COCO's area field, or NaN for the box area
   * @param crowd COCO iscrowd
   * @param difficult VOC difficult
   * @param truncated VOC truncated
   * @param segmentation COCO segmentation JSON, or null
   * @param problem a reason code when the record is already known to be bad, else null
   * @param problemMessage its message
   */
  record RawObject(
      String locator,
      Long annotationId,
      Long categoryId,
      String category,
      double[] box,
      double area,
      boolean crowd,
      boolean difficult,
      boolean truncated,
      String segmentation,
      String problem,
      String problemMessage)
      implements Serializable {}

  /** A kept object: what its row needs. */
  record ObjectOut(
      int index,
      Long annotationId,
      Long categoryId,
      String category,
      double[] box,
      double area,
      boolean crowd,
      boolean difficult,
      boolean truncated,
      boolean clipped,
      String rle)
      implements Serializable {}

  /** One image's outcome, computed on an executor. */
  static final class Ingested implements Serializable {
    private static final long serialVersionUID = 1L;
    String imageId;
    Row image;
    List<ObjectOut> objects = new ArrayList<>();
    List<Row> rejects = new ArrayList<>();
    int objectsRead;
    int clipped;
    boolean imageRejected;
  }

  /**
   * Everything the executor needs about one image once its annotation is parsed.
   *
   * @param origin {@code coco} or {@code voc}
   * @param imageId the image id (COCO's id as text, VOC's file id)
   * @param source the annotation file (JSON or XML) URI, for rejects
   * @param imagesRoot the images root URI
   * @param fileName the image's file name relative to the root, as the data gives it
   * @param declaredWidth width from the annotation
   * @param declaredHeight height from the annotation
   * @param maskFile VOC SegmentationClass PNG URI when present, else null
   * @param objects the objects
   */
  record ImageTask(
      String origin,
      String imageId,
      String source,
      String imagesRoot,
      String fileName,
      int declaredWidth,
      int declaredHeight,
      String maskFile,
      List<RawObject> objects)
      implements Serializable {}

  /** Run identity an executor stamps on rows. */
  record Stamp(String dataset, String runId, String job) implements Serializable {
    Row reject(String source, String locator, String reason, String message) {
      return RowFactory.create(runId, job, source, locator, reason, message);
    }
  }

  /**
   * Checks one image and its objects; {@code categories} resolves names to ids (null: every name is
   * known, ids are assigned later), {@code known} the COCO category ids (null for VOC).
   */
  static Ingested check(
      Configuration conf,
      ImageTask t,
      Stamp stamp,
      Map<String, Long> categories,
      java.util.Set<Long> known) {
    Ingested out = new Ingested();
    out.imageId = t.imageId();
    out.objectsRead = t.objects().size();
    String rel = SafePath.relative(t.fileName());
    if (rel == null) {
      return rejectImage(
          out,
          t,
          stamp,
          t.source(),
          "UNSAFE_PATH",
          "file name '" + t.fileName() + "' refused: " + SafePath.why(t.fileName()));
    }
    Path file = new Path(t.imagesRoot() + "/" + rel);
    byte[] bytes;
    try {
      FileSystem fs = file.getFileSystem(conf);
      try (InputStream in = fs.open(file)) {
        bytes = in.readAllBytes();
      }
    } catch (FileNotFoundException e) {
      return rejectImage(out, t, stamp, file.toString(), "MISSING_IMAGE", "no such file: " + file);
    } catch (IOException e) {
      return rejectImage(
          out, t, stamp, file.toString(), "UNREADABLE_IMAGE", "reading failed: " + e);
    }
    ImageCheck.Decoded d;
    try {
      d = ImageCheck.decode(bytes);
    } catch (ImageCheck.BadImage e) {
      return rejectImage(out, t, stamp, file.toString(), e.problem().name(), e.getMessage());
    }
    if (d.width() != t.declaredWidth() || d.height() != t.declaredHeight()) {
      return rejectImage(
          out,
          t,
          stamp,
          file.toString(),
          "SIZE_MISMATCH",
          "the image is "
              + d.width()
              + "x"
              + d.height()
              + " but its annotation says "
              + t.declaredWidth()
              + "x"
              + t.declaredHeight());
    }
    int index = 0;
    for (RawObject o : t.objects()) {
      String problem = o.problem();
      String message = o.problemMessage();
      BoxCheck box = null;
      String rle = null;
      Long categoryId = o.categoryId();
      if (problem == null) {
        boolean unknown =
            categoryId != null
                ? !known.contains(categoryId)
                : !categories.isEmpty() && !categories.containsKey(o.category());
        if (unknown) {
          problem = "UNKNOWN_CATEGORY";
          message =
              categoryId != null
                  ? "category_id " + categoryId + " is not in the file's categories"
                  : "class '" + o.category() + "' is not in --classes";
        }
      }
      if (problem == null) {
        box = BoxCheck.of(o.box()[0], o.box()[1], o.box()[2], o.box()[3], d.width(), d.height());
        if (!box.outcome().kept()) {
          problem = box.outcome().reason();
          message = box.describe(d.width(), d.height());
        }
      }
      if (problem == null && o.segmentation() != null) {
        try {
          rle = CocoRecords.segmentation(o.segmentation(), d.height(), d.width()).toString();
        } catch (IllegalArgumentException e) {
          problem = "MALFORMED_RECORD";
          message = "segmentation: " + e.getMessage();
        }
      }
      if (problem != null) {
        out.rejects.add(stamp.reject(t.source(), o.locator(), problem, message));
        continue;
      }
      double[] b = box.box();
      boolean clipped = box.outcome() == BoxCheck.Outcome.CLIPPED;
      out.clipped += clipped ? 1 : 0;
      double area = Double.isNaN(o.area()) ? (b[2] - b[0]) * (b[3] - b[1]) : o.area();
      if (categoryId == null && !categories.isEmpty()) {
        categoryId = categories.get(o.category());
      }
      out.objects.add(
          new ObjectOut(
              index++,
              o.annotationId(),
              categoryId,
              o.category(),
              b,
              area,
              o.crowd(),
              o.difficult(),
              o.truncated(),
              clipped,
              rle));
    }
    out.image =
        RowFactory.create(
            stamp.dataset(),
            t.imageId(),
            t.origin(),
            file.toString(),
            d.width(),
            d.height(),
            d.channels(),
            d.format(),
            (long) bytes.length,
            ImageCheck.md5(bytes),
            out.objects.size(),
            t.source(),
            t.maskFile(),
            stamp.runId());
    return out;
  }

  /** Refuses the image and, with it, each of its objects. */
  static Ingested rejectImage(
      Ingested out, ImageTask t, Stamp stamp, String source, String reason, String message) {
    return rejectAll(out, t.imageId(), t.source(), t.objects(), stamp, source, reason, message);
  }

  /** Refuses an image given only its objects (when no task could be built). */
  static Ingested rejectAll(
      Ingested out,
      String imageId,
      String annotationSource,
      List<RawObject> objects,
      Stamp stamp,
      String source,
      String reason,
      String message) {
    out.imageRejected = true;
    out.objects.clear();
    out.objectsRead = objects.size();
    out.rejects.add(stamp.reject(source, "image:" + imageId, reason, message));
    for (RawObject o : objects) {
      out.rejects.add(
          stamp.reject(
              annotationSource,
              o.locator(),
              "IMAGE_REJECTED",
              "its image " + imageId + " was refused (" + reason + ")"));
    }
    return out;
  }

  /** What an ingestion wrote. */
  public record Result(
      RowCounts counts,
      RowCounts images,
      RowCounts objects,
      RowCounts categories,
      long clipped,
      Map<String, Long> rejectsByReason) {}

  /**
   * Writes the tables from the checked images plus the rejects found before any image was checked
   * ({@code early}: malformed records, duplicates), and reconciles the counts.
   *
   * @param categories rows for dlpipe.vision.categories (already with labels)
   * @param categoriesRead category records read
   * @param extraImagesRead images read that never became tasks (refused early)
   * @param extraObjectsRead objects read that never reached a task (refused early)
   * @param ids category name → id (VOC; empty for COCO, whose objects carry ids)
   */
  static Result write(
      Warehouse warehouse,
      RunContext run,
      String dataset,
      JavaRDD<Ingested> checked,
      List<Row> early,
      List<Row> categories,
      long categoriesRead,
      long extraImagesRead,
      long extraObjectsRead,
      Map<String, Long> ids) {
    SparkSession spark = warehouse.spark();
    if (checked.getStorageLevel().equals(StorageLevel.NONE())) {
      checked.persist(StorageLevel.MEMORY_AND_DISK());
    }
    try {
      String job = run.job();
      long tasks = checked.count();
      long objectsInTasks = checked.map(i -> (long) i.objectsRead).fold(0L, Long::sum);
      long clipped = checked.map(i -> (long) i.clipped).fold(0L, Long::sum);
      String runId = run.runId();
      var inDataset = col("dataset").equalTo(dataset);
      TableSchema imagesSchema = TableSchema.of(IMAGES);
      TableSchema objectsSchema = TableSchema.of(OBJECTS);
      TableSchema categoriesSchema = TableSchema.of(CATEGORIES);

      spark.sparkContext().setJobDescription(job + " " + dataset + ": write rejects");
      JavaRDD<Row> rejectRows =
          checked
              .flatMap(i -> i.rejects.iterator())
              .union(
                  org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                      .parallelize(early, 1));
      Rejects.replace(
          warehouse, run, spark.createDataFrame(rejectRows, Rejects.schema().sparkType()));
      spark.sparkContext().setJobDescription(job + " " + dataset + ": write categories");
      warehouse.replace(
          categoriesSchema,
          spark.createDataFrame(categories, categoriesSchema.sparkType()),
          inDataset);
      spark.sparkContext().setJobDescription(job + " " + dataset + ": write images");
      warehouse.replace(
          imagesSchema,
          spark.createDataFrame(
              checked.filter(i -> i.image != null).map(i -> i.image), imagesSchema.sparkType()),
          inDataset);
      spark.sparkContext().setJobDescription(job + " " + dataset + ": write objects");
      warehouse.replace(
          objectsSchema,
          spark.createDataFrame(
              checked.flatMap(
                  i -> {
                    List<Row> rows = new ArrayList<>(i.objects.size());
                    for (ObjectOut o : i.objects) {
                      Long cat = o.categoryId() != null ? o.categoryId() : ids.get(o.category());
                      rows.add(
                          RowFactory.create(
                              dataset,
                              i.imageId,
                              o.index(),
                              o.annotationId(),
                              cat.intValue(),
                              o.category(),
                              o.box()[0],
                              o.box()[1],
                              o.box()[2],
                              o.box()[3],
                              o.area(),
                              o.crowd(),
                              o.difficult(),
                              o.truncated(),
                              o.clipped(),
                              o.rle(),
                              runId));
                    }
                    return rows.iterator();
                  }),
              objectsSchema.sparkType()),
          inDataset);

      spark.sparkContext().setJobDescription(job + " " + dataset + ": reconcile");
      long imagesWritten = spark.table(IMAGES).where(inDataset).count();
      long objectsWritten = spark.table(OBJECTS).where(inDataset).count();
      long categoriesWritten = spark.table(CATEGORIES).where(inDataset).count();
      Map<String, Long> byReason = new java.util.TreeMap<>();
      long imagesRejected = 0;
      long categoriesRejected = 0;
      long rejected = 0;
      for (Row r :
          spark
              .table(Rejects.TABLE)
              .where(col("run_id").equalTo(runId))
              .groupBy(
                  col("reason_code"),
                  org.apache.spark.sql.functions.substring_index(col("locator"), ":", 1).as("kind"))
              .count()
              .collectAsList()) {
        long n = r.getLong(2);
        byReason.merge(r.getString(0), n, Long::sum);
        rejected += n;
        String kind = r.getString(1);
        if (kind.equals("image")) {
          imagesRejected += n;
        } else if (kind.equals("category")) {
          categoriesRejected += n;
        }
      }
      long imagesRead = tasks + extraImagesRead;
      long objectsRead = objectsInTasks + extraObjectsRead;
      RowCounts images = new RowCounts(imagesRead, imagesWritten, imagesRejected);
      RowCounts categoriesCounts =
          new RowCounts(categoriesRead, categoriesWritten, categoriesRejected);
      RowCounts objects =
          new RowCounts(
              objectsRead, objectsWritten, rejected - imagesRejected - categoriesRejected);
      RowCounts all =
          new RowCounts(
              imagesRead + objectsRead + categoriesRead,
              imagesWritten + objectsWritten + categoriesWritten,
              rejected);
      for (RowCounts c : List.of(images, objects, categoriesCounts, all)) {
        if (!c.reconciles()) {
          throw new IllegalStateException(
              job
                  + " "
                  + dataset
                  + ": counts do not reconcile: images "
                  + images
                  + "; objects "
                  + objects
                  + "; categories "
                  + categoriesCounts);
        }
      }
      return new Result(all, images, objects, categoriesCounts, clipped, byReason);
    } finally {
      checked.unpersist();
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** A category row. */
  static Row categoryRow(
      String dataset, long id, String name, String supercategory, int label, String runId) {
    return RowFactory.create(dataset, (int) id, name, supercategory, label, runId);
  }

  /** The Hadoop path of {@code uri} qualified on its filesystem, as text. */
  static String qualify(Configuration conf, String uri) {
    try {
      Path p = new Path(uri);
      return p.getFileSystem(conf).makeQualified(p).toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot resolve " + uri, e);
    }
  }
}
