package dev.dlpipe.jobs;

import dev.dlpipe.pipelines.vision.IngestVoc;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ingest-voc}: a PASCAL VOC folder into the vision tables. */
@Command(
    name = "ingest-voc",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "VOC annotations and images into the dlpipe.vision tables.",
      "",
      "Writes dlpipe.vision.images, objects and categories. "
          + "Reads a VOC2007/VOC2012 folder (Annotations, JPEGImages, ImageSets/Main, SegmentationClass)."
          + " XML is parsed with DTDs and external entities refused. Every image is read through the"
          + " Hadoop filesystem and decoded once; bad files, unsafe file names, size mismatches,"
          + " degenerate boxes, boxes wholly outside the image, unknown classes and malformed XML go"
          + " to dlpipe.ops.rejects with a reason code and the run goes on. Boxes partly outside the"
          + " image are clipped and flagged. Records read = written + rejected. The run replaces the"
          + " dataset.",
      ""
    })
public final class IngestVocJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--root",
      required = true,
      paramLabel = "DIR",
      description = "The VOC folder, e.g. VOCdevkit/VOC2007 (any Hadoop URI).")
  String root;

  @Option(
      names = "--split",
      paramLabel = "NAME",
      description =
          "Image set under ImageSets/Main (trainval, test, ...). Default: every Annotations/*.xml.")
  String split;

  @Option(
      names = "--imageset",
      paramLabel = "FILE",
      description = "An image set file (one id per line) instead of --split.")
  String imageset;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description = "Images folder. Default: <root>/JPEGImages.")
  String images;

  @Option(
      names = "--classes",
      defaultValue = "voc",
      paramLabel = "LIST",
      description =
          "voc (the 20 VOC classes), infer (every name found, sorted) or a file with one class per"
              + " line; an object of another class is rejected. Default: ${DEFAULT-VALUE}.")
  String classes;

  @Option(
      names = "--image-name",
      defaultValue = "id",
      paramLabel = "RULE",
      description =
          "id (<images>/<id>.jpg, as the devkit) or filename (<images>/<filename> from the XML)."
              + " Default: ${DEFAULT-VALUE}.")
  IngestVoc.ImageName imageName;

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "NAME",
      description = "Dataset name in the vision tables.")
  String dataset;

  @Override
  public Integer call() {
    IngestVoc.Spec what =
        new IngestVoc.Spec(root, split, imageset, images, classes, imageName, dataset);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> IngestCocoJob.outcome(dataset, IngestVoc.run(warehouse, what, run)));
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.IngestVocJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new IngestVocJob(), args));
  }
}
