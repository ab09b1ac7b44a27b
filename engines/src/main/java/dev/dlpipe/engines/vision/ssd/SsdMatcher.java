package dev.dlpipe.engines.vision.ssd;

/**
 * SSD's training targets for one image: each ground-truth box claims its best default box, then
 * every default box with IoU at or above the threshold with some ground truth takes the best such
 * ground truth (the reference implementations' two-step matching). Matched boxes get the ground
 * truth's label and its offsets encoded with the variances; the rest are background (label 0). The
 * hard-negative count is recorded for the loss: at most {@code negativeRatio} background boxes per
 * positive.
 */
public final class SsdMatcher {
  /**
   * The targets.
   *
   * @param labels per default box: 0 background, else the ground truth's label (1 and up)
   * @param offsets per default box, {@code [dcx, dcy, dw, dh]} flattened (0 for background)
   * @param positives default boxes with a label
   * @param hardNegatives background boxes the loss keeps: min(ratio * positives, background boxes)
   */
  public record Targets(int[] labels, float[] offsets, int positives, int hardNegatives) {}

  private final DefaultBoxes priors;
  private final double threshold;
  private final double[] variances;
  private final int negativeRatio;

  /**
   * @param priors the default boxes
   * @param threshold IoU from which a default box matches (0.5)
   * @param variances center and size variances (0.1, 0.2)
   * @param negativeRatio background boxes per positive kept by the loss (3)
   */
  public SsdMatcher(DefaultBoxes priors, double threshold, double[] variances, int negativeRatio) {
    this.priors = priors;
    this.threshold = threshold;
    this.variances = variances.clone();
    this.negativeRatio = negativeRatio;
  }

  /**
   * Matches ground-truth boxes {@code [xmin, ymin, xmax, ymax]} normalized to [0, 1], with labels
   * from 1.
   */
  public Targets match(double[][] truths, int[] labels) {
    int n = priors.size();
    int[] outLabels = new int[n];
    float[] offsets = new float[n * 4];
    if (truths.length == 0) {
      return new Targets(outLabels, offsets, 0, 0);
    }
    double[] p = priors.raw();
    int[] bestTruth = new int[n];
    double[] bestTruthOverlap = new double[n];
    java.util.Arrays.fill(bestTruthOverlap, -1);
    int[] bestPrior = new int[truths.length];
    double[] bestPriorOverlap = new double[truths.length];
    java.util.Arrays.fill(bestPriorOverlap, -1);
    for (int i = 0; i < n; i++) {
      double x1 = p[4 * i] - p[4 * i + 2] / 2;
      double y1 = p[4 * i + 1] - p[4 * i + 3] / 2;
      double x2 = p[4 * i] + p[4 * i + 2] / 2;
      double y2 = p[4 * i + 1] + p[4 * i + 3] / 2;
      for (int g = 0; g < truths.length; g++) {
        double o = iou(truths[g], x1, y1, x2, y2);
        if (o > bestTruthOverlap[i]) {
          bestTruthOverlap[i] = o;
          bestTruth[i] = g;
        }
        if (o > bestPriorOverlap[g]) {
          bestPriorOverlap[g] = o;
          bestPrior[g] = i;
        }
      }
    }
    // Every ground truth keeps its best default box, whatever the overlap.
    for (int g = 0; g < truths.length; g++) {
      bestTruthOverlap[bestPrior[g]] = 2;
      bestTruth[bestPrior[g]] = g;
    }
    int positives = 0;
    for (int i = 0; i < n; i++) {
      if (bestTruthOverlap[i] < threshold) {
        continue;
      }
      int g = bestTruth[i];
      if (labels[g] < 1) {
        throw new IllegalArgumentException("labels start at 1 (0 is background), got " + labels[g]);
      }
      outLabels[i] = labels[g];
      double[] e = encode(truths[g], priors.box(i));
      for (int c = 0; c < 4; c++) {
        offsets[4 * i + c] = (float) e[c];
      }
      positives++;
    }
    int hardNegatives = Math.min(negativeRatio * positives, n - positives);
    return new Targets(outLabels, offsets, positives, hardNegatives);
  }

  /**
   * Offsets of ground truth {@code [xmin, ymin, xmax, ymax]} from default box {@code [cx, cy, w,
   * h]}.
   */
  public double[] encode(double[] truth, double[] prior) {
    double gcx = (truth[0] + truth[2]) / 2;
    double gcy = (truth[1] + truth[3]) / 2;
    double gw = truth[2] - truth[0];
    double gh = truth[3] - truth[1];
    return new double[] {
      (gcx - prior[0]) / (variances[0] * prior[2]),
      (gcy - prior[1]) / (variances[0] * prior[3]),
      Math.log(gw / prior[2]) / variances[1],
      Math.log(gh / prior[3]) / variances[1]
    };
  }

  /** The box {@code [xmin, ymin, xmax, ymax]} that {@code offsets} encode from {@code prior}. */
  public double[] decode(double[] offsets, double[] prior) {
    double cx = prior[0] + offsets[0] * variances[0] * prior[2];
    double cy = prior[1] + offsets[1] * variances[0] * prior[3];
    double w = prior[2] * Math.exp(offsets[2] * variances[1]);
    double h = prior[3] * Math.exp(offsets[3] * variances[1]);
    return new double[] {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
  }

  private static double iou(double[] a, double x1, double y1, double x2, double y2) {
    double iw = Math.min(a[2], x2) - Math.max(a[0], x1);
    double ih = Math.min(a[3], y2) - Math.max(a[1], y1);
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    double union = (a[2] - a[0]) * (a[3] - a[1]) + (x2 - x1) * (y2 - y1) - inter;
    return inter / union;
  }
}
