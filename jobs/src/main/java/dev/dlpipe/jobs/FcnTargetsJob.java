package dev.dlpipe.jobs;

import dev.dlpipe.pipelines.vision.FcnTargets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fcn-targets}: per-image class masks for FCN training. */
@Command(
    name = "fcn-targets",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Class masks for FCN training into dlpipe.vision.masks.",
      "",
      "VOC: the SegmentationClass palette PNG's indices (255 = void kept as void); VOC images without"
          + " one are skipped and counted. COCO: objects' polygons/RLE painted with the categories'"
          + " labels, crowd regions void. With --size N, masks are resized nearest-neighbour to N x"
          + " N. Unreadable or mis-sized masks go to dlpipe.ops.rejects. The run replaces the"
          + " dataset.",
      ""
    })
public final class FcnTargetsJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "NAME",
      description = "An ingested dataset (ingest-voc, ingest-coco).")
  String dataset;

  @Option(
      names = "--size",
      defaultValue = "0",
      paramLabel = "N",
      description = "Resize masks to N x N (nearest neighbour). Default: the image's own size.")
  int size;

  @Override
  public Integer call() {
    FcnTargets.Spec what = new FcnTargets.Spec(dataset, size);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          FcnTargets.Result r = FcnTargets.run(warehouse, what, run);
          return new JobRunner.Outcome(
              r.counts(),
              String.format(
                  "dataset %s: %,d masks%s, %,d rejected, %,d images without a mask skipped",
                  dataset,
                  r.counts().written(),
                  size > 0 ? " (" + size + "x" + size + ")" : "",
                  r.counts().rejected(),
                  r.skipped()));
        });
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.FcnTargetsJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new FcnTargetsJob(), args));
  }
}
