package dev.dlpipe.engines.detection.voc;

/**
 * The formulas of py-faster-rcnn's {@code voc_eval} after matching: cumulative counts, recall and
 * precision per rank, and {@code voc_ap} in both variants. Pure functions.
 *
 * <p>Floating-point operations follow the reference in order, so results agree with it to the last
 * bits except where numpy sums pairwise ({@code np.sum} of the area terms), which can move the last
 * bit or two.
 */
public final class VocAp {
  private VocAp() {}

  /**
   * The 11 recall thresholds of VOC2007, exactly as numpy's {@code np.arange(0., 1.1, 0.1)} makes
   * them: {@code i * 0.1}, so the fourth is 0.30000000000000004, not 0.3, and a recall of exactly
   * 3/10 does not reach it. Computed from the index, never by accumulating the step.
   */
  static double threshold(int i) {
    return i * 0.1;
  }

  /**
   * VOC2007 11-point AP: for t = 0, 0.1, ..., 1 (see {@link #threshold}) the highest precision at
   * recall {@code >= t} (0 if none), each divided by 11 and summed in threshold order.
   *
   * @param recall recall per rank (non-decreasing)
   * @param precision precision per rank, same length
   */
  public static double voc07ElevenPoint(double[] recall, double[] precision) {
    checkLengths(recall, precision);
    double ap = 0.0;
    for (int i = 0; i < 11; i++) {
      double t = threshold(i);
      double p = 0.0;
      boolean any = false;
      for (int k = 0; k < recall.length; k++) {
        if (recall[k] >= t) {
          // np.max propagates NaN; only a NaN precision could differ from Math.max here.
          p = any ? Math.max(p, precision[k]) : precision[k];
          any = true;
        }
      }
      ap = ap + p / 11.0;
    }
    return ap;
  }

  /**
   * VOC2010+ AP: recall padded with 0 and 1, precision with 0 and 0; precision replaced by its
   * running maximum from the right (the monotone envelope); sum of recall steps times the envelope
   * at the right end of each step, over the points where recall changes.
   *
   * @param recall recall per rank (non-decreasing)
   * @param precision precision per rank, same length
   */
  public static double areaUnderEnvelope(double[] recall, double[] precision) {
    checkLengths(recall, precision);
    int n = recall.length + 2;
    double[] mrec = new double[n];
    double[] mpre = new double[n];
    mrec[n - 1] = 1.0;
    System.arraycopy(recall, 0, mrec, 1, recall.length);
    System.arraycopy(precision, 0, mpre, 1, precision.length);
    for (int i = n - 1; i > 0; i--) {
      // Math.max, like np.maximum, propagates NaN.
      mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]);
    }
    double ap = 0.0;
    for (int i = 0; i < n - 1; i++) {
      // != is true for NaN, as numpy's elementwise != is.
      if (mrec[i + 1] != mrec[i]) {
        ap += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
      }
    }
    return ap;
  }

  private static void checkLengths(double[] recall, double[] precision) {
    if (recall.length != precision.length) {
      throw new IllegalArgumentException(
          "recall has " + recall.length + " entries but precision " + precision.length);
    }
  }

  /**
   * The final formula: ranks the detections of {@code matches} (score descending, ties by
   * sequence), accumulates TP and FP, and computes recall ({@code tp / npos}), precision ({@code tp
   * / max(tp + fp, eps)}, the guard py-faster-rcnn added for a first detection that matches a
   * difficult object) and both APs.
   *
   * <p>A class without positives is not scored: both APs are NaN (voc_eval would divide by zero and
   * return 0 for VOC07 and 0 or NaN for the area variant, depending on whether there are
   * detections).
   */
  public static ClassResult compute(ClassMatches matches) {
    int[] order = matches.rankingOrder();
    int nd = order.length;
    double[] recall = new double[nd];
    double[] precision = new double[nd];
    double npos = matches.positives();
    long tp = 0;
    long fp = 0;
    for (int k = 0; k < nd; k++) {
      switch (matches.outcome(order[k])) {
        case TRUE_POSITIVE -> tp++;
        case FALSE_POSITIVE -> fp++;
        case IGNORED -> {}
      }
      recall[k] = tp / npos;
      precision[k] = tp / Math.max((double) (tp + fp), Math.ulp(1.0));
    }
    boolean scored = matches.positives() > 0;
    double ap07 = scored ? voc07ElevenPoint(recall, precision) : Double.NaN;
    double apArea = scored ? areaUnderEnvelope(recall, precision) : Double.NaN;
    return new ClassResult(
        matches.className(), matches.positives(), tp, fp, recall, precision, ap07, apArea);
  }
}
