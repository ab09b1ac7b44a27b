package dev.dlpipe.engines.vision;

/**
 * Image and mask resizing for training inputs.
 *
 * <p>{@link #bilinearToChw} resamples RGB pixels with half-pixel centres (the source coordinate of
 * target column {@code x} is {@code (x + 0.5) * w / tw - 0.5}, clamped at the borders), as OpenCV's
 * {@code INTER_LINEAR} and PyTorch's {@code align_corners=False}; no antialiasing, so a strong
 * downscale samples rather than averages, as those do. {@link #nearest} picks source pixel {@code
 * floor((x + 0.5) * w / tw)}, as Pillow's {@code NEAREST}: class indices are never blended.
 *
 * <p>Box coordinates scale by {@code tw / w} and {@code th / h} in dlpipe's continuous box
 * convention ({@link BoxCheck}), consistent with both.
 */
public final class Resize {
  private Resize() {}

  /**
   * Resizes interleaved RGB bytes ({@code HWC}, 3 * w * h) to {@code tw x th} and returns them
   * planar, {@code CHW}: all red rows, then green, then blue (3 * tw * th bytes, unsigned).
   */
  public static byte[] bilinearToChw(byte[] rgb, int w, int h, int tw, int th) {
    if (rgb.length != 3 * w * h) {
      throw new IllegalArgumentException(
          "a " + w + "x" + h + " RGB image has " + 3 * w * h + " bytes, got " + rgb.length);
    }
    int[] x0 = new int[tw];
    int[] x1 = new int[tw];
    float[] fx = new float[tw];
    axis(w, tw, x0, x1, fx);
    int[] y0 = new int[th];
    int[] y1 = new int[th];
    float[] fy = new float[th];
    axis(h, th, y0, y1, fy);
    int plane = tw * th;
    byte[] out = new byte[3 * plane];
    for (int y = 0; y < th; y++) {
      int r0 = y0[y] * w * 3;
      int r1 = y1[y] * w * 3;
      float wy = fy[y];
      for (int x = 0; x < tw; x++) {
        int a = r0 + x0[x] * 3;
        int b = r0 + x1[x] * 3;
        int c = r1 + x0[x] * 3;
        int d = r1 + x1[x] * 3;
        float wx = fx[x];
        int o = y * tw + x;
        for (int ch = 0; ch < 3; ch++) {
          float top = (rgb[a + ch] & 0xff) + wx * ((rgb[b + ch] & 0xff) - (rgb[a + ch] & 0xff));
          float bottom = (rgb[c + ch] & 0xff) + wx * ((rgb[d + ch] & 0xff) - (rgb[c + ch] & 0xff));
          out[ch * plane + o] = (byte) (int) (top + wy * (bottom - top) + 0.5f);
        }
      }
    }
    return out;
  }

  private static void axis(int n, int tn, int[] i0, int[] i1, float[] f) {
    double scale = (double) n / tn;
    for (int t = 0; t < tn; t++) {
      double s = Math.min(Math.max((t + 0.5) * scale - 0.5, 0), n - 1);
      int lo = (int) Math.floor(s);
      i0[t] = lo;
      i1[t] = Math.min(lo + 1, n - 1);
      f[t] = (float) (s - lo);
    }
  }

  /**
   * Resizes a row-major map of {@code w x h} unsigned bytes (class indices) to {@code tw x th},
   * nearest neighbour.
   */
  public static byte[] nearest(byte[] src, int w, int h, int tw, int th) {
    if (src.length != w * h) {
      throw new IllegalArgumentException(
          "a " + w + "x" + h + " map has " + w * h + " values, got " + src.length);
    }
    int[] xs = new int[tw];
    for (int x = 0; x < tw; x++) {
      xs[x] = Math.min((int) Math.floor((x + 0.5) * w / tw), w - 1);
    }
    byte[] out = new byte[tw * th];
    for (int y = 0; y < th; y++) {
      int sy = Math.min((int) Math.floor((y + 0.5) * h / th), h - 1);
      int row = sy * w;
      int o = y * tw;
      for (int x = 0; x < tw; x++) {
        out[o + x] = src[row + xs[x]];
      }
    }
    return out;
  }
}
