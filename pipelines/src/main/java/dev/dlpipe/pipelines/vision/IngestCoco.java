package dev.dlpipe.pipelines.vision;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.detection.coco.CocoRecords;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The {@code ingest-coco} pipeline: a COCO instances file and its images (any Hadoop filesystem)
 * into {@code dlpipe.vision.images}, {@code objects} and {@code categories} (see {@link
 * IngestImages} for the checks and counting). The JSON is streamed in the driver; each image is
 * read, decoded and checked on an executor with its annotations.
 *
 * <p>Boxes: COCO's {@code [x, y, width, height]} becomes {@code [x, y, x + width, y + height]}.
 * Refused before any image is read: malformed records ({@code MALFORMED_RECORD}), a second image
 * with an id already seen ({@code DUPLICATE_IMAGE}), an annotation whose image is not in the file
 * ({@code UNKNOWN_IMAGE}) or was refused early ({@code IMAGE_REJECTED}), a second category with an
 * id already seen ({@code DUPLICATE_CATEGORY}).
 */
public final class IngestCoco {
  private IngestCoco() {}

  /**
   * What to ingest.
   *
   * @param annotations the instances JSON
   * @param images the images root (file names are relative to it)
   * @param dataset dataset name; the run replaces it in the vision tables
   */
  public record Spec(String annotations, String images, String dataset) {
    public Spec {
      IngestImages.datasetName(dataset);
    }
  }

  /** Runs the ingestion; see the class documentation. */
  public static IngestImages.Result run(Warehouse warehouse, Spec spec, RunContext run) {
    var spark = warehouse.spark();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String source = IngestImages.qualify(conf, spec.annotations());
    String root = IngestImages.qualify(conf, spec.images());
    try {
      Path rootPath = new Path(root);
      if (!rootPath.getFileSystem(conf).getFileStatus(rootPath).isDirectory()) {
        throw new java.io.FileNotFoundException(root + " is not a directory");
      }
    } catch (IOException e) {
      throw UserError.of(
          "images directory " + spec.images() + " cannot be used",
          String.valueOf(e.getMessage()),
          "pass the folder that the file_name entries are relative to (e.g. val2017/)");
    }
    CocoRecords.Content content;
    spark.sparkContext().setJobDescription(run.job() + " " + spec.dataset() + ": read JSON");
    Path path = new Path(source);
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      content = CocoRecords.read(in, source);
    } catch (java.io.FileNotFoundException e) {
      throw UserError.of(
          "COCO annotation file " + spec.annotations() + " not found",
          String.valueOf(e.getMessage()),
          "check --annotations");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    String dataset = spec.dataset();
    IngestImages.Stamp stamp = new IngestImages.Stamp(dataset, run.runId(), run.job());
    List<Row> early = new ArrayList<>();
    for (CocoRecords.Bad b : content.bad()) {
      early.add(stamp.reject(source, b.locator(), b.reason(), b.message()));
    }

    // Categories: first of each id kept; labels 1..K by ascending id (0 is background).
    Map<Long, CocoRecords.Category> categories = new TreeMap<>();
    int categoryIndex = 0;
    for (CocoRecords.Category c : content.categories()) {
      categoryIndex++;
      if (c.id() < 0 || c.id() > Integer.MAX_VALUE) {
        early.add(
            stamp.reject(
                source,
                "category:#" + categoryIndex + " (id " + c.id() + ")",
                "MALFORMED_RECORD",
                "category id " + c.id() + " does not fit 0.." + Integer.MAX_VALUE));
      } else if (categories.putIfAbsent(c.id(), c) != null) {
        early.add(
            stamp.reject(
                source,
                "category:#" + categoryIndex + " (id " + c.id() + ")",
                "DUPLICATE_CATEGORY",
                "category id " + c.id() + " appears twice; the first is kept"));
      }
    }
    List<Row> categoryRows = new ArrayList<>();
    int label = 0;
    for (CocoRecords.Category c : categories.values()) {
      categoryRows.add(
          IngestImages.categoryRow(
              dataset, c.id(), c.name(), c.supercategory(), ++label, run.runId()));
    }

    Map<Long, CocoRecords.ImageRecord> images = new LinkedHashMap<>();
    for (CocoRecords.ImageRecord im : content.images()) {
      if (images.putIfAbsent(im.id(), im) != null) {
        early.add(
            stamp.reject(
                source,
                "image:" + im.id(),
                "DUPLICATE_IMAGE",
                "image id "
                    + im.id()
                    + " appears twice (records #"
                    + images.get(im.id()).index()
                    + " and #"
                    + im.index()
                    + "); the first is kept"));
      }
    }
    Map<Long, List<IngestImages.RawObject>> byImage = new HashMap<>();
    long orphans = 0;
    for (CocoRecords.AnnotationRecord a : content.annotations()) {
      String locator = "annotation:" + a.id();
      if (!images.containsKey(a.imageId())) {
        orphans++;
        early.add(
            stamp.reject(
                source,
                locator,
                "UNKNOWN_IMAGE",
                "image_id " + a.imageId() + " is not among the file's images"));
        continue;
      }
      String name =
          categories.containsKey(a.categoryId()) ? categories.get(a.categoryId()).name() : null;
      double[] b = a.bbox();
      byImage
          .computeIfAbsent(a.imageId(), k -> new ArrayList<>())
          .add(
              new IngestImages.RawObject(
                  locator,
                  a.id(),
                  a.categoryId(),
                  name,
                  new double[] {b[0], b[1], b[0] + b[2], b[1] + b[3]},
                  a.area(),
                  a.crowd(),
                  false,
                  false,
                  a.segmentation(),
                  null,
                  null));
    }
    List<IngestImages.ImageTask> tasks = new ArrayList<>(images.size());
    for (CocoRecords.ImageRecord im : images.values()) {
      tasks.add(
          new IngestImages.ImageTask(
              "coco",
              Long.toString(im.id()),
              source,
              root,
              im.fileName(),
              im.width(),
              im.height(),
              null,
              byImage.getOrDefault(im.id(), List.of())));
    }
    long duplicates = content.images().size() - images.size();
    long malformedImages =
        content.bad().stream().filter(b -> b.locator().startsWith("image:")).count();
    long malformedAnnotations =
        content.bad().stream().filter(b -> b.locator().startsWith("annotation:")).count();
    long malformedCategories =
        content.bad().stream().filter(b -> b.locator().startsWith("category:")).count();

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<org.apache.spark.util.SerializableConfiguration> confB =
        jsc.broadcast(new SerializableConfiguration(conf));
    Set<Long> known = new HashSet<>(categories.keySet());
    spark.sparkContext().setJobDescription(run.job() + " " + dataset + ": check images");
    int slices = Math.max(1, Math.min(Math.max(tasks.size(), 1), jsc.defaultParallelism() * 4));
    var checked =
        jsc.parallelize(tasks, slices)
            .map(t -> IngestImages.check(confB.value().value(), t, stamp, Map.of(), known));
    return IngestImages.write(
        warehouse,
        run,
        dataset,
        checked,
        early,
        categoryRows,
        content.categories().size() + malformedCategories,
        duplicates + malformedImages,
        orphans + malformedAnnotations,
        Map.of());
  }
}
