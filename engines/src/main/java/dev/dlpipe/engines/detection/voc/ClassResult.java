package dev.dlpipe.engines.detection.voc;

import java.io.Serializable;

/**
 * The evaluation of one class: both AP variants and the precision/recall curve behind them.
 *
 * <p>Arrays have one entry per detection in ranking order (score descending), like voc_eval's
 * {@code rec} and {@code prec}: entry {@code k} is the recall and precision of the top {@code k+1}
 * detections. Detections matching difficult objects keep their place with unchanged counts.
 * Accessors return copies.
 *
 * @param className the class
 * @param positives non-difficult ground-truth objects (voc_eval's {@code npos})
 * @param truePositives hits among all detections
 * @param falsePositives misses and duplicates among all detections
 * @param recall cumulative true positives / positives, length = detections; NaN entries if there
 *     are no positives
 * @param precision cumulative true positives / max(cumulative TP + FP, machine epsilon), length =
 *     detections
 * @param apVoc07 VOC2007 11-point interpolated AP; NaN if there are no positives
 * @param apArea VOC2010+ AP, the area under the monotone precision envelope; NaN if there are no
 *     positives
 */
public record ClassResult(
    String className,
    long positives,
    long truePositives,
    long falsePositives,
    double[] recall,
    double[] precision,
    double apVoc07,
    double apArea)
    implements Serializable {
  public ClassResult {
    if (recall.length != precision.length) {
      throw new IllegalArgumentException(
          "recall has " + recall.length + " entries but precision " + precision.length);
    }
    recall = recall.clone();
    precision = precision.clone();
  }

  /** Whether the class has positives; only such classes have an AP and enter the mAP. */
  public boolean scored() {
    return positives > 0;
  }

  /** Number of detections (length of the curves). */
  public int detections() {
    return recall.length;
  }

  @Override
  public double[] recall() {
    return recall.clone();
  }

  @Override
  public double[] precision() {
    return precision.clone();
  }
}
