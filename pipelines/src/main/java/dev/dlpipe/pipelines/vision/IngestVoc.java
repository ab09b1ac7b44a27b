package dev.dlpipe.pipelines.vision;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.detection.voc.VocAnnotation;
import dev.dlpipe.engines.detection.voc.VocAnnotationReader;
import dev.dlpipe.engines.detection.voc.VocObject;
import dev.dlpipe.engines.vision.SafePath;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The {@code ingest-voc} pipeline: a PASCAL VOC folder ({@code Annotations/}, {@code JPEGImages/},
 * {@code ImageSets/Main/}, {@code SegmentationClass/}) into the vision tables (see {@link
 * IngestImages} for the checks and counting). Each annotation XML is parsed on an executor with
 * DTDs and external entities refused ({@link VocAnnotationReader}), then its image is read and
 * checked there.
 *
 * <p>Boxes: VOC's {@code <bndbox>} numbers are taken as continuous coordinates unchanged, as SSD's
 * Caffe data layer and mmdetection 2+ read them (a box 48..195 is 147 wide, not the devkit's 148;
 * {@code eval-voc} keeps the devkit's +1 rule). Image file: {@code <images>/<id>.jpg} (the devkit's
 * rule, default) or {@code <images>/<filename>}; the {@code <filename>} text is checked for path
 * escapes either way ({@code UNSAFE_PATH}). An image with a {@code SegmentationClass/<id>.png}
 * records it for {@code fcn-targets}.
 */
public final class IngestVoc {
  /** The 20 PASCAL VOC classes in the devkit's order; category ids 1..20. */
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

  private IngestVoc() {}

  /** How an image's file is found. */
  public enum ImageName {
    /** {@code <images>/<id>.jpg}, as the VOC devkit and the reference loaders do. */
    id,
    /** {@code <images>/<filename>} from the XML. */
    filename
  }

  /**
   * What to ingest.
   *
   * @param root the VOC folder (e.g. {@code VOCdevkit/VOC2007})
   * @param split image set name under {@code ImageSets/Main}, or null for every annotation file
   * @param imageset an image set file overriding the split, or null
   * @param images images folder, or null for {@code <root>/JPEGImages}
   * @param classes {@code voc} (the 20 classes), {@code infer} (every name found, sorted), or a
   *     file with one class per line
   * @param imageName how image files are found
   * @param dataset dataset name; the run replaces it in the vision tables
   */
  public record Spec(
      String root,
      String split,
      String imageset,
      String images,
      String classes,
      ImageName imageName,
      String dataset) {
    public Spec {
      IngestImages.datasetName(dataset);
      if (split != null && SafePath.why(split) != null) {
        throw UserError.of(
            "invalid --split '" + split + "'",
            SafePath.why(split),
            "pass an image set name such as trainval, test or train");
      }
    }
  }

  /** One annotation to read on an executor. */
  record XmlTask(String imageId, String xml, String images, String mask, ImageName imageName)
      implements Serializable {}

  /** Runs the ingestion; see the class documentation. */
  public static IngestImages.Result run(Warehouse warehouse, Spec spec, RunContext run) {
    var spark = warehouse.spark();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String root = IngestImages.qualify(conf, spec.root());
    String annotations = root + "/Annotations";
    String images =
        spec.images() != null ? IngestImages.qualify(conf, spec.images()) : root + "/JPEGImages";
    String dataset = spec.dataset();
    IngestImages.Stamp stamp = new IngestImages.Stamp(dataset, run.runId(), run.job());
    List<Row> early = new ArrayList<>();

    // Image ids: from the image set, else every Annotations/*.xml.
    List<String> ids = new ArrayList<>();
    String listSource;
    if (spec.imageset() != null || spec.split() != null) {
      listSource =
          spec.imageset() != null
              ? IngestImages.qualify(conf, spec.imageset())
              : root + "/ImageSets/Main/" + spec.split() + ".txt";
      int line = 0;
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (String l : readLines(conf, listSource)) {
        line++;
        String id = l.trim().split("\\s+")[0];
        if (id.isEmpty()) {
          continue;
        }
        if (SafePath.why(id) != null || id.contains("/") || id.contains("\\")) {
          early.add(
              stamp.reject(
                  listSource,
                  "image:" + id,
                  "UNSAFE_PATH",
                  "line " + line + ": image id '" + id + "' is not a plain file name"));
        } else if (!seen.add(id)) {
          early.add(
              stamp.reject(
                  listSource,
                  "image:" + id,
                  "DUPLICATE_IMAGE",
                  "line " + line + ": image id " + id + " is listed twice; the first is kept"));
        } else {
          ids.add(id);
        }
      }
    } else {
      listSource = annotations;
      try {
        Path dir = new Path(annotations);
        for (FileStatus f : dir.getFileSystem(conf).listStatus(dir)) {
          String n = f.getPath().getName();
          if (f.isFile() && n.toLowerCase(Locale.ROOT).endsWith(".xml") && !n.startsWith(".")) {
            ids.add(n.substring(0, n.length() - 4));
          }
        }
      } catch (FileNotFoundException e) {
        throw UserError.of(
            "no Annotations folder in " + spec.root(),
            "a VOC folder has Annotations/<id>.xml",
            "pass --root VOCdevkit/VOC2007 (the folder that holds Annotations and JPEGImages)");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + annotations, e);
      }
      ids.sort(null);
    }
    if (ids.isEmpty() && early.isEmpty()) {
      throw UserError.of(
          "no images to ingest in " + spec.root(),
          "the image list " + listSource + " is empty",
          "check --root, --split or --imageset");
    }

