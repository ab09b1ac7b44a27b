package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.engines.segmentation.IndexMask;
import dev.dlpipe.engines.segmentation.IndexMaskReader;
import dev.dlpipe.engines.vision.ssd.DefaultBoxes;
import dev.dlpipe.engines.vision.ssd.SsdConfig;
import dev.dlpipe.engines.vision.ssd.SsdMatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingest-voc and ingest-coco on real images plus crafted bad files (each must show in the rejects
 * with its reason, and nothing else may be lost), then ssd-targets and fcn-targets on what was
 * ingested, checked against Pillow's facts and the SSD formulas.
 */
class IngestJobsTest {
  @TempDir Path tmp;

  private static final Path SAMPLES = JobTesting.projectRoot().resolve("sample-data");

  /** Rejects of a run as "locator reason" → message. */
  private static Map<String, String> rejects(String warehouse, String runId) {
    return JobTesting.withWarehouse(
        warehouse,
        spark -> {
          Map<String, String> out = new TreeMap<>();
          for (Row r :
              spark
                  .sql(
                      "SELECT locator, reason_code, message FROM dlpipe.ops.rejects WHERE run_id = '"
                          + runId
                          + "'")
                  .collectAsList()) {
            out.put(r.getString(0) + " " + r.getString(1), r.getString(2));
          }
          return out;
        });
  }

