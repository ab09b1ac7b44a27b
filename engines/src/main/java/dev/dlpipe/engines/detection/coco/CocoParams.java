package dev.dlpipe.engines.detection.coco;

import java.util.List;

/**
 * COCOeval's parameters, with pycocotools' defaults ({@code Params.setDetParams}).
 *
 * @param iouType {@code bbox} or {@code segm}
 * @param imgIds images to evaluate (null: all images of the ground truth), as pycocotools, sorted
 *     unique
 * @param catIds categories to evaluate (null: all categories of the ground truth)
 * @param iouThrs IoU thresholds; default 0.50:0.05:0.95 computed as numpy's linspace over 10 points
 * @param recThrs recall thresholds; default linspace(0, 1, 101)
 * @param maxDets detections per image considered; default 1, 10, 100 (the last one is used to
 *     match)
 * @param areaRng area ranges {@code [min, max]}; default all, small (< 32²), medium, large (> 96²)
 * @param areaRngLbl the ranges' labels
 */
public record CocoParams(
    String iouType,
    List<Long> imgIds,
    List<Long> catIds,
    double[] iouThrs,
    double[] recThrs,
    int[] maxDets,
    double[][] areaRng,
    List<String> areaRngLbl)
    implements java.io.Serializable {

  public CocoParams {
    if (!iouType.equals("bbox") && !iouType.equals("segm")) {
      throw new IllegalArgumentException("iouType must be bbox or segm, got " + iouType);
    }
    if (areaRng.length != areaRngLbl.size()) {
      throw new IllegalArgumentException("one label per area range");
    }
  }

  /** pycocotools' defaults for detection (bbox or segm). */
  public static CocoParams defaults(String iouType) {
    return new CocoParams(
        iouType,
        null,
        null,
        linspace(.5, 0.95, (int) Math.round((0.95 - .5) / .05) + 1),
        linspace(.0, 1.00, (int) Math.round((1.00 - .0) / .01) + 1),
        new int[] {1, 10, 100},
        new double[][] {{0, 1e5 * 1e5}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e5 * 1e5}},
        List.of("all", "small", "medium", "large"));
  }

  /**
   * A short, stable description of the parameters, stored next to every metric value so that
   * numbers computed with different settings are never compared by mistake.
   */
  public String signature() {
    return "iouType:"
        + iouType
        + "|iouThrs:"
        + iouThrs.length
        + "["
        + iouThrs[0]
        + "-"
        + iouThrs[iouThrs.length - 1]
        + "]"
        + "|recThrs:"
        + recThrs.length
        + "|maxDets:"
        + java.util.Arrays.toString(maxDets).replace(" ", "")
        + "|areaRng:"
        + String.join(",", areaRngLbl)
        + "|imgIds:"
        + (imgIds == null ? "all" : String.valueOf(imgIds.size()))
        + "|catIds:"
        + (catIds == null ? "all" : String.valueOf(catIds.size()))
        + "|useCats:1|semantics:pycocotools-2.0";
  }

  /** The same parameters with other images, categories or maximum detections. */
  public CocoParams with(List<Long> imgIds, List<Long> catIds, int[] maxDets) {
    return new CocoParams(
        iouType,
        imgIds == null ? this.imgIds : imgIds,
        catIds == null ? this.catIds : catIds,
        iouThrs,
        recThrs,
        maxDets == null ? this.maxDets : maxDets,
        areaRng,
        areaRngLbl);
  }

  /**
   * numpy's {@code linspace(start, stop, num)}: {@code i * step + start} with the last point set to
   * {@code stop}. Thresholds come from a count, never from accumulating a float step (pycocotools
   * notes that {@code np.arange} gives slightly-off IoU thresholds).
   */
  public static double[] linspace(double start, double stop, int num) {
    double[] out = new double[num];
    if (num == 1) {
      out[0] = start;
      return out;
    }
    double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; i++) {
      out[i] = i * step + start;
    }
    out[num - 1] = stop;
    return out;
  }
}
