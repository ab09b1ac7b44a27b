package dev.dlpipe.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.engines.segmentation.SegmentationMetrics;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.vision.EvaluateSegmentation;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval-seg}: semantic segmentation scores identical to DeepLab's StreamSegMetrics. */
@Command(
    name = "eval-seg",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Segmentation accuracy, IoU as DeepLab's StreamSegMetrics.",
      "",
      "Pairs ground-truth and predicted index PNGs by name (the file name without --gt-suffix /"
          + " --pred-suffix; a file without its pair is an error, as are masks of different sizes),"
          + " counts each image's confusion matrix on Spark, sums them, and prints overall and mean"
          + " accuracy, mean IoU, frequency-weighted accuracy and per-class IoU (or JSON with --json)."
          + " Writes them, with the summed confusion matrix, to dlpipe.metrics.segmentation.",
      ""
    })
public final class EvalSegJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--gt",
      required = true,
      paramLabel = "DIR",
      description =
          "Directory of ground-truth index masks (palette or greyscale PNGs of class ids).")
  String gt;

  @Option(
      names = "--pred",
      required = true,
      paramLabel = "DIR",
      description = "Directory of predicted index masks, same names and sizes as the ground truth.")
  String pred;

  @Option(
      names = "--num-classes",
      required = true,
      paramLabel = "N",
      description = "Number of classes, ids 0..N-1 (21 for PASCAL VOC).")
  int numClasses;

  @Option(
      names = "--void",
      defaultValue = "255",
      paramLabel = "V",
      description =
          "Ground-truth value never counted (DeepLab's ignore index); targets outside [0, N) are"
              + " never counted either. Default: ${DEFAULT-VALUE}.")
  int voidLabel;

  @Option(
      names = "--gt-suffix",
      defaultValue = ".png",
      paramLabel = "S",
      description =
          "Ground-truth files are those ending in S; the name without S pairs it. Default:"
              + " ${DEFAULT-VALUE}.")
  String gtSuffix;

  @Option(
      names = "--pred-suffix",
      defaultValue = ".png",
      paramLabel = "S",
      description =
          "Prediction files are those ending in S; the name without S pairs it. Default:"
              + " ${DEFAULT-VALUE}.")
  String predSuffix;

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      description =
          "Dataset name in the metrics table (default: the ground-truth directory's name).")
  String dataset;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "Model name in the metrics table (default: the prediction directory's name).")
  String model;

  @Option(
      names = "--json",
      description =
          "Print JSON: overall_acc, mean_acc, mean_iou, freqw_acc, class_iou (classes with a"
              + " value), images, signature.")
  boolean json;

  @Override
  public Integer call() {
    EvaluateSegmentation.Spec what =
        new EvaluateSegmentation.Spec(
            gt, pred, numClasses, voidLabel, gtSuffix, predSuffix, dataset, model);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          EvaluateSegmentation.Result r = EvaluateSegmentation.run(warehouse, what, run);
          System.out.println(json ? toJson(r) : text(r));
          return new JobRunner.Outcome(
              new RowCounts(r.images(), r.images(), 0),
              String.format(
                  "%,d image pairs, %,d pixels counted, %d classes",
                  r.images(), r.matrix().total(), numClasses));
        });
  }

  /** DeepLab's printed names and values, then per-class IoU and the signature. */
  static String text(EvaluateSegmentation.Result r) {
    SegmentationMetrics m = r.metrics();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Overall Acc: %.6f%n", m.overallAccuracy()));
    sb.append(String.format(Locale.ROOT, "Mean Acc: %.6f%n", m.meanAccuracy()));
    sb.append(String.format(Locale.ROOT, "FreqW Acc: %.6f%n", m.frequencyWeightedAccuracy()));
    sb.append(String.format(Locale.ROOT, "Mean IoU: %.6f%n", m.meanIoU()));
    sb.append("Class IoU:").append(String.format("%n"));
    double[] iou = m.classIoU();
    for (int c = 0; c < iou.length; c++) {
      if (!Double.isNaN(iou[c])) {
        sb.append(String.format(Locale.ROOT, "  %3d: %.6f%n", c, iou[c]));
      }
    }
    sb.append(r.signature());
    return sb.toString();
  }

  static String toJson(EvaluateSegmentation.Result r) {
    SegmentationMetrics m = r.metrics();
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode node = mapper.createObjectNode();
    node.put("overall_acc", m.overallAccuracy());
    node.put("mean_acc", m.meanAccuracy());
    node.put("mean_iou", m.meanIoU());
    node.put("freqw_acc", m.frequencyWeightedAccuracy());
    ObjectNode classIou = node.putObject("class_iou");
    double[] iou = m.classIoU();
    for (int c = 0; c < iou.length; c++) {
      if (!Double.isNaN(iou[c])) {
        classIou.put(String.valueOf(c), iou[c]);
      }
    }
    node.put("images", r.images());
    node.put("pixels", r.matrix().total());
    node.put("signature", r.signature());
    return JsonOutput.pretty(node);
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.EvalSegJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new EvalSegJob(), args));
  }
}
