package dev.dlpipe.pipelines.vision;

import static org.apache.spark.sql.functions.col;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.detection.coco.CocoAnnotation;
import dev.dlpipe.engines.detection.coco.CocoDataset;
import dev.dlpipe.engines.detection.coco.CocoEvaluator;
import dev.dlpipe.engines.detection.coco.CocoParams;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.Tuple3;

/**
 * The {@code eval-coco} pipeline: pycocotools-identical COCO evaluation of a results file against a
 * ground-truth file (any Hadoop filesystem). Matching runs per image, on Spark executors
 * partitioned by image when the input is large (or in the driver when small, where starting tasks
 * would cost more than the work); accumulate and summarize run once on the merged per-image
 * results. The metrics replace the run's rows of that IoU type in {@code dlpipe.metrics.detection}.
 * With a plots directory, each category's precision-recall curve (IoU 0.50, area all, the last
 * maxDets, over the recall thresholds) is written there as a PNG ({@link PrCurvePlots}).
 */
public final class EvaluateCoco {
  public static final String TABLE = "dlpipe.metrics.detection";

  /** Above this many annotations plus detections, matching runs on Spark. */
  public static final long SPARK_THRESHOLD = 200_000;

  private static final String[] NAMES = {
    "AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"
  };

  private EvaluateCoco() {}

  /** Where matching runs. */
  public enum Engine {
    auto,
    driver,
    spark
  }

  /**
   * What to evaluate.
   *
   * @param gt ground-truth JSON
   * @param dets results JSON
   * @param iouType bbox or segm
   * @param dataset dataset name for the table (null: the ground-truth file name)
   * @param model model name for the table (null: the results file name)
   * @param engine where matching runs
   * @param plots directory for PR-curve PNGs, or null for none
   */
  public record Spec(
      String gt,
      String dets,
      String iouType,
      String dataset,
      String model,
      Engine engine,
      String plots) {}

  /**
   * The outcome.
   *
   * @param stats the 12 numbers
   * @param summary pycocotools' printed lines
   * @param perCategory category id → [AP, AP50]
   * @param categoryNames category id → name
   * @param images images evaluated
   * @param gtCount ground-truth annotations
   * @param detCount detections
   * @param onSpark whether matching ran on Spark
   * @param paramsSignature the parameters' signature
   * @param plots written PR-curve PNGs (empty without a plots directory)
   */
  public record Result(
      double[] stats,
      List<String> summary,
      Map<Long, double[]> perCategory,
      Map<Long, String> categoryNames,
      int images,
      int gtCount,
      int detCount,
      boolean onSpark,
      String paramsSignature,
      List<String> plots) {
    public static String[] names() {
      return NAMES.clone();
    }
  }

  /** Evaluates and writes the metrics; see the class documentation. */
  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    SparkSession spark = warehouse.spark();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    boolean segm = spec.iouType().equals("segm");
    CocoDataset gt = load(conf, spec.gt(), in -> CocoDataset.read(in, spec.gt(), segm));
    List<CocoAnnotation> dts = load(conf, spec.dets(), in -> gt.readResults(in, spec.dets(), segm));

    CocoParams params = CocoParams.defaults(spec.iouType());
    CocoEvaluator evaluator =
        new CocoEvaluator(params, gt.images().keySet(), gt.categories().keySet());
    long size = (long) gt.annotations().size() + dts.size();
    boolean onSpark =
        spec.engine() == Engine.spark || (spec.engine() == Engine.auto && size > SPARK_THRESHOLD);
    List<CocoEvaluator.ImageResult> results;
    if (onSpark) {
      spark.sparkContext().setJobDescription("eval-coco: match detections per image");
      Map<Long, List<CocoAnnotation>> gtBy = byImage(gt.annotations());
      Map<Long, List<CocoAnnotation>> dtBy = byImage(dts);
      List<Tuple3<Long, List<CocoAnnotation>, List<CocoAnnotation>>> work = new ArrayList<>();
      for (long img : evaluator.imgIds()) {
        work.add(
            new Tuple3<>(
                img, gtBy.getOrDefault(img, List.of()), dtBy.getOrDefault(img, List.of())));
      }
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int slices = Math.max(1, Math.min(work.size(), jsc.defaultParallelism() * 4));
      results =
          jsc.parallelize(work, slices)
              .flatMap(w -> evaluator.evaluateImage(w._1(), w._2(), w._3()).iterator())
              .collect();
    } else {
      results = evaluator.evaluate(gt.annotations(), dts);
    }
    CocoEvaluator.Accumulated acc = evaluator.accumulate(results);
    double[] stats = CocoEvaluator.summarize(acc);
    Map<Long, double[]> perCategory = new LinkedHashMap<>();
    for (int k = 0; k < evaluator.catIds().size(); k++) {
      perCategory.put(
          evaluator.catIds().get(k),
          new double[] {
            CocoEvaluator.categoryAp(acc, k, null), CocoEvaluator.categoryAp(acc, k, .5)
          });
    }