  @Test
  void vocFolderWithCraftedBadFiles() throws IOException {
    Path voc = tmp.resolve("VOC2007");
    Path ann = Files.createDirectories(voc.resolve("Annotations"));
    Path jpg = Files.createDirectories(voc.resolve("JPEGImages"));
    Path mini = SAMPLES.resolve("voc/voc2007_mini");
    String xml1 = Files.readString(mini.resolve("Annotations/000001.xml"));
    String xml2 = Files.readString(mini.resolve("Annotations/000002.xml"));
    byte[] jpg1 = Files.readAllBytes(mini.resolve("JPEGImages/000001.jpg"));
    byte[] jpg2 = Files.readAllBytes(mini.resolve("JPEGImages/000002.jpg"));
    for (String id : List.of("000001", "000002")) {
      Files.copy(mini.resolve("Annotations/" + id + ".xml"), ann.resolve(id + ".xml"));
      Files.copy(mini.resolve("JPEGImages/" + id + ".jpg"), jpg.resolve(id + ".jpg"));
    }
    // A truncated JPEG (its 2 objects go with it).
    Files.writeString(ann.resolve("trunc.xml"), xml1.replace("000001.jpg", "trunc.jpg"));
    Files.write(jpg.resolve("trunc.jpg"), Arrays.copyOf(jpg1, 6000));
    // XXE: an external entity pointing at a local file.
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOP-SECRET-CONTENT");
    Files.writeString(
        ann.resolve("xxe.xml"),
        "<?xml version=\"1.0\"?>\n<!DOCTYPE annotation [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]>\n"
            + xml2.replace("<name>train</name>", "<name>&xxe;</name>"));
    Files.copy(mini.resolve("JPEGImages/000002.jpg"), jpg.resolve("xxe.jpg"));
    // A file name escaping the images root (with --image-name id the name is still checked).
    Files.writeString(ann.resolve("escape.xml"), xml2.replace("000002.jpg", "../../secret.txt"));
    Files.copy(mini.resolve("JPEGImages/000002.jpg"), jpg.resolve("escape.jpg"));
    // Degenerate, clipped, wholly outside and unknown-class objects next to a good one.
    String extra =
        object("train", 100, 50, 100, 90)
            + object("train", 300, 400, 360, 520)
            + object("train", 400, 10, 420, 30)
            + object("unicorn", 10, 10, 50, 50)
            + "</annotation>";
    Files.writeString(ann.resolve("boxes.xml"), xml2.replace("</annotation>", extra));
    Files.write(jpg.resolve("boxes.jpg"), jpg2);
    // The annotation's size disagrees with the image.
    Files.writeString(
        ann.resolve("size.xml"), xml2.replace("<width>335</width>", "<width>336</width>"));
    Files.write(jpg.resolve("size.jpg"), jpg2);
    // Not an image at all; malformed XML.
    Files.writeString(ann.resolve("text.xml"), xml2);
    Files.writeString(jpg.resolve("text.jpg"), "<html>404 not found</html>");
    Files.writeString(ann.resolve("broken.xml"), xml2.substring(0, 200));
    Path imageset = Files.createDirectories(voc.resolve("ImageSets/Main"));
    Files.writeString(
        imageset.resolve("trainval.txt"),
        "000001\n000002\ntrunc\nxxe\nescape\nboxes\nsize\ntext\nbroken\nmissing\n../etc\n000001\n");
    String warehouse = tmp.resolve("wh").toUri().toString();
    JobTesting.Result r =
        JobTesting.job(
            warehouse,
            "ingest-voc",
            "--root",
            voc.toString(),
            "--split",
            "trainval",
            "--dataset",
            "voc-bad",
            "--run-id",
            "iv");
    assertThat(r.status()).as(r.err()).isZero();
    // images: 12 listed = 3 written + 9 rejected; objects: 2+1+2 (trunc) +1 (escape) +5 (boxes)
    // +1 (size) +1 (text) = 13 read = 5 written + 8 rejected; 20 categories.
    assertThat(r.out())
        .contains("dataset voc-bad: 3 images (9 rejected), 5 objects (8 rejected, 1 clipped)")
        .contains("read 45 = written 28 + rejected 17");

    Map<String, String> rej = rejects(warehouse, "iv");
    assertThat(rej.keySet())
        .containsExactlyInAnyOrder(
            "image:trunc TRUNCATED_IMAGE",
            "object:trunc#0 IMAGE_REJECTED",
            "object:trunc#1 IMAGE_REJECTED",
            "image:xxe UNSAFE_XML",
            "image:escape UNSAFE_PATH",
            "object:escape#0 IMAGE_REJECTED",
            "object:boxes#1 DEGENERATE_BOX",
            "object:boxes#3 BOX_OUTSIDE_IMAGE",
            "object:boxes#4 UNKNOWN_CATEGORY",
            "image:size SIZE_MISMATCH",
            "object:size#0 IMAGE_REJECTED",
            "image:text NOT_AN_IMAGE",
            "object:text#0 IMAGE_REJECTED",
            "image:broken MALFORMED_XML",
            "image:missing MISSING_ANNOTATION",
            "image:../etc UNSAFE_PATH",
            "image:000001 DUPLICATE_IMAGE");
    assertThat(rej.get("image:xxe UNSAFE_XML")).contains("DOCTYPE").doesNotContain("TOP-SECRET");
    assertThat(rej.get("image:escape UNSAFE_PATH")).contains("'..'");
    assertThat(rej.get("object:boxes#1 DEGENERATE_BOX")).contains("width 0");
    assertThat(rej.get("image:size SIZE_MISMATCH"))
        .isEqualTo("the image is 335x500 but its annotation says 336x500");

    JobTesting.withWarehouse(
        warehouse,
        spark -> {
          List<Row> objects =
              spark
                  .sql(
                      "SELECT image_id, object_index, category_id, category, x_min, y_min, x_max, y_max,"
                          + " area, difficult, truncated, clipped FROM dlpipe.vision.objects"
                          + " WHERE dataset = 'voc-bad' ORDER BY image_id, object_index")
                  .collectAsList();
          assertThat(objects).hasSize(5);
          // VOC coordinates unchanged; dog = VOC class 12; area without the +1 rule.
          assertThat(objects.get(0).toString())
              .isEqualTo("[000001,0,12,dog,48.0,240.0,195.0,371.0,19257.0,false,true,false]");
          assertThat(objects.get(3).toString())
              .isEqualTo("[boxes,0,19,train,139.0,200.0,207.0,301.0,6868.0,false,false,false]");
          // Clipped to the 335x500 image and flagged.
          assertThat(objects.get(4).toString())
              .isEqualTo("[boxes,1,19,train,300.0,400.0,335.0,500.0,3500.0,false,false,true]");
          Row img =
              spark
                  .sql(
                      "SELECT file, width, height, channels, format, md5, num_objects, mask_file, origin"
                          + " FROM dlpipe.vision.images WHERE dataset = 'voc-bad' AND image_id = '000001'")
                  .first();
          assertThat(img.getString(0)).startsWith("file:").endsWith("JPEGImages/000001.jpg");
          assertThat(img.getInt(1)).isEqualTo(353);
          assertThat(img.getInt(2)).isEqualTo(500);
          assertThat(img.getString(5)).isEqualTo("b2c1c967f655077ab651a54152928e4f");
          assertThat(img.getInt(6)).isEqualTo(2);
          assertThat(img.isNullAt(7)).isTrue();
          assertThat(img.getString(8)).isEqualTo("voc");
          assertThat(
                  spark
                      .sql(
                          "SELECT count(*) FROM dlpipe.vision.categories WHERE dataset = 'voc-bad'")
                      .first()
                      .getLong(0))
              .isEqualTo(20);
          return null;
        });

    // A rerun replaces, never duplicates.
    JobTesting.Result again =
        JobTesting.job(
            warehouse,
            "ingest-voc",
            "--root",
            voc.toString(),
            "--split",
            "trainval",
            "--dataset",
            "voc-bad",
            "--run-id",
            "iv");
    assertThat(again.status()).as(again.err()).isZero();
    assertThat(again.out()).contains("read 45 = written 28 + rejected 17");
  }

