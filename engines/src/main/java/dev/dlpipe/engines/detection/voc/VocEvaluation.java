package dev.dlpipe.engines.detection.voc;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a VOC detection evaluation: one {@link ClassResult} per class, the mean APs, and
 * the evaluator's signature.
 *
 * <p>mAP is the plain mean of the per-class APs over classes with positives (py-faster-rcnn's
 * {@code np.mean(aps)} over its class list, whose classes all have objects); classes with
 * detections but no objects are reported and left out. NaN if no class has positives.
 *
 * @param classes class name to result, in evaluation order (unmodifiable)
 * @param signature how the numbers were made ({@link VocEvaluator#signature()})
 */
public record VocEvaluation(Map<String, ClassResult> classes, String signature)
    implements Serializable {
  public VocEvaluation {
    classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
    Objects.requireNonNull(signature, "signature");
  }

  /** Mean VOC2007 11-point AP over scored classes. */
  public double mapVoc07() {
    return mean(true);
  }

  /** Mean VOC2010+ area AP over scored classes. */
  public double mapArea() {
    return mean(false);
  }

  /** Number of classes with positives, the mAP's denominator. */
  public int scoredClasses() {
    return (int) classes.values().stream().filter(ClassResult::scored).count();
  }

  private double mean(boolean voc07) {
    double sum = 0.0;
    int n = 0;
    for (ClassResult r : classes.values()) {
      if (r.scored()) {
        sum += voc07 ? r.apVoc07() : r.apArea();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