    List<String> plots = List.of();
    if (spec.plots() != null) {
      spark.sparkContext().setJobDescription("eval-coco: plot PR curves");
      plots = PrCurvePlots.write(conf, spec.plots(), curves(acc, gt.categories(), perCategory));
    }

    spark.sparkContext().setJobDescription("eval-coco: write " + TABLE);
    String dataset = spec.dataset() != null ? spec.dataset() : new Path(spec.gt()).getName();
    String model = spec.model() != null ? spec.model() : new Path(spec.dets()).getName();
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < stats.length; i++) {
      rows.add(row(run, dataset, model, spec.iouType(), NAMES[i], -1, null, stats[i], params, now));
    }
    perCategory.forEach(
        (cat, v) -> {
          String name = gt.categories().get(cat);
          rows.add(row(run, dataset, model, spec.iouType(), "AP", cat, name, v[0], params, now));
          rows.add(row(run, dataset, model, spec.iouType(), "AP50", cat, name, v[1], params, now));
        });
    TableSchema schema = TableSchema.of(TABLE);
    warehouse.replace(
        schema,
        spark.createDataFrame(rows, schema.sparkType()),
        col("run_id").equalTo(run.runId()).and(col("iou_type").equalTo(spec.iouType())));
    spark.sparkContext().setJobDescription(null);
    return new Result(
        stats,
        CocoEvaluator.summaryLines(params, stats),
        perCategory,
        gt.categories(),
        evaluator.imgIds().size(),
        gt.annotations().size(),
        dts.size(),
        onSpark,
        params.signature(),
        plots);
  }

  /**
   * One curve per category with ground truth: precision at IoU 0.50, area "all" and the last
   * maxDets ({@code precision[0.5, :, k, all, -1]}) against the recall thresholds. Categories
   * without ground truth (precision -1) have no curve.
   */
  private static List<PrCurvePlots.Curve> curves(
      CocoEvaluator.Accumulated acc, Map<Long, String> names, Map<Long, double[]> perCategory) {
    int t = -1;
    for (int i = 0; i < acc.t(); i++) {
      if (acc.params().iouThrs()[i] == .5) {
        t = i;
      }
    }
    int a = acc.params().areaRngLbl().indexOf("all");
    int m = acc.m() - 1;
    List<PrCurvePlots.Curve> out = new ArrayList<>();
    if (t < 0 || a < 0) {
      return out;
    }
    for (int k = 0; k < acc.k(); k++) {
      long cat = acc.catIds().get(k);
      double[] recall = acc.params().recThrs();
      double[] precision = new double[acc.r()];
      boolean hasGt = true;
      for (int r = 0; r < acc.r(); r++) {
        precision[r] = acc.precision()[acc.p(t, r, k, a, m)];
        hasGt &= precision[r] > -1;
      }
      if (hasGt) {
        String name = names.getOrDefault(cat, String.valueOf(cat));
        out.add(
            new PrCurvePlots.Curve(
                cat + "-" + name,
                String.format(
                    java.util.Locale.ROOT,
                    "%s (%d): AP50 %.4f",
                    name,
                    cat,
                    perCategory.get(cat)[1]),
                recall,
                precision));
      }
    }
    return out;
  }

  private static Row row(
      RunContext run,
      String dataset,
      String model,
      String iouType,
      String metric,
      long category,
      String categoryName,
      double value,
      CocoParams params,
      Timestamp now) {
    return RowFactory.create(
        run.runId(),
        dataset,
        model,
        iouType,
        metric,
        category,
        categoryName,
        value,
        params.signature(),
        now);
  }

  private static Map<Long, List<CocoAnnotation>> byImage(List<CocoAnnotation> anns) {
    Map<Long, List<CocoAnnotation>> m = new HashMap<>();
    for (CocoAnnotation a : anns) {
      m.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a);
    }
    return m;
  }

  /**
   * Reads one JSON input; I/O trouble, malformed JSON and bad records become errors naming the
   * file.
   */
  private interface JsonReader<T> {
    T read(InputStream in) throws IOException;
  }

  private static <T> T load(Configuration conf, String file, JsonReader<T> reader) {
    try (InputStream in = open(conf, file)) {
      return reader.read(in);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw UserError.of(
          "malformed JSON in " + file,
          e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr(),
          "fix or regenerate the file (it must be complete, valid JSON)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (IllegalArgumentException e) {
      throw badInput(file, e);
    }
  }

  private static UserError badInput(String file, IllegalArgumentException e) {
    return UserError.of(
        "invalid COCO input in " + file,
        e.getMessage(),
        "fix the record named above; results must use the ground truth's image and category ids");
  }

  private static InputStream open(Configuration conf, String uri) throws IOException {
    Path p = new Path(uri);
    var fs = p.getFileSystem(conf);
    if (!fs.exists(p)) {
      throw UserError.of(
          "file " + uri + " not found", "no such file on its filesystem", "check the path");
    }
    return fs.open(p);
  }
}
