package dev.dlpipe.engines.detection.voc;

import dev.dlpipe.engines.UserError;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * PASCAL VOC detection AP exactly as py-faster-rcnn's {@code lib/datasets/voc_eval.py} ({@code
 * voc_eval} and {@code voc_ap}) computes it, with its later guard against 0/0 precision.
 *
 * <p>Statistics first, formula last: {@link #matchImage} decides per image and class which
 * detections are hits ({@link ClassMatches}); statistics of any set of images are merged with
 * {@link ClassMatches#add}; {@link VocAp#compute} turns the merged statistics into the PR curve and
 * both APs. {@link #evaluate} does all three for a whole data set on one machine.
 *
 * <p>Matching, per class and image: detections in ranking order (score descending; equal scores by
 * {@link Detection#sequence()}, i.e. file order, see below); each takes the object of the class
 * with the highest IoU ({@link VocBox#iou}, "+1" pixel rule; on equal IoU the first in file order),
 * difficult objects included. If that IoU is strictly above the threshold (0.5 is not a match at
 * threshold 0.5): a difficult object makes the detection {@link MatchOutcome#IGNORED}, an unmatched
 * one a {@link MatchOutcome#TRUE_POSITIVE} (and it is now matched), an already matched one a {@link
 * MatchOutcome#FALSE_POSITIVE}. Otherwise, or if the image has no object of the class, a false
 * positive. Images without detections only contribute positives.
 *
 * <p>Equal scores: voc_eval orders with {@code np.argsort(-confidence)}, numpy's default quicksort,
 * which is not stable; equal scores then come out in an order that depends on the numpy version and
 * array size, and that order can change the AP (it decides which duplicate gets the hit, and where
 * in the curve a hit falls). This class breaks ties by {@code sequence} (the detection's line in
 * its file), which is deterministic and partition-independent. With no equal scores within a class,
 * results are identical to voc_eval's.
 *
 * <p>Immutable and thread-safe.
 */
public final class VocEvaluator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The reference whose semantics this reproduces; part of the {@link #signature()}. */
  public static final String REFERENCE = "py-faster-rcnn voc_eval@781a917";

  private final double iouThreshold;

  /** An evaluator with voc_eval's default IoU threshold, 0.5. */
  public VocEvaluator() {
    this(0.5);
  }

  /**
   * An evaluator counting a detection as a hit when its IoU with an object is strictly greater than
   * {@code iouThreshold} (voc_eval's {@code ovthresh}).
   */
  public VocEvaluator(double iouThreshold) {
    if (!(iouThreshold >= 0.0 && iouThreshold < 1.0)) {
      throw new IllegalArgumentException(
          "IoU threshold must be in [0, 1), got " + iouThreshold + " (VOC uses 0.5)");
    }
    this.iouThreshold = iouThreshold;
  }

  public double iouThreshold() {
    return iouThreshold;
  }

  /**
   * Describes how the numbers were made, to be stored next to them, e.g. {@code
   * voc_eval|iou:>0.5|difficult:ignored|ties:sequence|ref:py-faster-rcnn voc_eval@781a917}.
   */
  public String signature() {
    return "voc_eval|iou:>" + iouThreshold + "|difficult:ignored|ties:sequence|ref:" + REFERENCE;
  }

  /**
   * Matches the detections of one class in one image.
   *
   * @param className the class
   * @param objects all objects of the image (other classes are skipped), in annotation file order
   * @param detections this image's detections of {@code className}, in any order
   * @return statistics with this image's positives and one outcome per detection
   */
  public ClassMatches matchImage(
      String className, List<VocObject> objects, Collection<Detection> detections) {
    List<VocObject> gt = new ArrayList<>();
    for (VocObject o : objects) {
      if (o.name().equals(className)) {
        gt.add(o);
      }
    }
    ClassMatches out = new ClassMatches(className);
    out.addPositives(gt.stream().filter(o -> !o.difficult()).count());

    List<Detection> ranked = new ArrayList<>(detections);
    ranked.sort(RANKING);
    boolean[] matched = new boolean[gt.size()];
    for (Detection d : ranked) {
      out.record(d.score(), d.sequence(), match(d, gt, matched));
    }
    return out;
  }

  /** Score descending (0.0 == -0.0), then sequence ascending; List.sort is stable. */
  private static final Comparator<Detection> RANKING =
      (a, b) -> {
        if (a.score() != b.score()) {
          return a.score() > b.score() ? -1 : 1;
        }
        return Long.compare(a.sequence(), b.sequence());
      };

  private MatchOutcome match(Detection d, List<VocObject> gt, boolean[] matched) {
    if (gt.isEmpty()) {
      return MatchOutcome.FALSE_POSITIVE;
    }
    double best = Double.NEGATIVE_INFINITY;
    int bestIndex = -1;
    for (int j = 0; j < gt.size(); j++) {
      double iou = d.box().iou(gt.get(j).box());
      if (Double.isNaN(iou)) {
        // np.max returns NaN if any overlap is NaN, and NaN > ovthresh is false: a false positive.
        return MatchOutcome.FALSE_POSITIVE;
      }
      if (iou > best) { // strict: the first maximum wins, as np.argmax
        best = iou;
        bestIndex = j;
      }
    }
    if (!(best > iouThreshold)) {
      return MatchOutcome.FALSE_POSITIVE;
    }
    if (gt.get(bestIndex).difficult()) {
      return MatchOutcome.IGNORED;
    }
    if (matched[bestIndex]) {
      return MatchOutcome.FALSE_POSITIVE;
    }
    matched[bestIndex] = true;
    return MatchOutcome.TRUE_POSITIVE;
  }

  /**
   * Evaluates every class that has objects or detections.
   *
   * @param annotations image id to annotation, for every image of the image set
   * @param detectionsByClass class name to its detections; a class may be absent (no detections)
   * @return per class (sorted by name) its result, and the mAPs over classes with positives
   * @throws UserError if a detection names an image that is not in {@code annotations}
   */
  public VocEvaluation evaluate(
      Map<String, VocAnnotation> annotations, Map<String, List<Detection>> detectionsByClass) {
    Set<String> classes = new TreeSet<>(detectionsByClass.keySet());
    for (VocAnnotation a : annotations.values()) {
      for (VocObject o : a.objects()) {
        classes.add(o.name());
      }
    }
    return evaluate(annotations, detectionsByClass, classes);
  }

  /**
   * Evaluates the given classes (a class with no objects is reported but not scored).
   *
   * @see #evaluate(Map, Map)
   */
  public VocEvaluation evaluate(
      Map<String, VocAnnotation> annotations,
      Map<String, List<Detection>> detectionsByClass,
      Collection<String> classes) {
    Map<String, ClassResult> results = new LinkedHashMap<>();
    for (String className : classes) {
      List<Detection> dets = detectionsByClass.getOrDefault(className, List.of());
      Map<String, List<Detection>> byImage = new HashMap<>();
      for (Detection d : dets) {
        if (!annotations.containsKey(d.imageId())) {
          throw UserError.of(
              "detection of class " + className + " for unknown image " + d.imageId(),
              "the image is not in the image set, so it has no ground truth to match against",
              "evaluate detections of the image set's images only, or add the image and its"
                  + " annotation to the image set");
        }
        byImage.computeIfAbsent(d.imageId(), k -> new ArrayList<>()).add(d);
      }
      ClassMatches total = new ClassMatches(className);
      for (Map.Entry<String, VocAnnotation> e : annotations.entrySet()) {
        total.add(
            matchImage(
                className, e.getValue().objects(), byImage.getOrDefault(e.getKey(), List.of())));
      }
      results.put(className, VocAp.compute(total));
    }
    return new VocEvaluation(results, signature());
  }
}