  private static String object(String name, int x1, int y1, int x2, int y2) {
    return "<object><name>"
        + name
        + "</name><bndbox><xmin>"
        + x1
        + "</xmin><ymin>"
        + y1
        + "</ymin><xmax>"
        + x2
        + "</xmax><ymax>"
        + y2
        + "</ymax></bndbox></object>\n";
  }

  @Test
  void cocoFileWithCraftedBadRecords() throws IOException {
    Path images = Files.createDirectories(tmp.resolve("coco/images"));
    Path shapes = SAMPLES.resolve("coco/case4_shapes_polygons");
    for (int i = 1; i <= 3; i++) {
      Files.copy(shapes.resolve("img_" + i + ".jpg"), images.resolve("img_" + i + ".jpg"));
    }
    byte[] img1 = Files.readAllBytes(shapes.resolve("img_1.jpg"));
    Files.write(images.resolve("trunc.jpg"), Arrays.copyOf(img1, img1.length - 700));
    ObjectMapper json = new ObjectMapper();
    ObjectNode gt = (ObjectNode) json.readTree(shapes.resolve("gt.json").toFile());
    ArrayNode ims = (ArrayNode) gt.get("images");
    ims.addObject().put("id", 10).put("width", 256).put("height", 256).put("file_name", "../x.jpg");
    ims.addObject()
        .put("id", 11)
        .put("width", 256)
        .put("height", 256)
        .put("file_name", "/etc/passwd");
    ims.addObject()
        .put("id", 12)
        .put("width", 256)
        .put("height", 256)
        .put("file_name", "trunc.jpg");
    ims.addObject().put("id", 13).put("width", 256).put("file_name", "img_1.jpg");
    ArrayNode anns = (ArrayNode) gt.get("annotations");
    anns.add(ann(json, 100, 2, 1, 30, 40, 0, 20)); // degenerate: zero width
    anns.add(ann(json, 101, 2, 99, 30, 40, 10, 20)); // unknown category
    anns.add(ann(json, 102, 77, 1, 30, 40, 10, 20)); // unknown image
    anns.add(ann(json, 103, 10, 1, 30, 40, 10, 20)); // on the ../ image
    anns.add(ann(json, 104, 2, 1, 250, 250, 10, 20)); // clipped
    anns.addObject().put("id", 105).put("image_id", 2).put("category_id", 1).put("bbox", "x");
    ObjectNode crowd = ann(json, 106, 3, 2, 0, 0, 40, 30);
    crowd.put("iscrowd", 1);
    ObjectNode rle = crowd.putObject("segmentation");
    rle.putArray("counts").add(1000).add(500).add(256 * 256 - 1500);
    rle.putArray("size").add(256).add(256);
    anns.add(crowd);
    Path file = tmp.resolve("coco/instances.json");
    json.writeValue(file.toFile(), gt);
    String warehouse = tmp.resolve("wh").toUri().toString();
    JobTesting.Result r =
        JobTesting.job(
            warehouse,
            "ingest-coco",
            "--annotations",
            file.toString(),
            "--images",
            images.toString(),
            "--dataset",
            "shapes",
            "--run-id",
            "ic");
    assertThat(r.status()).as(r.err()).isZero();
    // images 7 = 3 + 4 rejected; objects 9 + 7 = 16 = 11 written + 5 rejected; 4 categories
    assertThat(r.out())
        .contains("dataset shapes: 3 images (4 rejected), 11 objects (5 rejected, 1 clipped)")
        .contains("read 27 = written 18 + rejected 9");
    JobTesting.Result masks =
        JobTesting.job(warehouse, "fcn-targets", "--dataset", "shapes", "--size", "128");
    assertThat(masks.status()).as(masks.err()).isZero();
    assertThat(masks.out()).contains("dataset shapes: 3 masks (128x128), 0 rejected");
    Map<String, String> rej = rejects(warehouse, "ic");
    assertThat(rej.keySet())
        .containsExactlyInAnyOrder(
            "image:10 UNSAFE_PATH",
            "annotation:103 IMAGE_REJECTED",
            "image:11 UNSAFE_PATH",
            "image:12 TRUNCATED_IMAGE",
            "image:#7 (id 13) MALFORMED_RECORD",
            "annotation:100 DEGENERATE_BOX",
            "annotation:101 UNKNOWN_CATEGORY",
            "annotation:102 UNKNOWN_IMAGE",
            "annotation:#15 (id 105) MALFORMED_RECORD");
    assertThat(rej.get("image:11 UNSAFE_PATH")).contains("absolute");

    JobTesting.withWarehouse(
        warehouse,
        spark -> {
          Row clipped =
              spark
                  .sql(
                      "SELECT x_min, y_min, x_max, y_max, area, clipped FROM dlpipe.vision.objects"
                          + " WHERE dataset = 'shapes' AND annotation_id = 104")
                  .first();
          assertThat(clipped.toString()).isEqualTo("[250.0,250.0,256.0,256.0,200.0,true]");
          Row crowdRow =
              spark
                  .sql(
                      "SELECT iscrowd, segmentation FROM dlpipe.vision.objects WHERE annotation_id = 106")
                  .first();
          assertThat(crowdRow.getBoolean(0)).isTrue();
          assertThat(crowdRow.getString(1))
              .isEqualTo(
                  new dev.dlpipe.engines.detection.coco.Rle(
                          256, 256, new int[] {1000, 500, 256 * 256 - 1500})
                      .toString());
          // Class maps: image 1 (img_3.jpg) has a cloud, a heart and an arrow (labels 1, 2, 3);
          // image 3 carries the crowd region, painted void.
          List<Row> maps =
              spark
                  .sql(
                      "SELECT image_id, width, height, classes FROM dlpipe.vision.masks"
                          + " WHERE dataset = 'shapes' ORDER BY image_id")
                  .collectAsList();
          assertThat(maps).hasSize(3);
          assertThat(maps.get(0).toString()).isEqualTo("[1,128,128,WrappedArray(0, 1, 2, 3)]");
          assertThat(maps.get(2).<Integer>getList(3)).contains(255);
          // Polygons became RLE with pycocotools' area for the first shape (image 1, a cloud).
          Row poly =
              spark
                  .sql(
                      "SELECT category, segmentation, area FROM dlpipe.vision.objects"
                          + " WHERE dataset = 'shapes' AND image_id = '1' ORDER BY object_index")
                  .first();
          assertThat(poly.getString(0)).isEqualTo("cloud");
          assertThat(
                  dev.dlpipe.engines.detection.coco.Rle.fromString(poly.getString(1), 256, 256)
                      .area())
              .isPositive();
          return null;
        });
  }

