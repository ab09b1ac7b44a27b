package dev.dlpipe.engines.vision.ssd;

import java.util.Arrays;

/**
 * Where SSD puts its default boxes: per source feature map (size f x f), a box scale, the scale of
 * the extra square box's neighbour ({@code sqrt(s_k * s_k+1)}), and the aspect ratios beyond 1
 * (each ratio r adds two boxes, r and 1/r).
 *
 * @param name a label ({@code ssd300}, {@code ssd512}, or a custom one)
 * @param imageSize network input size in pixels (square)
 * @param featureMaps feature map sizes, one per source layer
 * @param scales s_k per layer, as a fraction of the image
 * @param nextScales s_{k+1} per layer (the extra box is sqrt(s_k * s_{k+1}))
 * @param aspectRatios per layer, the ratios other than 1 (e.g. {2} or {2, 3})
 * @param variances the two encoding variances (center, size): 0.1 and 0.2 as in the reference code
 */
public record SsdConfig(
    String name,
    int imageSize,
    int[] featureMaps,
    double[] scales,
    double[] nextScales,
    double[][] aspectRatios,
    double[] variances)
    implements java.io.Serializable {

  public SsdConfig {
    int m = featureMaps.length;
    if (scales.length != m || nextScales.length != m || aspectRatios.length != m) {
      throw new IllegalArgumentException("one scale, next scale and ratio list per feature map");
    }
    if (variances.length != 2 || variances[0] <= 0 || variances[1] <= 0) {
      throw new IllegalArgumentException("variances must be two positive numbers");
    }
  }

  /**
   * The paper's scale rule: {@code s_k = sMin + (sMax - sMin)(k - 1)/(m - 1)} for the m layers, and
   * one step beyond sMax for the last layer's extra box.
   */
  public static SsdConfig paper(
      String name, int imageSize, int[] featureMaps, double sMin, double sMax, double[][] ratios) {
    int m = featureMaps.length;
    double step = (sMax - sMin) / (m - 1);
    double[] s = new double[m];
    double[] next = new double[m];
    for (int k = 0; k < m; k++) {
      s[k] = sMin + step * k;
      next[k] = sMin + step * (k + 1);
    }
    return new SsdConfig(name, imageSize, featureMaps, s, next, ratios, new double[] {0.1, 0.2});
  }

  /**
   * SSD300 as in the SSD paper: feature maps 38, 19, 10, 5, 3, 1; scales 0.2 to 0.9; ratios {1, 2,
   * 1/2} on the first and last two layers and {1, 2, 3, 1/2, 1/3} on the others: 8,732 boxes.
   */
  public static SsdConfig ssd300() {
    return paper(
        "ssd300",
        300,
        new int[] {38, 19, 10, 5, 3, 1},
        0.2,
        0.9,
        new double[][] {{2}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}});
  }

  /**
   * SSD512 with the reference implementation's box sizes (20.48 to 460.8 pixels, next sizes to
   * 542.72) on feature maps 64, 32, 16, 8, 4, 2, 1: 24,564 boxes.
   */
  public static SsdConfig ssd512() {
    double[] min = {20.48, 51.2, 133.12, 215.04, 296.96, 378.88, 460.8};
    double[] max = {51.2, 133.12, 215.04, 296.96, 378.88, 460.8, 542.72};
    double[] s = new double[7];
    double[] next = new double[7];
    for (int k = 0; k < 7; k++) {
      s[k] = min[k] / 512;
      next[k] = max[k] / 512;
    }
    return new SsdConfig(
        "ssd512",
        512,
        new int[] {64, 32, 16, 8, 4, 2, 1},
        s,
        next,
        new double[][] {{2}, {2, 3}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}},
        new double[] {0.1, 0.2});
  }

  /** A named preset: {@code ssd300} or {@code ssd512}. */
  public static SsdConfig named(String name) {
    return switch (name) {
      case "ssd300" -> ssd300();
      case "ssd512" -> ssd512();
      default ->
          throw new IllegalArgumentException(
              "unknown SSD config '" + name + "'; known: ssd300, ssd512");
    };
  }

  /** Default boxes per location of layer k: 2 square boxes plus 2 per extra ratio. */
  public int boxesPerLocation(int k) {
    return 2 + 2 * aspectRatios[k].length;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(featureMaps);
  }
}
