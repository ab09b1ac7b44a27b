package dev.dlpipe.engines.detection.coco;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Greedy non-maximum suppression, as maskApi's bbNms/rleNms apply it but per category and with a
 * score order: within each category, detections are taken by score (highest first, ties in input
 * order); one is dropped when its IoU with an already kept one is above {@code iouThreshold}; at
 * most {@code topK} are kept per category (and per image: call it per image). IoU is box IoU, or
 * mask IoU when every detection has a mask.
 */
public final class Nms {
  private Nms() {}

  /**
   * The detections kept, in score order within each category, categories in first-appearance order.
   *
   * @param detections one image's detections
   * @param iouThreshold suppress when IoU is strictly above this (e.g. 0.5)
   * @param topK most detections kept per category; 0 for no limit
   */
  public static List<CocoAnnotation> apply(
      List<CocoAnnotation> detections, double iouThreshold, int topK) {
    Map<Long, List<CocoAnnotation>> byCategory = new java.util.LinkedHashMap<>();
    for (CocoAnnotation d : detections) {
      byCategory.computeIfAbsent(d.categoryId(), k -> new ArrayList<>()).add(d);
    }
    boolean masks = detections.stream().allMatch(d -> d.mask() != null);
    List<CocoAnnotation> kept = new ArrayList<>();
    for (List<CocoAnnotation> group : byCategory.values()) {
      double[] scores = new double[group.size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = group.get(i).score();
      }
      int[] order = CocoEvaluator.stableOrderByScore(scores);
      List<CocoAnnotation> keep = new ArrayList<>();
      for (int i : order) {
        CocoAnnotation d = group.get(i);
        boolean suppressed = false;
        for (CocoAnnotation k : keep) {
          double iou =
              masks
                  ? Rle.maskIou(d.mask(), k.mask(), false)
                  : Rle.boxIou(d.bbox(), k.bbox(), false);
          if (iou > iouThreshold) {
            suppressed = true;
            break;
          }
        }
        if (!suppressed) {
          keep.add(d);
          if (topK > 0 && keep.size() == topK) {
            break;
          }
        }
      }
      kept.addAll(keep);
    }
    return kept;
  }

  /** {@link #apply} image by image, preserving image order of first appearance. */
  public static List<CocoAnnotation> applyPerImage(
      List<CocoAnnotation> detections, double iouThreshold, int topK) {
    Map<Long, List<CocoAnnotation>> byImage = new java.util.LinkedHashMap<>();
    for (CocoAnnotation d : detections) {
      byImage.computeIfAbsent(d.imageId(), k -> new ArrayList<>()).add(d);
    }
    List<CocoAnnotation> out = new ArrayList<>();
    for (List<CocoAnnotation> img : byImage.values()) {
      out.addAll(apply(img, iouThreshold, topK));
    }
    return out;
  }
}