  private static ObjectNode ann(
      ObjectMapper json, int id, int image, int category, double x, double y, double w, double h) {
    ObjectNode a = json.createObjectNode();
    a.put("id", id).put("image_id", image).put("category_id", category).put("iscrowd", 0);
    a.put("area", w * h);
    a.putArray("bbox").add(x).add(y).add(w).add(h);
    return a;
  }

  @Test
  void ssdTargetsAgreeWithPillowsFactsAndThePaperFormulas() throws IOException {
    String warehouse = tmp.resolve("wh").toUri().toString();
    Path cartucho = SAMPLES.resolve("voc/det_cartucho");
    Path imageset =
        Files.writeString(tmp.resolve("three.txt"), "2007_000027\n2007_000032\n2007_000033\n");
    JobTesting.Result ingest =
        JobTesting.job(
            warehouse,
            "ingest-voc",
            "--root",
            cartucho.toString(),
            "--images",
            cartucho.resolve("images").toString(),
            "--imageset",
            imageset.toString(),
            "--classes",
            "infer",
            "--dataset",
            "cartucho3");
    assertThat(ingest.status()).as(ingest.err()).isZero();
    assertThat(ingest.out()).contains("3 images (0 rejected), 34 objects (0 rejected, 0 clipped)");
    JobTesting.Result mini =
        JobTesting.job(
            warehouse,
            "ingest-voc",
            "--root",
            SAMPLES.resolve("voc/voc2007_mini").toString(),
            "--split",
            "trainval",
            "--dataset",
            "mini");
    assertThat(mini.status()).as(mini.err()).isZero();
    for (String dataset : List.of("cartucho3", "mini")) {
      JobTesting.Result t =
          JobTesting.job(
              warehouse, "ssd-targets", "--dataset", dataset, "--run-id", "t-" + dataset);
      assertThat(t.status()).as(t.err()).isZero();
    }
    JsonNode facts =
        new ObjectMapper().readTree(SAMPLES.resolve("images/image_facts.json").toFile());
    Map<String, String> factKeys = new HashMap<>();
    for (String id : List.of("2007_000027", "2007_000032", "2007_000033")) {
      factKeys.put(id, "voc/det_case1_cartucho_real_yolo/images/" + id + ".jpg");
    }
    factKeys.put("000001", "voc/real_voc_xml/VOC2007/000001.jpg");
    factKeys.put("000002", "voc/real_voc_xml/VOC2012/000001.jpg");
    DefaultBoxes priors = DefaultBoxes.of(SsdConfig.ssd300(), false);
    SsdMatcher decoder = new SsdMatcher(priors, 0.5, new double[] {0.1, 0.2}, 3);
    JobTesting.withWarehouse(
        warehouse,
        spark -> {
          List<Row> rows =
              spark
                  .sql(
                      "SELECT t.image_id, t.image, t.gt_boxes, t.gt_labels, t.positive_index,"
                          + " t.positive_label, t.positive_offsets, t.hard_negatives, t.num_priors,"
                          + " i.md5, i.width, i.height, t.input_size"
                          + " FROM dlpipe.vision.ssd_targets t JOIN dlpipe.vision.images i"
                          + " USING (dataset, image_id) ORDER BY image_id")
                  .collectAsList();
          assertThat(rows).hasSize(5);
          for (Row r : rows) {
            String id = r.getString(0);
            JsonNode fact = facts.get(factKeys.get(id));
            assertThat(r.getString(9)).as(id).isEqualTo(fact.get("file_md5").asText());
            assertThat(r.getInt(10)).isEqualTo(fact.get("width").asInt());
            assertThat(r.getInt(11)).isEqualTo(fact.get("height").asInt());
            assertThat(r.getInt(12)).isEqualTo(300);
            assertThat((byte[]) r.get(1)).hasSize(3 * 300 * 300);
            // Resized boxes: Pillow facts' x*300/W, y*300/H, in annotation order.
            List<Float> gt = r.getList(2);
            JsonNode boxes = fact.get("boxes");
            assertThat(gt).hasSize(4 * boxes.size());
            for (int b = 0; b < boxes.size(); b++) {
              for (int c = 0; c < 4; c++) {
                assertThat(gt.get(4 * b + c) * 300.0)
                    .as(id + " box " + b)
                    .isCloseTo(
                        boxes.get(b).get("resize_300x300_xyxy").get(c).asDouble(),
                        Offset.offset(1e-3));
              }
            }
            // Every positive decodes back to one of the ground truths, with its label.
            List<Integer> index = r.getList(4);
            List<Integer> label = r.getList(5);
            List<Float> offsets = r.getList(6);
            List<Integer> gtLabels = r.getList(3);
            assertThat(index).isNotEmpty().isSorted();
            for (int p = 0; p < index.size(); p++) {
              double[] o = new double[4];
              for (int c = 0; c < 4; c++) {
                o[c] = offsets.get(4 * p + c);
              }
              double[] box = decoder.decode(o, priors.box(index.get(p)));
              boolean found = false;
              for (int g = 0; g < gtLabels.size() && !found; g++) {
                boolean same = gtLabels.get(g).equals(label.get(p));
                for (int c = 0; c < 4; c++) {
                  same &= Math.abs(box[c] - gt.get(4 * g + c)) < 1e-4;
                }
                found = same;
              }
              assertThat(found).as(id + " positive " + index.get(p)).isTrue();
            }
            assertThat(r.getInt(7)).isEqualTo(Math.min(3 * index.size(), 8732 - index.size()));
            assertThat(r.getInt(8)).isEqualTo(8732);
          }
          // The training job's reading of the layout: CHW planes. The top-left output pixel of a
          // 640x480 → 300x300 bilinear resize lies between source pixels 0 and 1, near Pillow's
          // (0, 0) value.
          Row first = rows.get(2); // 2007_000027
          byte[] chw = (byte[]) first.get(1);
          JsonNode at00 = facts.get(factKeys.get("2007_000027")).get("pixel_rgb_at_0_0");
          for (int c = 0; c < 3; c++) {
            assertThat(chw[c * 90000] & 0xff).isCloseTo(at00.get(c).asInt(), Offset.offset(12));
          }
          return null;
        });
  }

