package dev.dlpipe.engines.segmentation;

import java.util.Objects;

/**
 * A per-pixel class index map, row-major: {@code index(x, y) = indices[y * width + x]}. For PASCAL
 * VOC, 0 is background, 1..20 the classes and 255 void (object borders and unlabelled pixels).
 *
 * <p>The array is not copied (masks are large); treat it as read-only once wrapped. Record equality
 * compares the array by identity.
 *
 * @param width columns, pixels
 * @param height rows, pixels
 * @param indices {@code width * height} class indices
 */
public record IndexMask(int width, int height, int[] indices) {
  public IndexMask {
    Objects.requireNonNull(indices, "indices");
    if (width < 0 || height < 0 || (long) width * height != indices.length) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " mask needs "
              + ((long) width * height)
              + " indices, got "
              + indices.length);
    }
  }

  /** The index at column {@code x}, row {@code y}. */
  public int index(int x, int y) {
    return indices[y * width + x];
  }

  /** {@code WIDTHxHEIGHT}, as error messages show sizes. */
  public String size() {
    return width + "x" + height;
  }
}