    Map<String, Long> classIds = explicitClasses(conf, spec.classes());
    String masks = root + "/SegmentationClass";
    List<XmlTask> tasks = new ArrayList<>();
    for (String id : ids) {
      tasks.add(new XmlTask(id, annotations + "/" + id + ".xml", images, masks, spec.imageName()));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> confB = jsc.broadcast(new SerializableConfiguration(conf));
    spark.sparkContext().setJobDescription(run.job() + " " + dataset + ": check images");
    int slices = Math.max(1, Math.min(Math.max(tasks.size(), 1), jsc.defaultParallelism() * 4));
    Map<String, Long> given = classIds;
    JavaRDD<IngestImages.Ingested> checked =
        jsc.parallelize(tasks, slices)
            .map(t -> checkOne(confB.value().value(), t, stamp, given))
            .persist(StorageLevel.MEMORY_AND_DISK());
    if (classIds.isEmpty()) {
      // infer: every class name among the kept objects, sorted.
      TreeSet<String> names =
          new TreeSet<>(
              checked
                  .flatMap(i -> i.objects.stream().map(o -> o.category()).iterator())
                  .distinct()
                  .collect());
      classIds = new LinkedHashMap<>();
      for (String n : names) {
        classIds.put(n, (long) classIds.size() + 1);
      }
    }
    List<Row> categoryRows = new ArrayList<>();
    for (Map.Entry<String, Long> c : classIds.entrySet()) {
      categoryRows.add(
          IngestImages.categoryRow(
              dataset, c.getValue(), c.getKey(), null, c.getValue().intValue(), run.runId()));
    }
    return IngestImages.write(
        warehouse,
        run,
        dataset,
        checked,
        early,
        categoryRows,
        categoryRows.size(),
        early.size(),
        0,
        classIds);
  }

  /** Name → id for {@code voc} or a class file; empty for {@code infer}. */
  private static Map<String, Long> explicitClasses(Configuration conf, String classes) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (classes.equals("infer")) {
      return out;
    }
    List<String> names = classes.equals("voc") ? VOC_CLASSES : readLines(conf, classes);
    for (String n : names) {
      String name = n.trim();
      if (!name.isEmpty() && !out.containsKey(name)) {
        out.put(name, (long) out.size() + 1);
      }
    }
    if (out.isEmpty()) {
      throw UserError.of(
          "no class names in " + classes,
          "--classes names a file with one class per line",
          "list the classes, or pass --classes voc or --classes infer");
    }
    if (out.size() > 254) {
      throw UserError.of(
          "too many classes in " + classes + " (" + out.size() + ")",
          "class masks hold 254 classes (0 is background, 255 void)",
          "merge classes");
    }
    return out;
  }

  private static List<String> readLines(Configuration conf, String uri) {
    Path p = new Path(uri);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n"));
    } catch (FileNotFoundException e) {
      throw UserError.of(
          "file " + uri + " not found",
          "it is the image set or class list this run needs",
          "check --root, --split, --imageset or --classes");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri, e);
    }
  }

  /** Parses one annotation and checks its image, on an executor. */
  static IngestImages.Ingested checkOne(
      Configuration conf, XmlTask t, IngestImages.Stamp stamp, Map<String, Long> classes)
      throws IOException {
    IngestImages.Ingested out = new IngestImages.Ingested();
    out.imageId = t.imageId();
    Path xml = new Path(t.xml());
    FileSystem fs = xml.getFileSystem(conf);
    VocAnnotation a;
    try (InputStream in = fs.open(xml)) {
      a = VocAnnotationReader.read(in, xml.toString());
    } catch (FileNotFoundException e) {
      return IngestImages.rejectAll(
          out,
          t.imageId(),
          t.xml(),
          List.of(),
          stamp,
          t.xml(),
          "MISSING_ANNOTATION",
          "no annotation file " + t.xml());
    } catch (UserError e) {
      boolean unsafe = e.problem().startsWith("refused");
      return IngestImages.rejectAll(
          out,
          t.imageId(),
          t.xml(),
          List.of(),
          stamp,
          t.xml(),
          unsafe ? "UNSAFE_XML" : "MALFORMED_XML",
          e.why());
    }
    List<IngestImages.RawObject> objects = new ArrayList<>();
    int n = 0;
    for (VocObject o : a.objects()) {
      objects.add(
          new IngestImages.RawObject(
              "object:" + t.imageId() + "#" + n++,
              null,
              null,
              o.name(),
              new double[] {o.box().xmin(), o.box().ymin(), o.box().xmax(), o.box().ymax()},
              Double.NaN,
              false,
              o.difficult(),
              o.truncated(),
              null,
              null,
              null));
    }
    String why = SafePath.why(a.filename());
    if (why != null) {
      return IngestImages.rejectAll(
          out,
          t.imageId(),
          t.xml(),
          objects,
          stamp,
          t.xml(),
          "UNSAFE_PATH",
          "<filename> '" + a.filename() + "' refused: " + why);
    }
    String file = t.imageName() == ImageName.id ? t.imageId() + ".jpg" : a.filename();
    Path mask = new Path(t.mask() + "/" + t.imageId() + ".png");
    String maskFile = fs.exists(mask) ? mask.toString() : null;
    return IngestImages.check(
        conf,
        new IngestImages.ImageTask(
            "voc",
            t.imageId(),
            t.xml(),
            t.images(),
            file,
            a.width(),
            a.height(),
            maskFile,
            objects),
        stamp,
        classes,
        java.util.Set.of());
  }
}