  @Test
  void fcnMasksFromVocPalettePngs() throws IOException {
    String warehouse = tmp.resolve("wh").toUri().toString();
    // A one-image VOC2012 segmentation folder from the DeepLab sample (image 1 and its GT).
    Path voc = tmp.resolve("VOC2012");
    Path seg = SAMPLES.resolve("voc/seg_deeplab");
    Files.createDirectories(voc.resolve("Annotations"));
    Files.createDirectories(voc.resolve("JPEGImages"));
    Files.createDirectories(voc.resolve("SegmentationClass"));
    Files.writeString(
        voc.resolve("Annotations/s1.xml"),
        "<annotation><filename>s1.png</filename><size><width>513</width><height>513</height>"
            + "<depth>3</depth></size></annotation>");
    Files.copy(seg.resolve("1_image.png"), voc.resolve("JPEGImages/s1.png"));
    Files.copy(seg.resolve("1_target_indexed.png"), voc.resolve("SegmentationClass/s1.png"));
    JobTesting.Result in =
        JobTesting.job(
            warehouse,
            "ingest-voc",
            "--root",
            voc.toString(),
            "--image-name",
            "filename",
            "--dataset",
            "seg");
    assertThat(in.status()).as(in.err()).isZero();
    JobTesting.Result m1 = JobTesting.job(warehouse, "fcn-targets", "--dataset", "seg");
    assertThat(m1.status()).as(m1.err()).isZero();
    assertThat(m1.out()).contains("dataset seg: 1 masks, 0 rejected");
    IndexMask truth = IndexMaskReader.read(seg.resolve("1_target_indexed.png"));
    JobTesting.withWarehouse(
        warehouse,
        spark -> {
          Row v =
              spark
                  .sql(
                      "SELECT mask, width, height, classes, mask_source FROM dlpipe.vision.masks"
                          + " WHERE dataset = 'seg'")
                  .first();
          byte[] mask = (byte[]) v.get(0);
          assertThat(v.getInt(1)).isEqualTo(513);
          int[] got = new int[mask.length];
          for (int i = 0; i < mask.length; i++) {
            got[i] = mask[i] & 0xff;
          }
          assertThat(got).isEqualTo(truth.indices());
          assertThat(v.<Integer>getList(3)).contains(0, 255);
          assertThat(v.getString(4)).isEqualTo("voc_png");
          return null;
        });
  }
}
