package dev.dlpipe.engines.detection.coco;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Writes detections as a COCO results file, the JSON array that pycocotools' {@code COCO.loadRes}
 * (and {@link CocoDataset#readResults}) loads: one object per detection, {@code {"image_id",
 * "category_id", "bbox": [x, y, w, h], "score"}} plus, for masks, {@code "segmentation": {"size":
 * [h, w], "counts": "<compact RLE>"}} ({@link Rle#toString()}).
 *
 * <p>Numbers are written in their shortest exact form ({@link Double#toString}), so a file read
 * back gives bit-identical boxes and scores, and the same evaluation. Detections keep their order:
 * loadRes numbers them by position.
 *
 * <p>Boxes and masks, following loadRes, which decides by the <em>first</em> result: if it has a
 * box, every detection's area is {@code w * h} of its box, even when masks are evaluated; if it has
 * no box, box and area come from the mask (what pycocotools' own segmentation results do). So
 * either every detection has a box, or none has one and every detection has a mask; a mix is
 * refused, since loadRes would read it differently from what was meant.
 */
public final class CocoResultsWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private CocoResultsWriter() {}

  /**
   * One detection.
   *
   * @param imageId the ground truth's image id
   * @param categoryId the ground truth's category id
   * @param bbox {@code [x, y, width, height]} in pixels, four finite numbers; null for a mask-only
   *     result (then {@code mask} is required)
   * @param score confidence, finite
   * @param mask the instance mask, or null
   */
  public record Detection(long imageId, long categoryId, double[] bbox, double score, Rle mask) {
    public Detection {
      if (bbox == null && mask == null) {
        throw new IllegalArgumentException(
            "detection of image " + imageId + " has neither a box nor a mask");
      }
      if (bbox != null) {
        if (bbox.length != 4) {
          throw new IllegalArgumentException(
              "detection of image " + imageId + ": bbox needs 4 numbers, got " + bbox.length);
        }
        for (double v : bbox) {
          if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(
                "detection of image " + imageId + ": bbox has a non-finite value " + v);
          }
        }
        bbox = bbox.clone();
      }
      if (!Double.isFinite(score)) {
        throw new IllegalArgumentException(
            "detection of image " + imageId + ": score " + score + " is not finite");
      }
    }

    /** A detection as loaded by {@link CocoDataset#readResults} (its box, score and mask). */
    public static Detection of(CocoAnnotation a) {
      return new Detection(a.imageId(), a.categoryId(), a.bbox(), a.score(), a.mask());
    }

    /** The same detection without its box, for mask-only results. */
    public Detection withoutBox() {
      return new Detection(imageId, categoryId, null, score, mask);
    }

    @Override
    public double[] bbox() {
      return bbox == null ? null : bbox.clone();
    }
  }

  /**
   * Writes {@code detections} to {@code out} as UTF-8 JSON, one detection a line; {@code out} is
   * flushed, not closed.
   *
   * @throws IllegalArgumentException if some detections have boxes and others do not (see the class
   *     documentation)
   */
  public static void write(List<Detection> detections, OutputStream out) throws IOException {
    checkConsistent(detections);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setPrettyPrinter(new OneDetectionALine());
      g.writeStartArray();
      for (Detection d : detections) {
        g.writeStartObject();
        g.writeNumberField("image_id", d.imageId());
        g.writeNumberField("category_id", d.categoryId());
        if (d.bbox != null) {
          g.writeArrayFieldStart("bbox");
          for (double v : d.bbox) {
            g.writeNumber(v);
          }
          g.writeEndArray();
        }
        g.writeNumberField("score", d.score());
        if (d.mask() != null) {
          g.writeObjectFieldStart("segmentation");
          g.writeArrayFieldStart("size");
          g.writeNumber(d.mask().h());
          g.writeNumber(d.mask().w());
          g.writeEndArray();
          g.writeStringField("counts", d.mask().toString());
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeRaw('\n');
    }
    out.flush();
  }

  /** The results file as a string. */
  public static String toJson(List<Detection> detections) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(detections, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Compact JSON with a line break before each element of the top-level array and before "]". */
  private static final class OneDetectionALine extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    private static boolean topLevel(JsonGenerator g) {
      return g.getOutputContext().getParent().inRoot();
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      if (topLevel(g)) {
        g.writeRaw('\n');
      }
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(topLevel(g) ? ",\n" : ",");
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      if (topLevel(g) && nrOfValues > 0) {
        g.writeRaw('\n');
      }
      g.writeRaw(']');
    }
  }

  private static void checkConsistent(List<Detection> detections) {
    Objects.requireNonNull(detections, "detections");
    if (detections.isEmpty()) {
      return;
    }
    boolean boxes = detections.get(0).bbox != null;
    for (int i = 0; i < detections.size(); i++) {
      if ((detections.get(i).bbox != null) != boxes) {
        throw new IllegalArgumentException(
            "detection #"
                + (i + 1)
                + (boxes
                    ? " has no bbox but the first has one"
                    : " has a bbox but the first has none")
                + ": loadRes decides by the first result, so give every detection a box, or none");
      }
    }
  }
}
