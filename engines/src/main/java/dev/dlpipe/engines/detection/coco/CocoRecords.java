package dev.dlpipe.engines.detection.coco;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlpipe.engines.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A COCO instances file read record by record for ingestion: unlike {@link CocoDataset} (which
 * evaluates, and refuses a file with any bad record), a malformed image, category or annotation
 * record here becomes a {@link Bad} entry with a reason code and the rest of the file is kept. Only
 * a file that is not JSON at all (or not a COCO object) is an error: then nothing can be trusted.
 * Records are streamed; each one is a small tree.
 *
 * <p>Checks per record: integer ids; images need {@code file_name} and positive integer {@code
 * width}/{@code height}; annotations need {@code image_id}, {@code category_id} and a {@code bbox}
 * of four numbers. Geometry (degenerate boxes, boxes outside the image), unknown categories and
 * unknown images are left to the caller, which knows the image.
 */
public final class CocoRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A category. */
  public record Category(long id, String name, String supercategory) implements Serializable {}

  /** An image record, with its position in the file (1-based). */
  public record ImageRecord(long id, String fileName, int width, int height, int index)
      implements Serializable {}

  /**
   * An annotation record.
   *
   * @param id annotation id
   * @param imageId image id
   * @param categoryId category id
   * @param bbox {@code [x, y, width, height]} as written (may be degenerate)
   * @param area the {@code area} field (NaN when absent)
   * @param crowd iscrowd
   * @param segmentation the {@code segmentation} value as JSON text, or null when absent
   * @param index position in the file (1-based)
   */
  public record AnnotationRecord(
      long id,
      long imageId,
      long categoryId,
      double[] bbox,
      double area,
      boolean crowd,
      String segmentation,
      int index)
      implements Serializable {}

  /**
   * A record refused while reading.
   *
   * @param locator where: {@code image:#N}, {@code category:#N}, {@code annotation:#N} (N =
   *     position in its array, from 1), with the id when it has one
   * @param reason reason code ({@code MALFORMED_RECORD})
   * @param message detail
   */
  public record Bad(String locator, String reason, String message) implements Serializable {}

  /** Everything read, in file order. */
  public record Content(
      List<Category> categories,
      List<ImageRecord> images,
      List<AnnotationRecord> annotations,
      List<Bad> bad) {}

  private CocoRecords() {}

  /** Reads a COCO instances file; {@code origin} names it in errors. */
  public static Content read(InputStream in, String origin) {
    List<Category> categories = new ArrayList<>();
    List<ImageRecord> images = new ArrayList<>();
    List<AnnotationRecord> annotations = new ArrayList<>();
    List<Bad> bad = new ArrayList<>();
    try (JsonParser p = JSON.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw notCoco(origin, "it does not start with a JSON object");
      }
      boolean sawImages = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (!field.equals("images")
            && !field.equals("categories")
            && !field.equals("annotations")) {
          p.skipChildren();
          continue;
        }
        if (t != JsonToken.START_ARRAY) {
          throw notCoco(origin, "'" + field + "' is not an array");
        }
        sawImages |= field.equals("images");
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          index++;
          JsonNode node = p.readValueAsTree();
          switch (field) {
            case "images" -> image(node, index, images, bad);
            case "categories" -> category(node, index, categories, bad);
            default -> annotation(node, index, annotations, bad);
          }
        }
      }
      if (!sawImages) {
        throw notCoco(origin, "it has no 'images' array");
      }
    } catch (JsonParseException e) {
      throw UserError.of(
          "malformed COCO annotation file " + origin,
          "it is not valid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + " (byte "
              + e.getLocation().getByteOffset()
              + "): "
              + e.getOriginalMessage()
              + "; records after that point cannot be told apart, so nothing is ingested",
          "fix or re-download the file (a truncated download is the usual cause)",
          e);
    } catch (IOException e) {
      throw UserError.of(
          "cannot read COCO annotation file " + origin,
          "reading failed (" + e.getMessage() + ")",
          "check that the file exists and is readable",
          e);
    }
    return new Content(categories, images, annotations, bad);
  }

  private static UserError notCoco(String origin, String why) {
    return UserError.of(
        "not a COCO annotation file: " + origin,
        why,
        "pass an instances JSON file with 'images', 'annotations' and 'categories' arrays");
  }

  private static void image(JsonNode n, int index, List<ImageRecord> out, List<Bad> bad) {
    String where = "image:#" + index + idOf(n);
    Long id = integer(n, "id");
    Long w = integer(n, "width");
    Long h = integer(n, "height");
    JsonNode file = n.get("file_name");
    String problem =
        !n.isObject()
            ? "the record is not a JSON object"
            : id == null
                ? "'id' is missing or not an integer"
                : file == null || !file.isTextual()
                    ? "'file_name' is missing or not a string"
                    : w == null || h == null || w <= 0 || h <= 0 || w > 1 << 16 || h > 1 << 16
                        ? "'width' and 'height' must be positive integers (got "
                            + n.get("width")
                            + ", "
                            + n.get("height")
                            + ")"
                        : null;
    if (problem != null) {
      bad.add(new Bad(where, "MALFORMED_RECORD", problem));
      return;
    }
    out.add(new ImageRecord(id, file.asText(), w.intValue(), h.intValue(), index));
  }

  private static void category(JsonNode n, int index, List<Category> out, List<Bad> bad) {
    Long id = integer(n, "id");
    JsonNode name = n.get("name");
    if (id == null || name == null || !name.isTextual() || name.asText().isBlank()) {
      bad.add(
          new Bad(
              "category:#" + index + idOf(n),
              "MALFORMED_RECORD",
              "a category needs an integer 'id' and a non-empty 'name'"));
      return;
    }
    JsonNode sup = n.get("supercategory");
    out.add(new Category(id, name.asText(), sup != null && sup.isTextual() ? sup.asText() : null));
  }

  private static void annotation(JsonNode n, int index, List<AnnotationRecord> out, List<Bad> bad) {
    String where = "annotation:#" + index + idOf(n);
    Long id = integer(n, "id");
    Long image = integer(n, "image_id");
    Long category = integer(n, "category_id");
    JsonNode bbox = n.get("bbox");
    String problem = null;
    double[] box = new double[4];
    if (!n.isObject()) {
      problem = "the record is not a JSON object";
    } else if (id == null || image == null || category == null) {
      problem = "'id', 'image_id' and 'category_id' must be integers";
    } else if (bbox == null || !bbox.isArray() || bbox.size() != 4) {
      problem = "'bbox' must be [x, y, width, height], got " + bbox;
    } else {
      for (int i = 0; i < 4; i++) {
        if (!bbox.get(i).isNumber()) {
          problem = "'bbox' must hold four numbers, got " + bbox;
          break;
        }
        box[i] = bbox.get(i).asDouble();
      }
    }
    if (problem != null) {
      bad.add(new Bad(where, "MALFORMED_RECORD", problem));
      return;
    }
    JsonNode crowd = n.get("iscrowd");
    JsonNode area = n.get("area");
    JsonNode seg = n.get("segmentation");
    out.add(
        new AnnotationRecord(
            id,
            image,
            category,
            box,
            area != null && area.isNumber() ? area.asDouble() : Double.NaN,
            crowd != null && (crowd.asBoolean(false) || crowd.asInt(0) != 0),
            seg == null || seg.isNull() ? null : seg.toString(),
            index));
  }

  private static String idOf(JsonNode n) {
    Long id = integer(n, "id");
    return id == null ? "" : " (id " + id + ")";
  }

  private static Long integer(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v != null && v.isIntegralNumber() ? v.asLong() : null;
  }

  /**
   * The annotation's segmentation as RLE for a {@code height x width} image: polygons rasterized
   * and merged, uncompressed or compact RLE as given, like pycocotools' annToRLE.
   *
   * @throws IllegalArgumentException when the segmentation is malformed or its RLE size is not the
   *     image's
   */
  public static Rle segmentation(String json, int height, int width) {
    JsonNode seg;
    try {
      seg = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("segmentation is not JSON: " + e.getMessage(), e);
    }
    Rle rle = CocoDataset.segmentationToRle(seg, height, width, "segmentation");
    if (rle.h() != height || rle.w() != width) {
      throw new IllegalArgumentException(
          "the RLE's size "
              + rle.h()
              + "x"
              + rle.w()
              + " (h x w) is not the image's "
              + height
              + "x"
              + width);
    }
    return rle;
  }
}
