package dev.dlpipe.engines.detection.coco;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
    // Streaming parse: the tree of a large ground-truth file costs more than the whole evaluation.
    Map<Long, Image> images = new LinkedHashMap<>();
    Map<Long, String> categories = new TreeMap<>();
    List<RawAnnotation> raw = new ArrayList<>();
    try (JsonParser p = JSON.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(
            origin + ": not a COCO ground-truth file (expected a JSON object)");
      }
      boolean sawImages = false;
      boolean sawCategories = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "images" -> {
            sawImages = true;
            expectArray(t, origin, field);
            while (p.nextToken() == JsonToken.START_OBJECT) {
              Image im = readImage(p, origin);
              images.put(im.id(), im);
            }
          }
          case "categories" -> {
            sawCategories = true;
            expectArray(t, origin, field);
            while (p.nextToken() == JsonToken.START_OBJECT) {
              JsonNode c = p.readValueAsTree();
              categories.put(longField(c, "id", origin, "category"), c.path("name").asText(""));
            }
          }
          case "annotations" -> {
            expectArray(t, origin, field);
            while (p.nextToken() == JsonToken.START_OBJECT) {
              raw.add(readAnnotation(p, origin, raw.size() + 1, masks));
            }
          }
          default -> p.skipChildren();
        }
      }
      if (!sawImages) {
        throw new IllegalArgumentException(origin + ": missing array 'images'");
      }
      if (!sawCategories) {
        throw new IllegalArgumentException(origin + ": missing array 'categories'");
      }
    }
    List<CocoAnnotation> anns = new ArrayList<>(raw.size());
    for (RawAnnotation a : raw) {
      Image image = images.get(a.imageId);
      if (image == null) {
        throw new IllegalArgumentException(
            a.where + ": image_id " + a.imageId + " is not in images");
      }
      Rle mask = masks ? toRle(a.segmentation, image, a.where) : null;
      anns.add(
          new CocoAnnotation(a.id, a.imageId, a.categoryId, a.area, a.iscrowd, a.bbox, 0, mask));
    }
    return new CocoDataset(images, categories, anns);
  }

  /** An annotation as parsed, before its image is known (annotations may precede images). */
  private static final class RawAnnotation {
    String where;
    long id = Long.MIN_VALUE;
    long imageId = Long.MIN_VALUE;
    long categoryId = Long.MIN_VALUE;
    double area;
    boolean iscrowd;
    double[] bbox;
    JsonNode segmentation;
  }

  private static Image readImage(JsonParser p, String origin) throws IOException {
    long id = Long.MIN_VALUE;
    int h = 0;
    int w = 0;
    String file = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      switch (f) {
        case "id" -> id = integral(p, t, origin + " image", "id");
        case "height" -> h = p.getValueAsInt(0);
        case "width" -> w = p.getValueAsInt(0);
        case "file_name" -> file = p.getValueAsString("");
        default -> p.skipChildren();
      }
    }
    if (id == Long.MIN_VALUE) {
      throw new IllegalArgumentException(origin + ": image needs an integer 'id'");
    }
    return new Image(id, h, w, file);
  }

  private static RawAnnotation readAnnotation(JsonParser p, String origin, int index, boolean masks)
      throws IOException {
    RawAnnotation a = new RawAnnotation();
    a.where = origin + " annotation #" + index;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      switch (f) {
        case "id" -> a.id = integral(p, t, a.where, "id");
        case "image_id" -> a.imageId = integral(p, t, a.where, "image_id");
        case "category_id" -> a.categoryId = integral(p, t, a.where, "category_id");
        case "area" -> a.area = p.getValueAsDouble(0);
        case "iscrowd" -> a.iscrowd = t == JsonToken.VALUE_TRUE || p.getValueAsInt(0) != 0;
        case "bbox" -> a.bbox = readBox(p, t, a.where);
        case "segmentation" -> {
          if (masks) {
            a.segmentation = p.readValueAsTree();
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    a.where = a.where + " (id " + a.id + ")";
    for (String[] f : new String[][] {{"id"}, {"image_id"}, {"category_id"}}) {
      long v = f[0].equals("id") ? a.id : f[0].equals("image_id") ? a.imageId : a.categoryId;
      if (v == Long.MIN_VALUE) {
        throw new IllegalArgumentException(
            a.where + ": annotation needs an integer '" + f[0] + "'");
      }
    }
    if (a.bbox == null) {
      throw new IllegalArgumentException(a.where + ": bbox must be [x, y, width, height]");
    }
    return a;
  }

  private static long integral(JsonParser p, JsonToken t, String where, String key)
      throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException(where + ": needs an integer '" + key + "'");
    }
    return p.getLongValue();
  }

  private static double[] readBox(JsonParser p, JsonToken t, String where) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      throw new IllegalArgumentException(where + ": bbox must be [x, y, width, height]");
    }
    double[] box = readBoxOrEmpty(p, where);
    if (box.length == 0) {
      throw new IllegalArgumentException(where + ": bbox must be [x, y, width, height]");
    }
    return box;
  }

  private static void expectArray(JsonToken t, String origin, String field) {
    if (t != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException(origin + ": '" + field + "' must be an array");
    }
  }

  /**
   * Loads a results file (a JSON array of detections) as pycocotools' loadRes: ids are positions +
   * 1; with boxes (the first result has a non-empty bbox) the area is w*h; with segmentations only,
   * the area is the mask's and the box its bounding box.
   */
  public List<CocoAnnotation> readResults(InputStream in, String origin, boolean masks)
      throws IOException {
    List<CocoAnnotation> out = new ArrayList<>();
    try (JsonParser p = JSON.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException(
            origin + ": not a COCO results file (expected a JSON array of detections)");
      }
      Boolean boxes = null;
      int i = 0;
      while (p.nextToken() == JsonToken.START_OBJECT) {
        i++;
        String where = origin + " result #" + i;
        long imageId = Long.MIN_VALUE;
        long categoryId = Long.MIN_VALUE;
        double[] bbox = null;
        double score = Double.NaN;
        boolean hasScore = false;
        JsonNode segmentation = null;
        boolean hasSegmentation = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          JsonToken t = p.nextToken();
          switch (f) {
            case "image_id" -> imageId = integral(p, t, where, "image_id");
            case "category_id" -> categoryId = integral(p, t, where, "category_id");
            case "score" -> {
              hasScore = t.isNumeric();
              score = t.isNumeric() ? p.getDoubleValue() : Double.NaN;
            }
            case "bbox" -> {
              if (t == JsonToken.START_ARRAY) {
                bbox = readBoxOrEmpty(p, where);
              } else {
                p.skipChildren();
                throw new IllegalArgumentException(where + ": bbox must be [x, y, width, height]");
              }
            }
            case "segmentation" -> {
              hasSegmentation = true;
              segmentation = p.readValueAsTree();
            }
            default -> p.skipChildren();
          }
        }
        if (boxes == null) {
          // pycocotools' loadRes decides by the first result: a non-empty bbox means box results.
          boxes = bbox != null && bbox.length > 0;
          if (!boxes && !hasSegmentation) {
            throw new IllegalArgumentException(
                origin + ": the first result has neither bbox nor segmentation");
          }
        }
        out.add(
            result(
                where, i, imageId, categoryId, bbox, hasScore, score, segmentation, boxes, masks));
      }
    }
    return out;
  }

  private CocoAnnotation result(
      String where,
      int i,
      long imageId,
      long categoryId,
      double[] bbox,
      boolean hasScore,
      double score,
      JsonNode segmentation,
      boolean boxes,
      boolean masks) {
    if (imageId == Long.MIN_VALUE || categoryId == Long.MIN_VALUE) {
      throw new IllegalArgumentException(
          where + ": result needs integer 'image_id' and 'category_id'");
    }
    Image image = images.get(imageId);
    if (image == null) {
      throw new IllegalArgumentException(
          where
              + ": image_id "
              + imageId
              + " is not in the ground truth (results must be for its images)");
    }
    if (!categories.containsKey(categoryId)) {
      throw new IllegalArgumentException(
          where + ": category_id " + categoryId + " is not a ground-truth category");
    }
    if (!hasScore || !Double.isFinite(score)) {
      throw new IllegalArgumentException(where + ": score is missing or not a finite number");
    }
    double area;
    Rle mask = null;
    if (boxes) {
      if (bbox == null || bbox.length != 4) {
        throw new IllegalArgumentException(where + ": bbox must be [x, y, width, height]");
      }
      area = bbox[2] * bbox[3];
      if (masks) {
        mask =
            segmentation != null
                ? toRle(segmentation, image, where)
                : toRle(boxPolygon(bbox), image, where);
      }
    } else {
      mask = toRle(segmentation, image, where);
      area = mask.area();
      if (bbox == null || bbox.length != 4) {
        bbox = mask.toBbox();
      }
      if (!masks) {
        mask = null;
      }
    }
    return new CocoAnnotation(i, imageId, categoryId, area, false, bbox, score, mask);
  }

  private static double[] readBoxOrEmpty(JsonParser p, String where) throws IOException {
    double[] out = new double[4];
    int n = 0;
    JsonToken v;
    while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
      if (n < 4) {
        out[n] = v.isNumeric() ? p.getDoubleValue() : Double.NaN;
      }
      n++;
    }
    if (n == 0) {
      return new double[0];
    }
    if (n != 4) {
      throw new IllegalArgumentException(where + ": bbox must be [x, y, width, height]");
    }
    return checkBox(out, where);
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

  /**
   * One segmentation value (polygons, uncompressed or compact RLE) as RLE for a {@code height x
   * width} image, as pycocotools' annToRLE; {@code where} names it in errors.
   *
   * @throws IllegalArgumentException when it is malformed
   */
  public static Rle segmentationToRle(JsonNode seg, int height, int width, String where) {
    return toRle(seg, new Image(0, height, width, ""), where);
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

  private static double[] checkBox(double[] out, String where) {
    for (double v : out) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            where + ": bbox has a non-finite value: " + java.util.Arrays.toString(out));
      }
    }
    if (out[2] < 0 || out[3] < 0) {
      throw new IllegalArgumentException(
          where + ": bbox has a negative width or height: " + java.util.Arrays.toString(out));
    }
    return out;
  }

  private static long longField(JsonNode node, String key, String where, String what) {
    JsonNode v = node.get(key);
    if (v == null || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(where + ": " + what + " needs an integer '" + key + "'");
    }
    return v.asLong();
  }
}
