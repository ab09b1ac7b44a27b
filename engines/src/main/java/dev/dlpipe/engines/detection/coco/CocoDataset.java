package dev.dlpipe.engines.detection.coco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A COCO ground-truth file (images, categories, annotations) and results files loaded against it,
 * with pycocotools' semantics ({@code COCO()}, {@code loadRes}, {@code annToRLE}).
 *
 * <p>Bad input fails with an {@link IllegalArgumentException} that names the file and the record:
 * results for an image that is not in the ground truth (pycocotools asserts the same), for an
 * unknown category (pycocotools would silently leave them out), boxes with negative or non-finite
 * values, missing scores.
 */
public final class CocoDataset {
  /** An image: id, size and file name. */
  public record Image(long id, int height, int width, String fileName) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Long, Image> images;
  private final Map<Long, String> categories;
  private final List<CocoAnnotation> annotations;

  private CocoDataset(
      Map<Long, Image> images, Map<Long, String> categories, List<CocoAnnotation> annotations) {
    this.images = images;
    this.categories = categories;
    this.annotations = annotations;
  }

  /** Images by id, in file order. */
  public Map<Long, Image> images() {
    return images;
  }

  /** Category names by id, sorted by id. */
  public Map<Long, String> categories() {
    return categories;
  }

  /** Ground-truth annotations in file order. */
  public List<CocoAnnotation> annotations() {
    return annotations;
  }

