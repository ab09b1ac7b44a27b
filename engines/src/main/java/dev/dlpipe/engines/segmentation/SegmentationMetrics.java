package dev.dlpipe.engines.segmentation;

/**
 * Semantic segmentation scores of a {@link ConfusionMatrix}, exactly as DeepLab's {@code
 * StreamSegMetrics.get_results} computes them (numpy, float64), with {@code tp(c)} the diagonal,
 * {@code target(c)} the row sum and {@code predicted(c)} the column sum:
 *
 * <ul>
 *   <li>overall accuracy: {@code sum tp / total} (pixel accuracy);
 *   <li>class accuracy: {@code tp(c) / target(c)}, NaN for a class with no target pixels; mean
 *       accuracy is their mean over non-NaN classes ({@code np.nanmean});
 *   <li>class IoU: {@code tp(c) / (target(c) + predicted(c) - tp(c))}, NaN for a class absent from
 *       both target and prediction (0 for one only predicted); mean IoU is their nanmean;
 *   <li>frequency-weighted accuracy: {@code sum over classes with target(c) > 0 of target(c) /
 *       total * IoU(c)} (despite the name, an IoU weighted by class frequency).
 * </ul>
 *
 * <p>All are fractions in [0, 1]. For an empty matrix the accuracies and mean IoU are NaN and the
 * frequency-weighted accuracy is 0, as numpy gives (a sum over no classes). Arrays have one entry
 * per class index; accessors return copies.
 *
 * @param overallAccuracy "Overall Acc"
 * @param meanAccuracy "Mean Acc"
 * @param meanIoU "Mean IoU"
 * @param frequencyWeightedAccuracy "FreqW Acc"
 * @param classAccuracy per class recall, NaN where undefined
 * @param classIoU "Class IoU", NaN where undefined
 */
public record SegmentationMetrics(
    double overallAccuracy,
    double meanAccuracy,
    double meanIoU,
    double frequencyWeightedAccuracy,
    double[] classAccuracy,
    double[] classIoU) {
  public SegmentationMetrics {
    classAccuracy = classAccuracy.clone();
    classIoU = classIoU.clone();
  }

  @Override
  public double[] classAccuracy() {
    return classAccuracy.clone();
  }

  @Override
  public double[] classIoU() {
    return classIoU.clone();
  }

  /** The scores of {@code m}; a pure function. */
  public static SegmentationMetrics of(ConfusionMatrix m) {
    int n = m.numClasses();
    double[] tp = new double[n];
    double[] target = new double[n];
    double[] predicted = new double[n];
    double total = 0.0;
    for (int t = 0; t < n; t++) {
      for (int p = 0; p < n; p++) {
        // Counts below 2^53 are exact doubles, so sums match numpy's float64 matrix exactly.
        double c = m.count(t, p);
        target[t] += c;
        predicted[p] += c;
        total += c;
      }
      tp[t] = m.count(t, t);
    }
    double sumTp = 0.0;
    for (double v : tp) {
      sumTp += v;
    }
    double[] acc = new double[n];
    double[] iou = new double[n];
    double fwavacc = 0.0;
    for (int c = 0; c < n; c++) {
      acc[c] = tp[c] / target[c];
      iou[c] = tp[c] / (target[c] + predicted[c] - tp[c]);
      double freq = target[c] / total;
      if (freq > 0) {
        fwavacc += freq * iou[c];
      }
    }
    return new SegmentationMetrics(sumTp / total, nanMean(acc), nanMean(iou), fwavacc, acc, iou);
  }

  /** np.nanmean: the mean of the non-NaN values; NaN if there are none. */
  static double nanMean(double[] values) {
    double sum = 0.0;
    int count = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += v;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }
}
