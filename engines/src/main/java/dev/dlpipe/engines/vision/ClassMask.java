package dev.dlpipe.engines.vision;

import dev.dlpipe.engines.detection.coco.Rle;
import java.util.List;

/**
 * Per-pixel class maps for FCN training: row-major unsigned bytes, {@code 0} background, {@code
 * 1..254} classes, {@link #VOID} for pixels the loss ignores (VOC's object borders, COCO's crowd
 * regions).
 */
public final class ClassMask {
  /** The void index, as in VOC's SegmentationClass PNGs. */
  public static final int VOID = 255;

  private ClassMask() {}

  /**
   * One object of a COCO image.
   *
   * @param mask its segmentation (column-major RLE, the image's size)
   * @param label its class index, 1..254
   * @param crowd whether it is a crowd region (painted void)
   */
  public record Instance(Rle mask, int label, boolean crowd) {}

  /**
   * Paints a {@code width x height} map from COCO instances: every non-crowd object in the given
   * order (a later object wins where two overlap), then every crowd region as void over them.
   */
  public static byte[] fromInstances(List<Instance> instances, int width, int height) {
    byte[] out = new byte[width * height];
    for (int pass = 0; pass < 2; pass++) {
      for (Instance i : instances) {
        if (i.crowd() != (pass == 1)) {
          continue;
        }
        Rle m = i.mask();
        if (m.h() != height || m.w() != width) {
          throw new IllegalArgumentException(
              "a "
                  + m.w()
                  + "x"
                  + m.h()
                  + " mask does not fit a "
                  + width
                  + "x"
                  + height
                  + " image");
        }
        int label = i.crowd() ? VOID : i.label();
        if (label < 1 || label > VOID) {
          throw new IllegalArgumentException("class index " + label + " is not in 1..254");
        }
        paint(out, m, width, height, (byte) label);
      }
    }
    return out;
  }

  /** Writes {@code value} where the column-major RLE is 1, into the row-major map. */
  private static void paint(byte[] out, Rle m, int width, int height, byte value) {
    long pos = 0;
    int[] counts = m.counts();
    for (int k = 0; k < counts.length; k++) {
      long run = Integer.toUnsignedLong(counts[k]);
      if (k % 2 == 1) {
        for (long p = pos; p < pos + run && p < (long) width * height; p++) {
          int x = (int) (p / height);
          int y = (int) (p % height);
          out[y * width + x] = value;
        }
      }
      pos += run;
    }
  }

  /**
   * A map from class indices (a VOC {@code SegmentationClass} palette PNG, read as indices): each
   * index must be below 255 or be 255 (void); larger indices are refused.
   */
  public static byte[] fromIndices(int[] indices) {
    byte[] out = new byte[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int v = indices[i];
      if (v < 0 || v > VOID) {
        throw new IllegalArgumentException("class index " + v + " does not fit 0..255");
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /** The distinct values of a map, ascending. */
  public static int[] classes(byte[] map) {
    boolean[] seen = new boolean[256];
    for (byte b : map) {
      seen[b & 0xff] = true;
    }
    int n = 0;
    for (boolean s : seen) {
      n += s ? 1 : 0;
    }
    int[] out = new int[n];
    int o = 0;
    for (int v = 0; v < 256; v++) {
      if (seen[v]) {
        out[o++] = v;
      }
    }
    return out;
  }
}