  /**
   * Reads a ground-truth file. With {@code masks}, segmentations become RLE (polygons rasterized
   * and merged, uncompressed RLE taken as is, compressed strings decoded), as pycocotools'
   * annToRLE.
   */
  public static CocoDataset read(InputStream in, String origin, boolean masks) throws IOException {
    JsonNode root = JSON.readTree(in);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          origin + ": not a COCO ground-truth file (expected a JSON object)");
    }
    Map<Long, Image> images = new LinkedHashMap<>();
    for (JsonNode im : array(root, "images", origin)) {
      long id = longField(im, "id", origin, "image");
      images.put(
          id,
          new Image(
              id,
              im.path("height").asInt(0),
              im.path("width").asInt(0),
              im.path("file_name").asText("")));
    }
    Map<Long, String> categories = new TreeMap<>();
    for (JsonNode c : array(root, "categories", origin)) {
      categories.put(longField(c, "id", origin, "category"), c.path("name").asText(""));
    }
    List<CocoAnnotation> anns = new ArrayList<>();
    int index = 0;
    for (JsonNode a : root.path("annotations")) {
      index++;
      String where = origin + " annotation #" + index + " (id " + a.path("id").asText("?") + ")";
      long imageId = longField(a, "image_id", where, "annotation");
      Image image = images.get(imageId);
      if (image == null) {
        throw new IllegalArgumentException(where + ": image_id " + imageId + " is not in images");
      }
      double[] bbox = box(a.get("bbox"), where);
      Rle mask = masks ? toRle(a.get("segmentation"), image, where) : null;
      anns.add(
          new CocoAnnotation(
              longField(a, "id", where, "annotation"),
              imageId,
              longField(a, "category_id", where, "annotation"),
              a.path("area").asDouble(0),
              a.path("iscrowd").asInt(0) != 0 || a.path("iscrowd").asBoolean(false),
              bbox,
              0,
              mask));
    }
    return new CocoDataset(images, categories, anns);
  }

  /**
   * Loads a results file (a JSON array of detections) as pycocotools' loadRes: ids are positions +
   * 1; with boxes (the first result has a non-empty bbox) the area is w*h; with segmentations only,
   * the area is the mask's and the box its bounding box.
   */
  public List<CocoAnnotation> readResults(InputStream in, String origin, boolean masks)
      throws IOException {
    JsonNode root = JSON.readTree(in);
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException(
          origin + ": not a COCO results file (expected a JSON array of detections)");
    }
    List<CocoAnnotation> out = new ArrayList<>(root.size());
    if (root.isEmpty()) {
      return out;
    }
    JsonNode first = root.get(0);
    boolean boxes = first.has("bbox") && first.get("bbox").size() > 0;
    if (!boxes && !first.has("segmentation")) {
      throw new IllegalArgumentException(
          origin + ": the first result has neither bbox nor segmentation");
    }
    int i = 0;
    for (JsonNode r : root) {
      i++;
      String where = origin + " result #" + i;
      long imageId = longField(r, "image_id", where, "result");
      Image image = images.get(imageId);
      if (image == null) {
        throw new IllegalArgumentException(
            where
                + ": image_id "
                + imageId
                + " is not in the ground truth (results must be for its images)");
      }
      long categoryId = longField(r, "category_id", where, "result");
      if (!categories.containsKey(categoryId)) {
        throw new IllegalArgumentException(
            where + ": category_id " + categoryId + " is not a ground-truth category");
      }
      JsonNode scoreNode = r.get("score");
      if (scoreNode == null || !scoreNode.isNumber() || !Double.isFinite(scoreNode.asDouble())) {
        throw new IllegalArgumentException(where + ": score is missing or not a finite number");
      }
      double[] bbox;
      double area;
      Rle mask = null;
      if (boxes) {
        bbox = box(r.get("bbox"), where);
        area = bbox[2] * bbox[3];
        if (masks) {
          mask =
              r.has("segmentation")
                  ? toRle(r.get("segmentation"), image, where)
                  : toRle(boxPolygon(bbox), image, where);
        }
      } else {
        mask = toRle(r.get("segmentation"), image, where);
        area = mask.area();
        bbox = r.has("bbox") ? box(r.get("bbox"), where) : mask.toBbox();
        if (!masks) {
          mask = null;
        }
      }
      out.add(
          new CocoAnnotation(
              i, imageId, categoryId, area, false, bbox, scoreNode.asDouble(), mask));
    }
    return out;
  }

  private static JsonNode boxPolygon(double[] bb) {
    double x1 = bb[0];
    double x2 = bb[0] + bb[2];
    double y1 = bb[1];
    double y2 = bb[1] + bb[3];
    var poly = JSON.createArrayNode();
    var xy = poly.addArray();
    for (double v : new double[] {x1, y1, x1, y2, x2, y2, x2, y1}) {
      xy.add(v);
    }
    return poly;
  }

  /** pycocotools' frPyObjects + merge for one annotation's segmentation. */
  private static Rle toRle(JsonNode seg, Image image, String where) {
    if (seg == null || seg.isNull()) {
      throw new IllegalArgumentException(where + ": no segmentation");
    }
    if (seg.isArray()) {
      if (seg.isEmpty() || !seg.get(0).isArray()) {
        throw new IllegalArgumentException(where + ": segmentation must be a list of polygons");
      }
      boolean boxes = seg.get(0).size() == 4;
      List<Rle> parts = new ArrayList<>();
      for (JsonNode poly : seg) {
        double[] xy = new double[poly.size()];
        for (int i = 0; i < xy.length; i++) {
          xy[i] = poly.get(i).asDouble();
        }
        if (!boxes && xy.length <= 4) {
          throw new IllegalArgumentException(
              where + ": a polygon needs at least 3 points, got " + xy.length + " numbers");
        }
        parts.add(
            boxes
                ? Rle.fromBbox(xy, image.height(), image.width())
                : Rle.fromPolygon(xy, image.height(), image.width()));
      }
      return Rle.merge(parts, false);
    }
    JsonNode size = seg.get("size");
    JsonNode counts = seg.get("counts");
    if (size == null || counts == null || size.size() != 2) {
      throw new IllegalArgumentException(where + ": RLE segmentation needs size [h, w] and counts");
    }
    int h = size.get(0).asInt();
    int w = size.get(1).asInt();
    if (counts.isTextual()) {
      return Rle.fromString(counts.asText(), h, w);
    }
    int[] c = new int[counts.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = (int) counts.get(i).asLong();
    }
    return new Rle(h, w, c);
  }

  private static double[] box(JsonNode bb, String where) {
    if (bb == null || !bb.isArray() || bb.size() != 4) {
      throw new IllegalArgumentException(where + ": bbox must be [x, y, width, height]");
    }
    double[] out = new double[4];
    for (int i = 0; i < 4; i++) {
      out[i] = bb.get(i).asDouble(Double.NaN);
      if (!Double.isFinite(out[i])) {
        throw new IllegalArgumentException(where + ": bbox has a non-finite value: " + bb);
      }
    }
    if (out[2] < 0 || out[3] < 0) {
      throw new IllegalArgumentException(where + ": bbox has a negative width or height: " + bb);
    }
    return out;
  }

  private static Iterable<JsonNode> array(JsonNode root, String key, String origin) {
    JsonNode a = root.get(key);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException(origin + ": missing array '" + key + "'");
    }
    return a;
  }

  private static long longField(JsonNode node, String key, String where, String what) {
    JsonNode v = node.get(key);
    if (v == null || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(where + ": " + what + " needs an integer '" + key + "'");
    }
    return v.asLong();
  }
}
