package dev.dlpipe.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.engines.detection.voc.ClassResult;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.vision.EvaluateVoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval-voc}: PASCAL VOC detection AP identical to py-faster-rcnn's voc_eval. */
@Command(
    name = "eval-voc",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "PASCAL VOC detection AP, as py-faster-rcnn's voc_eval.",
      "",
      "Reads the image set, <annotations>/<id>.xml for each image and one py-faster-rcnn det file per"
          + " class (<dets>/<class>.txt, lines 'image_id score xmin ymin xmax ymax'); a hit needs IoU"
          + " > 0.5, difficult objects are ignored. Prints each class's AP and the mAP over classes"
          + " with objects (or JSON with --json) and writes them to dlpipe.metrics.detection"
          + " (iou_type = the metric).",
      ""
    })
public final class EvalVocJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--annotations",
      required = true,
      paramLabel = "DIR",
      description = "Directory of VOC annotation XML files, <image id>.xml (VOC's Annotations/).")
  String annotations;

  @Option(
      names = "--imageset",
      required = true,
      paramLabel = "FILE",
      description = "Image set: one image id a line (VOC's ImageSets/Main/<split>.txt).")
  String imageSet;

  @Option(
      names = "--dets",
      required = true,
      paramLabel = "DIR",
      description = "Directory of detection files, one <class>.txt per class.")
  String dets;

  @Option(
      names = "--metric",
      defaultValue = "voc07",
      paramLabel = "M",
      description =
          "voc07: VOC2007's 11-point interpolated AP; voc12: the area under the precision"
              + " envelope, the AP of the VOC devkit from 2010 on (2010-2012). Default:"
              + " ${DEFAULT-VALUE}.")
  EvaluateVoc.Metric metric;

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      description = "Dataset name in the metrics table (default: the image set's file name).")
  String dataset;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "Model name in the metrics table (default: the detection directory's name).")
  String model;

  @Option(
      names = "--plots",
      paramLabel = "DIR",
      description =
          "Write each class's precision-recall curve as <class>.png into DIR (any Hadoop URI;"
              + " names sanitized). Default: no plots.")
  String plots;

  @Option(
      names = "--json",
      description =
          "Print JSON: metric, per_class (ap, n_gt, n_dets, tp, fp, final precision and recall),"
              + " mAP, signature.")
  boolean json;

  @Override
  public Integer call() {
    EvaluateVoc.Spec what =
        new EvaluateVoc.Spec(annotations, imageSet, dets, metric, dataset, model, plots);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          EvaluateVoc.Result r = EvaluateVoc.run(warehouse, what, run);
          System.out.println(json ? toJson(r) : table(r));
          return new JobRunner.Outcome(
              new RowCounts(r.detections(), r.detections(), 0),
              String.format(
                  "%s: %,d images, %,d objects, %,d detections in %d classes evaluated%s",
                  r.metric(),
                  r.images(),
                  r.objects(),
                  r.detections(),
                  r.evaluation().classes().size(),
                  plots == null
                      ? ""
                      : String.format(", %d PR curves in %s", r.plots().size(), plots)));
        });
  }

  /** The per-class table, the mAP line and the signature. */
  static String table(EvaluateVoc.Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-20s %6s %7s %8s%n", "class", "n_gt", "n_dets", "AP"));
    List<String> unscored = new ArrayList<>();
    for (ClassResult c : r.evaluation().classes().values()) {
      if (c.scored()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%-20s %6d %7d %8.4f%n",
                c.className(),
                c.positives(),
                c.detections(),
                r.ap(c)));
      } else {
        unscored.add(c.className());
      }
    }
    if (!unscored.isEmpty()) {
      sb.append("not scored (no ground-truth objects): ")
          .append(String.join(", ", unscored))
          .append(String.format("%n"));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "mAP (%s, %d classes) = %.4f%n",
            r.metric(),
            r.evaluation().scoredClasses(),
            r.map()));
    sb.append(r.signature());
    return sb.toString();
  }

  static String toJson(EvaluateVoc.Result r) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode node = mapper.createObjectNode();
    node.put("metric", r.metric().name());
    ObjectNode perClass = node.putObject("per_class");
    for (ClassResult c : r.evaluation().classes().values()) {
      ObjectNode o = perClass.putObject(c.className());
      if (c.scored()) {
        o.put("ap", r.ap(c));
      } else {
        o.putNull("ap");
      }
      o.put("n_gt", c.positives());
      o.put("n_dets", c.detections());
      o.put("tp", c.truePositives());
      o.put("fp", c.falsePositives());
      int last = c.detections() - 1;
      if (c.scored() && last >= 0) {
        o.put("final_precision", c.precision()[last]);
        o.put("final_recall", c.recall()[last]);
      }
      o.put("scored", c.scored());
    }
    node.put("mAP", r.map());
    node.put("scored_classes", r.evaluation().scoredClasses());
    node.put("signature", r.signature());
    return JsonOutput.pretty(node);
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.EvalVocJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new EvalVocJob(), args));
  }
}
