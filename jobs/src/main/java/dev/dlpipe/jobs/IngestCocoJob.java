package dev.dlpipe.jobs;

import dev.dlpipe.pipelines.vision.IngestCoco;
import dev.dlpipe.pipelines.vision.IngestImages;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ingest-coco}: a COCO instances file and its images into the vision tables. */
@Command(
    name = "ingest-coco",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "COCO annotations and images into the dlpipe.vision tables.",
      "",
      "Writes dlpipe.vision.images, objects and categories. "
          + "Every image is read through the Hadoop filesystem and decoded once on an executor; a truncated"
          + " or undecodable file, a size that disagrees with the JSON, a file name escaping the"
          + " images folder, a degenerate box, a box wholly outside the image, an unknown category"
          + " or a malformed record goes to dlpipe.ops.rejects with a reason code and the run goes"
          + " on. Boxes partly outside the image are clipped and flagged. Polygons and RLE become"
          + " COCO compact RLE. Records read = written + rejected. The run replaces the dataset.",
      ""
    })
public final class IngestCocoJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--annotations",
      required = true,
      paramLabel = "FILE",
      description = "COCO instances JSON (any Hadoop URI).")
  String annotations;

  @Option(
      names = "--images",
      required = true,
      paramLabel = "DIR",
      description = "Folder that the images' file_name entries are relative to.")
  String images;

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "NAME",
      description = "Dataset name in the vision tables.")
  String dataset;

  @Override
  public Integer call() {
    IngestCoco.Spec what = new IngestCoco.Spec(annotations, images, dataset);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> outcome(dataset, IngestCoco.run(warehouse, what, run)));
  }

  /** The outcome line both ingest jobs print. */
  static JobRunner.Outcome outcome(String dataset, IngestImages.Result r) {
    return new JobRunner.Outcome(
        r.counts(),
        String.format(
            "dataset %s: %,d images (%,d rejected), %,d objects (%,d rejected, %,d clipped),"
                + " %,d categories%s",
            dataset,
            r.images().written(),
            r.images().rejected(),
            r.objects().written(),
            r.objects().rejected(),
            r.clipped(),
            r.categories().written(),
            r.rejectsByReason().isEmpty() ? "" : "; rejects by reason " + r.rejectsByReason()));
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.IngestCocoJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new IngestCocoJob(), args));
  }
}
