package dev.dlpipe.pipelines.vision;

import static org.apache.spark.sql.functions.col;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.detection.voc.ClassResult;
import dev.dlpipe.engines.detection.voc.Detection;
import dev.dlpipe.engines.detection.voc.DetectionFile;
import dev.dlpipe.engines.detection.voc.ImageSet;
import dev.dlpipe.engines.detection.voc.VocAnnotation;
import dev.dlpipe.engines.detection.voc.VocAnnotationReader;
import dev.dlpipe.engines.detection.voc.VocEvaluation;
import dev.dlpipe.engines.detection.voc.VocEvaluator;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code eval-voc} pipeline: PASCAL VOC detection AP exactly as py-faster-rcnn's voc_eval
 * ({@link VocEvaluator}), for an image set, its annotation XML files and per-class detection files
 * on any Hadoop filesystem. VOC test sets are small (about 5,000 images), so files are read and
 * evaluated in the driver.
 *
 * <p>Rows in {@code dlpipe.metrics.detection}, {@code iou_type} = the AP variant ({@link Metric}):
 * metric {@code AP} per scored class (category = class name, category_id = {@link
 * #categoryId(String)}) and metric {@code AP} with category_id -1 for the mAP. A rerun with the
 * same run id and AP variant replaces them.
 */
public final class EvaluateVoc {
  public static final String TABLE = EvaluateCoco.TABLE;

  /**
   * The PASCAL VOC classes in py-faster-rcnn's order; a class's id is its 1-based position (0 is
   * background there).
   */
  public static final List<String> VOC_CLASSES =
      List.of(
          "aeroplane",
          "bicycle",
          "bird",
          "boat",
          "bottle",
          "bus",
          "car",
          "cat",
          "chair",
          "cow",
          "diningtable",
          "dog",
          "horse",
          "motorbike",
          "person",
          "pottedplant",
          "sheep",
          "sofa",
          "train",
          "tvmonitor");

  private EvaluateVoc() {}

  /** Which AP. The name is the {@code iou_type} value in the table. */
  public enum Metric {
    /** VOC2007's 11-point interpolated AP (py-faster-rcnn {@code use_07_metric=True}). */
    voc07("voc07_11point"),
    /**
     * The area under the monotone precision envelope, used by the VOC devkit from 2010 on (2010,
     * 2011 and 2012 alike; named after VOC2012, the last and most used), {@code
     * use_07_metric=False}.
     */
    voc12("voc10_area");

    private final String apName;

    Metric(String apName) {
      this.apName = apName;
    }

    /** The AP's name in the signature and in py-faster-rcnn's terms. */
    public String apName() {
      return apName;
    }

    double of(ClassResult r) {
      return this == voc07 ? r.apVoc07() : r.apArea();
    }
  }

  /**
   * What to evaluate.
   *
   * @param annotations directory of {@code <image id>.xml}
   * @param imageSet file of image ids, one a line
   * @param dets directory of {@code <class>.txt} detection files
   * @param metric which AP
   * @param dataset dataset name for the table (null: the image set's file name)
   * @param model model name for the table (null: the detection directory's name)
   * @param plots directory for PR-curve PNGs, or null for none
   */
  public record Spec(
      String annotations,
      String imageSet,
      String dets,
      Metric metric,
      String dataset,
      String model,
      String plots) {}

  /**
   * The outcome.
   *
   * @param evaluation every class's result (scored or not) and the evaluator's signature
   * @param metric which AP
   * @param map mean AP over scored classes
   * @param signature how the numbers were made, with the AP variant
   * @param images images in the image set
   * @param objects ground-truth objects (difficult included)
   * @param detections detections read
   * @param plots written PNG files (empty without --plots)
   */
  public record Result(
      VocEvaluation evaluation,
      Metric metric,
      double map,
      String signature,
      int images,
      long objects,
      long detections,
      List<String> plots) {
    /** The AP of {@code r} for this result's metric. */
    public double ap(ClassResult r) {
      return metric.of(r);
    }
  }

  /** Evaluates, writes the metrics and the plots; see the class documentation. */
  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    SparkSession spark = warehouse.spark();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    spark.sparkContext().setJobDescription("eval-voc: read and evaluate");

    List<String> ids;
    try (InputStream in = open(conf, spec.imageSet(), "image set")) {
      ids = ImageSet.read(in, spec.imageSet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + spec.imageSet(), e);
    }
    if (ids.isEmpty()) {
      throw UserError.of(
          "image set " + spec.imageSet() + " is empty",
          "there are no images to evaluate",
          "pass the image set file of the split the detections are for (one id a line)");
    }
    Map<String, VocAnnotation> annotations = new LinkedHashMap<>();
    long objects = 0;
    for (String id : ids) {
      String file = new Path(new Path(spec.annotations()), id + ".xml").toString();
      try (InputStream in = open(conf, file, "annotation of image " + id)) {
        VocAnnotation a = VocAnnotationReader.read(in, file);
        annotations.put(id, a);
        objects += a.objects().size();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    Map<String, List<Detection>> dets = readDetections(conf, spec.dets());
    long detections = dets.values().stream().mapToLong(List::size).sum();

    VocEvaluator evaluator = new VocEvaluator();
    VocEvaluation evaluation = evaluator.evaluate(annotations, dets);
    Metric metric = spec.metric();
    double map = metric == Metric.voc07 ? evaluation.mapVoc07() : evaluation.mapArea();
    String signature = evaluation.signature() + "|ap:" + metric.apName();

    List<String> plots = List.of();
    if (spec.plots() != null) {
      spark.sparkContext().setJobDescription("eval-voc: plot PR curves");
      List<PrCurvePlots.Curve> curves = new ArrayList<>();
      for (ClassResult r : evaluation.classes().values()) {
        if (r.scored()) {
          curves.add(
              new PrCurvePlots.Curve(
                  r.className(),
                  String.format(
                      java.util.Locale.ROOT,
                      "%s: AP %.4f (%s)",
                      r.className(),
                      metric.of(r),
                      metric.name()),
                  r.recall(),
                  r.precision()));
        }
      }
      plots = PrCurvePlots.write(conf, spec.plots(), curves);
    }

    spark.sparkContext().setJobDescription("eval-voc: write " + TABLE);
    String dataset = spec.dataset() != null ? spec.dataset() : new Path(spec.imageSet()).getName();
    String model = spec.model() != null ? spec.model() : new Path(spec.dets()).getName();
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    rows.add(
        RowFactory.create(
            run.runId(), dataset, model, metric.name(), "AP", -1L, null, map, signature, now));
    for (ClassResult r : evaluation.classes().values()) {
      if (r.scored()) {
        rows.add(
            RowFactory.create(
                run.runId(),
                dataset,
                model,
                metric.name(),
                "AP",
                categoryId(r.className()),
                r.className(),
                metric.of(r),
                signature,
                now));
      }
    }
    TableSchema schema = TableSchema.of(TABLE);
    warehouse.replace(
        schema,
        spark.createDataFrame(rows, schema.sparkType()),
        col("run_id").equalTo(run.runId()).and(col("iou_type").equalTo(metric.name())));
    spark.sparkContext().setJobDescription(null);
    return new Result(evaluation, metric, map, signature, ids.size(), objects, detections, plots);
  }

  /**
   * The {@code category_id} of a VOC class in the table: 1-20 for the PASCAL VOC classes ({@link
   * #VOC_CLASSES}, the label indices of py-faster-rcnn and torchvision), and for any other name
   * {@code 2^32} plus the first 32 bits of the SHA-256 of its UTF-8 bytes: stable across runs and
   * data sets, never equal to a VOC or COCO id, exact in a JSON double. (Two of 1,000 class names
   * share an id with probability about 1e-4; the {@code category} column holds the name.)
   */
  public static long categoryId(String className) {
    int voc = VOC_CLASSES.indexOf(className);
    if (voc >= 0) {
      return voc + 1;
    }
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(className.getBytes(StandardCharsets.UTF_8));
      long low =
          ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
      return (1L << 32) + low;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Every {@code <class>.txt} of {@code dir}, by class name. */
  private static Map<String, List<Detection>> readDetections(Configuration conf, String dir) {
    Path base = new Path(dir);
    Map<String, List<Detection>> out = new TreeMap<>();
    try {
      FileSystem fs = base.getFileSystem(conf);
      if (!fs.exists(base) || !fs.getFileStatus(base).isDirectory()) {
        throw UserError.of(
            "detection directory " + dir + " not found",
            fs.exists(base) ? "it is a file, not a directory" : "no such directory",
            "pass the directory holding one <class>.txt per class (py-faster-rcnn's det files)");
      }
      FileStatus[] files = fs.listStatus(base);
      Arrays.sort(files);
      for (FileStatus f : files) {
        String className = DetectionFile.className(f.getPath().getName());
        if (f.isFile() && className != null) {
          try (InputStream in = fs.open(f.getPath())) {
            out.put(className, DetectionFile.read(in, f.getPath().toString()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read detections in " + dir, e);
    }
    if (out.isEmpty()) {
      throw UserError.of(
          "no detection files in " + dir,
          "the directory has no <class>.txt file",
          "pass the directory holding one <class>.txt per class (py-faster-rcnn's det files)");
    }
    return out;
  }

  private static InputStream open(Configuration conf, String uri, String what) throws IOException {
    Path p = new Path(uri);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p)) {
      throw UserError.of(
          what + " " + uri + " not found",
          "no such file on its filesystem",
          what.startsWith("annotation")
              ? "every image of the image set needs <annotations>/<image id>.xml; check --annotations"
                  + " and --imageset"
              : "check the path");
    }
    return fs.open(p);
  }
}
