package dev.dlpipe.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.vision.EvaluateCoco;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval-coco}: COCO detection/segmentation metrics identical to pycocotools. */
@Command(
    name = "eval-coco",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "COCO box and mask mAP, exactly as pycocotools computes it.",
      "",
      "Prints pycocotools' 12-line summary (or JSON with --json) and writes the 12 numbers and per-category"
          + " AP/AP50 to dlpipe.metrics.detection. Default parameters: IoU 0.50:0.05:0.95, 101 recall"
          + " points, maxDets 1/10/100, areas all/small/medium/large from the annotations' area field."
          + " Results must use the ground truth's image and category ids; a bad record is an error that"
          + " names it.",
      ""
    })
public final class EvalCocoJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--gt",
      required = true,
      paramLabel = "FILE",
      description = "Ground truth (COCO JSON).")
  String gt;

  @Option(
      names = "--dets",
      required = true,
      paramLabel = "FILE",
      description =
          "Results: a JSON array of {image_id, category_id, bbox or segmentation, score}.")
  String dets;

  @Option(
      names = "--iou-type",
      defaultValue = "bbox",
      paramLabel = "TYPE",
      description = "bbox or segm. Default: ${DEFAULT-VALUE}.")
  String iouType;

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      description = "Dataset name in the metrics table.")
  String dataset;

  @Option(names = "--model", paramLabel = "NAME", description = "Model name in the metrics table.")
  String model;

  @Option(
      names = "--engine",
      defaultValue = "auto",
      paramLabel = "E",
      description =
          "Where matching runs: spark (partitioned by image), driver, or auto (spark above 200,000"
              + " annotations + detections). Default: ${DEFAULT-VALUE}.")
  EvaluateCoco.Engine engine;

  @Option(
      names = "--json",
      description = "Print JSON: stats, named, per_category, params_signature.")
  boolean json;

  @Option(
      names = "--plots",
      paramLabel = "DIR",
      description =
          "Write each category's precision-recall curve (IoU 0.50, area all, maxDets 100, over the"
              + " 101 recall thresholds) as <id>-<name>.png into DIR (any Hadoop URI). Default: no"
              + " plots.")
  String plots;

  @Override
  public Integer call() {
    if (!iouType.equals("bbox") && !iouType.equals("segm")) {
      throw dev.dlpipe.engines.UserError.of(
          "invalid --iou-type " + iouType,
          "COCO evaluation supports bbox and segm",
          "pass bbox or segm");
    }
    EvaluateCoco.Spec what =
        new EvaluateCoco.Spec(gt, dets, iouType, dataset, model, engine, plots);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          EvaluateCoco.Result r = EvaluateCoco.run(warehouse, what, run);
          if (json) {
            System.out.println(toJson(r));
          } else {
            r.summary().forEach(System.out::println);
          }
          return new JobRunner.Outcome(
              new RowCounts(r.detCount(), r.detCount(), 0),
              String.format(
                  "%s: %,d images, %,d ground-truth annotations, %,d detections evaluated%s%s",
                  iouType,
                  r.images(),
                  r.gtCount(),
                  r.detCount(),
                  r.onSpark() ? " on Spark" : "",
                  plots == null
                      ? ""
                      : String.format(", %d PR curves in %s", r.plots().size(), plots)));
        });
  }

  static String toJson(EvaluateCoco.Result r) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode node = mapper.createObjectNode();
    var stats = node.putArray("stats");
    ObjectNode named = node.putObject("named");
    String[] names = EvaluateCoco.Result.names();
    for (int i = 0; i < r.stats().length; i++) {
      stats.add(r.stats()[i]);
      named.put(names[i], r.stats()[i]);
    }
    ObjectNode perCategory = node.putObject("per_category");
    r.perCategory()
        .forEach(
            (cat, v) -> {
              ObjectNode c = perCategory.putObject(String.valueOf(cat));
              c.put("name", r.categoryNames().getOrDefault(cat, ""));
              c.put("AP", v[0]);
              c.put("AP50", v[1]);
            });
    node.put("params_signature", r.paramsSignature());
    return JsonOutput.pretty(node);
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.EvalCocoJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new EvalCocoJob(), args));
  }
}
