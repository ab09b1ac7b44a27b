package dev.dlpipe.engines.vision.ssd;

/**
 * SSD's default (prior) boxes, normalized to the image: {@code [cx, cy, w, h]} per box, flattened.
 *
 * <p>Order, as the reference implementations: layer by layer; within a layer row by row (i), then
 * column (j), with centers {@code ((j + 0.5) / f, (i + 0.5) / f)} as the paper defines them; at
 * each location the square box of scale s_k, the square box of scale sqrt(s_k s_{k+1}), then for
 * each ratio r the boxes {@code (s_k sqrt r, s_k / sqrt r)} and {@code (s_k / sqrt r, s_k sqrt r)}.
 * (The Caffe and PyTorch code place centers by a pixel step instead, 300/8 = 37.5 cells for
 * SSD300's first layer, not 38.)
 */
public final class DefaultBoxes {
  private final double[] boxes;

  private DefaultBoxes(double[] boxes) {
    this.boxes = boxes;
  }

  /** The boxes of {@code config}, optionally clipped to [0, 1]. */
  public static DefaultBoxes of(SsdConfig config, boolean clip) {
    int count = 0;
    for (int k = 0; k < config.featureMaps().length; k++) {
      int f = config.featureMaps()[k];
      count += f * f * config.boxesPerLocation(k);
    }
    double[] b = new double[count * 4];
    int o = 0;
    for (int k = 0; k < config.featureMaps().length; k++) {
      int f = config.featureMaps()[k];
      double s = config.scales()[k];
      double sPrime = Math.sqrt(s * config.nextScales()[k]);
      for (int i = 0; i < f; i++) {
        for (int j = 0; j < f; j++) {
          double cx = (j + 0.5) / f;
          double cy = (i + 0.5) / f;
          o = put(b, o, cx, cy, s, s, clip);
          o = put(b, o, cx, cy, sPrime, sPrime, clip);
          for (double r : config.aspectRatios()[k]) {
            double sq = Math.sqrt(r);
            o = put(b, o, cx, cy, s * sq, s / sq, clip);
            o = put(b, o, cx, cy, s / sq, s * sq, clip);
          }
        }
      }
    }
    return new DefaultBoxes(b);
  }

  private static int put(
      double[] b, int o, double cx, double cy, double w, double h, boolean clip) {
    b[o] = clip ? clamp(cx) : cx;
    b[o + 1] = clip ? clamp(cy) : cy;
    b[o + 2] = clip ? clamp(w) : w;
    b[o + 3] = clip ? clamp(h) : h;
    return o + 4;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  /** Number of boxes. */
  public int size() {
    return boxes.length / 4;
  }

  /** Box {@code i} as {@code [cx, cy, w, h]}. */
  public double[] box(int i) {
    return new double[] {boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]};
  }

  /** All boxes, {@code [cx, cy, w, h]} flattened (not a copy: do not modify). */
  public double[] raw() {
    return boxes;
  }
}
