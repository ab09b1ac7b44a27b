package dev.dlpipe.engines.segmentation;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A pixel confusion matrix over {@code n} classes: {@code count(t, p)} pixels whose target class is
 * {@code t} were predicted as {@code p}. Rows are targets, columns predictions, as in DeepLab's
 * {@code StreamSegMetrics} ({@code VainF/DeepLabV3Plus-Pytorch}, {@code
 * metrics/stream_metrics.py}).
 *
 * <p>Mergeable statistics: matrices of images, batches or Spark partitions are summed with {@link
 * #add(ConfusionMatrix)}; {@link SegmentationMetrics#of} is a function of the sum only.
 *
 * <p>Which pixels count, as in {@code _fast_hist}: a pixel counts if its target is in {@code [0,
 * n)}; any other target (VOC's 255 void, or any value {@code >= n}) is skipped, whatever the
 * prediction. A prediction outside {@code [0, n)} on a counted pixel is an {@link
 * IllegalArgumentException}: the reference would silently add it to the next row's cell ({@code n *
 * t + p}) or crash, and either way the model output is wrong.
 *
 * <p>Counts are {@code long}: a 513x513 image has 263,169 pixels, VOC val about 1,449 such images,
 * beyond {@code int} range. Mutable, not thread-safe.
 */
public final class ConfusionMatrix implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numClasses;
  private final long[] counts;

  /** An empty matrix over {@code numClasses} classes (21 for PASCAL VOC). */
  public ConfusionMatrix(int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("need at least one class, got " + numClasses);
    }
    this.numClasses = numClasses;
    this.counts = new long[Math.multiplyExact(numClasses, numClasses)];
  }

  public int numClasses() {
    return numClasses;
  }

  /** Pixels of target class {@code target} predicted as {@code predicted}. */
  public long count(int target, int predicted) {
    return counts[target * numClasses + predicted];
  }

  /** All counted pixels. */
  public long total() {
    long sum = 0;
    for (long c : counts) {
      sum += c;
    }
    return sum;
  }

  /**
   * Counts one image's pixels.
   *
   * @param target the ground truth, one class index per pixel; values outside {@code [0, n)} are
   *     skipped
   * @param predicted the prediction, same pixel order and length
   * @return this
   * @throws IllegalArgumentException if the lengths differ or a counted pixel has a prediction
   *     outside {@code [0, n)}
   */
  public ConfusionMatrix add(int[] target, int[] predicted) {
    if (target.length != predicted.length) {
      throw new IllegalArgumentException(
          "target has " + target.length + " pixels but prediction " + predicted.length);
    }
    for (int i = 0; i < target.length; i++) {
      int t = target[i];
      if (t < 0 || t >= numClasses) {
        continue;
      }
      int p = predicted[i];
      if (p < 0 || p >= numClasses) {
        throw new IllegalArgumentException(
            "prediction "
                + p
                + " at pixel "
                + i
                + " is not a class index in [0, "
                + numClasses
                + "); predictions must be argmax class indices (void is only for targets)");
      }
      counts[t * numClasses + p]++;
    }
    return this;
  }

  /**
   * Counts one image's pixels from masks of equal size.
   *
   * @throws IllegalArgumentException naming both sizes if they differ
   */
  public ConfusionMatrix add(IndexMask target, IndexMask predicted) {
    if (target.width() != predicted.width() || target.height() != predicted.height()) {
      throw new IllegalArgumentException(
          "target mask is "
              + target.size()
              + " but prediction is "
              + predicted.size()
              + "; resize the prediction to the target's size (nearest neighbour) before scoring");
    }
    return add(target.indices(), predicted.indices());
  }

  /** Adds {@code other}'s counts into this; returns this. */
  public ConfusionMatrix add(ConfusionMatrix other) {
    if (other.numClasses != numClasses) {
      throw new IllegalArgumentException(
          "cannot add a " + other.numClasses + "-class matrix to a " + numClasses + "-class one");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMatrix m
        && m.numClasses == numClasses
        && Arrays.equals(m.counts, counts);
  }

  @Override
  public int hashCode() {
    return 31 * numClasses + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "ConfusionMatrix[" + numClasses + " classes, " + total() + " pixels]";
  }
}
