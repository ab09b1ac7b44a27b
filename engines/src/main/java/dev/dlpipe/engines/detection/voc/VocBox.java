package dev.dlpipe.engines.detection.voc;

import java.io.Serializable;

/**
 * An axis-aligned box in PASCAL VOC pixel coordinates: 1-based and inclusive, so a box covering the
 * single pixel (1, 1) is {@code (1, 1, 1, 1)} and its width is {@code xmax - xmin + 1}.
 *
 * <p>Values are kept as given (annotation files hold integers, detection files decimals); no
 * geometric validation happens here, because py-faster-rcnn's {@code voc_eval} does none and a
 * degenerate box must score exactly as it does there.
 *
 * @param xmin left column, pixels (1-based, inclusive)
 * @param ymin top row, pixels (1-based, inclusive)
 * @param xmax right column, pixels (1-based, inclusive)
 * @param ymax bottom row, pixels (1-based, inclusive)
 */
public record VocBox(double xmin, double ymin, double xmax, double ymax) implements Serializable {

  /**
   * Intersection over union with the VOC "+1" rule, with the floating-point operations of {@code
   * voc_eval} in its order: {@code iw = max(min(xmax) - max(xmin) + 1, 0)}, likewise {@code ih},
   * {@code inter = iw * ih}, {@code union = area(this) + area(other) - inter}, {@code inter /
   * union}. Symmetric. NaN when the union is 0 (two empty boxes), as numpy gives.
   */
  public double iou(VocBox other) {
    double iw = Math.max(Math.min(xmax, other.xmax) - Math.max(xmin, other.xmin) + 1.0, 0.0);
    double ih = Math.max(Math.min(ymax, other.ymax) - Math.max(ymin, other.ymin) + 1.0, 0.0);
    double inter = iw * ih;
    double union = area() + other.area() - inter;
    return inter / union;
  }

  /** {@code (xmax - xmin + 1) * (ymax - ymin + 1)}, square pixels; negative for inverted boxes. */
  public double area() {
    return (xmax - xmin + 1.0) * (ymax - ymin + 1.0);
  }
}
