package dev.dlpipe.pipelines.text;

import java.util.Arrays;

/**
 * A growable int buffer reused across rows, so that mapping tokens to ids allocates only the
 * result.
 */
final class IntArrayBuilder {
  private int[] values = new int[64];
  private int size;

  void clear() {
    size = 0;
  }

  void add(int v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  int[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
