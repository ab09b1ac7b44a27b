package dev.dlpipe.engines.vision;

/**
 * Validates one ground-truth box against its image, in dlpipe's box convention: {@code [x_min,
 * y_min, x_max, y_max]} in continuous pixel coordinates of the original image, origin at the
 * image's top-left corner, so {@code 0 <= x <= width} inside the image and the box's width is
 * {@code x_max - x_min}.
 *
 * <p>Rules, in order: a non-finite coordinate is {@link Outcome#NON_FINITE}; a width or height of
 * zero or less is {@link Outcome#DEGENERATE} (such a box makes SSD's {@code log(w / w_prior)}
 * infinite: the usual cause of NaN losses); a box that reaches outside the image is clipped to it
 * and kept ({@link Outcome#CLIPPED}), unless nothing of it is left inside ({@link
 * Outcome#OUTSIDE}).
 *
 * @param outcome the verdict
 * @param box the box to keep: clipped for {@code CLIPPED}, as given otherwise
 */
public record BoxCheck(Outcome outcome, double[] box) {
  /** Verdicts; the three refusals are reject reason codes. */
  public enum Outcome {
    OK,
    CLIPPED,
    NON_FINITE,
    DEGENERATE,
    OUTSIDE;

    /** Whether the box is kept. */
    public boolean kept() {
      return this == OK || this == CLIPPED;
    }

    /** The reject reason code for a refused box. */
    public String reason() {
      return switch (this) {
        case NON_FINITE -> "MALFORMED_RECORD";
        case DEGENERATE -> "DEGENERATE_BOX";
        case OUTSIDE -> "BOX_OUTSIDE_IMAGE";
        default -> throw new IllegalStateException(this + " is not a refusal");
      };
    }
  }

  /** Checks {@code [x1, y1, x2, y2]} against a {@code width x height} image. */
  public static BoxCheck of(double x1, double y1, double x2, double y2, int width, int height) {
    double[] box = {x1, y1, x2, y2};
    for (double v : box) {
      if (!Double.isFinite(v)) {
        return new BoxCheck(Outcome.NON_FINITE, box);
      }
    }
    if (!(x2 > x1) || !(y2 > y1)) {
      return new BoxCheck(Outcome.DEGENERATE, box);
    }
    double cx1 = clamp(x1, width);
    double cy1 = clamp(y1, height);
    double cx2 = clamp(x2, width);
    double cy2 = clamp(y2, height);
    if (!(cx2 > cx1) || !(cy2 > cy1)) {
      return new BoxCheck(Outcome.OUTSIDE, box);
    }
    if (cx1 != x1 || cy1 != y1 || cx2 != x2 || cy2 != y2) {
      return new BoxCheck(Outcome.CLIPPED, new double[] {cx1, cy1, cx2, cy2});
    }
    return new BoxCheck(Outcome.OK, box);
  }

  private static double clamp(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  /** A message for the rejects table. */
  public String describe(int width, int height) {
    return switch (outcome) {
      case NON_FINITE -> "box " + str(box) + " has a coordinate that is not a finite number";
      case DEGENERATE ->
          "box "
              + str(box)
              + " has width "
              + fmt(box[2] - box[0])
              + " and height "
              + fmt(box[3] - box[1])
              + " (both must be > 0)";
      case OUTSIDE -> "box " + str(box) + " lies outside the " + width + "x" + height + " image";
      default -> "box " + str(box);
    };
  }

  private static String str(double[] b) {
    return "[" + fmt(b[0]) + ", " + fmt(b[1]) + ", " + fmt(b[2]) + ", " + fmt(b[3]) + "]";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
