package dev.dlpipe.jobs;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.vision.SsdAugment;
import dev.dlpipe.engines.vision.ssd.SsdConfig;
import dev.dlpipe.pipelines.vision.SsdTargets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssd-targets}: SSD inputs and matched targets for an ingested dataset. */
@Command(
    name = "ssd-targets",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "SSD inputs and box targets into dlpipe.vision.ssd_targets.",
      "",
      "For every image of an ingested dataset: the image resized to S x S (uint8 CHW) and its"
          + " targets for the SSD default boxes: each ground truth takes its best box, then every box"
          + " with IoU >= the threshold takes its best ground truth; offsets encoded with variances"
          + " 0.1/0.2; background 0; hard negatives 3:1 recorded. Crowd objects are skipped, and VOC"
          + " difficult ones unless --keep-difficult. Augmentation (SSD paper: photometric, expand,"
          + " random crop) is off by default and seeded per image. The run replaces the dataset's"
          + " rows for the configuration.",
      ""
    })
public final class SsdTargetsJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "NAME",
      description = "An ingested dataset (ingest-voc, ingest-coco).")
  String dataset;

  @Option(
      names = "--ssd-config",
      defaultValue = "ssd300",
      paramLabel = "NAME",
      description = "Default boxes: ssd300 or ssd512 (as ssd-priors). Default: ${DEFAULT-VALUE}.")
  String ssdConfig;

  @Option(
      names = "--iou-threshold",
      defaultValue = "0.5",
      paramLabel = "T",
      description = "IoU from which a default box matches. Default: ${DEFAULT-VALUE}.")
  double iouThreshold;

  @Option(
      names = "--neg-ratio",
      defaultValue = "3",
      paramLabel = "N",
      description = "Hard negatives per positive, for the loss. Default: ${DEFAULT-VALUE}.")
  int negRatio;

  @Option(names = "--keep-difficult", description = "Use VOC objects marked difficult as targets.")
  boolean keepDifficult;

  @Option(
      names = "--augment",
      split = ",",
      paramLabel = "A",
      description = "Augmentations, comma-separated: photometric, expand, crop. Default: none.")
  List<String> augment;

  @Option(
      names = "--seed",
      defaultValue = "0",
      paramLabel = "N",
      description = "Augmentation seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() {
    SsdConfig config;
    try {
      config = SsdConfig.named(ssdConfig);
    } catch (IllegalArgumentException e) {
      throw UserError.of(
          "invalid --ssd-config " + ssdConfig, e.getMessage(), "pass ssd300 or ssd512");
    }
    List<String> a = augment == null ? List.of() : augment;
    for (String name : a) {
      if (!List.of("photometric", "expand", "crop").contains(name)) {
        throw UserError.of(
            "unknown augmentation '" + name + "'",
            "known: photometric, expand, crop",
            "pass e.g. --augment photometric,expand,crop");
      }
    }
    SsdAugment.Options options =
        new SsdAugment.Options(a.contains("photometric"), a.contains("expand"), a.contains("crop"));
    SsdTargets.Spec what =
        new SsdTargets.Spec(dataset, config, iouThreshold, negRatio, keepDifficult, options, seed);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          SsdTargets.Result r = SsdTargets.run(warehouse, what, run);
          return new JobRunner.Outcome(
              r.counts(),
              String.format(
                  java.util.Locale.ROOT,
                  "dataset %s, %s: %,d images, %,d positive default boxes, augmentation %s,"
                      + " %.1f images/s",
                  dataset,
                  config.name(),
                  r.counts().written(),
                  r.positives(),
                  options.signature(),
                  r.counts().read() / Math.max(r.seconds(), 1e-9)));
        });
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.SsdTargetsJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new SsdTargetsJob(), args));
  }
}
