package dev.dlpipe.engines.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * SSD's training-time data augmentation (Liu et al. 2016, section 2.2 "Data augmentation", with the
 * settings of the authors' Caffe {@code ssd_pascal.py}), deterministic for a given random source:
 *
 * <ul>
 *   <li>photometric (each with probability 1/2): brightness delta in [-32, 32], contrast and
 *       saturation factors in [0.5, 1.5] (saturation as a blend with the pixel's luma; the hue
 *       shift of the Caffe code is not applied);
 *   <li>expand (probability 1/2): the image placed at a random spot on a canvas 1 to 4 times its
 *       size, filled with the mean pixel (104, 117, 123 BGR, as Caffe), zooming out for small
 *       objects;
 *   <li>random crop: one of seven samplers, chosen among those that found a patch in 50 trials: the
 *       whole image, or a patch of scale [0.3, 1] and aspect ratio [0.5, 2] whose IoU with some
 *       object is at least 0.1, 0.3, 0.5, 0.7 or 0.9, or any such patch; objects whose centre lies
 *       in the patch are kept, clipped to it.
 * </ul>
 *
 * Horizontal flipping, also in the paper, is left to the training job (it costs nothing there).
 */
public final class SsdAugment {
  private static final int[] MEAN_RGB = {123, 117, 104};
  private static final double[] MIN_IOU = {0.1, 0.3, 0.5, 0.7, 0.9, 0};

  /**
   * Which augmentations run.
   *
   * @param photometric brightness, contrast, saturation
   * @param expand zoom out onto a mean-filled canvas
   * @param crop SSD's IoU-constrained random crop
   */
  public record Options(boolean photometric, boolean expand, boolean crop)
      implements java.io.Serializable {
    /** None: the image is only resized. */
    public static Options none() {
      return new Options(false, false, false);
    }

    /** Whether any augmentation runs. */
    public boolean any() {
      return photometric || expand || crop;
    }

    /** A stable text form, e.g. {@code photometric+crop}, or {@code none}. */
    public String signature() {
      List<String> on = new ArrayList<>();
      if (photometric) {
        on.add("photometric");
      }
      if (expand) {
        on.add("expand");
      }
      if (crop) {
        on.add("crop");
      }
      return on.isEmpty() ? "none" : String.join("+", on);
    }
  }

  /**
   * An image with its boxes.
   *
   * @param rgb interleaved RGB bytes, 3 * width * height
   * @param width pixels
   * @param height pixels
   * @param boxes {@code [x_min, y_min, x_max, y_max]} per object, flattened, pixels
   * @param labels one per box
   */
  public record Sample(byte[] rgb, int width, int height, double[] boxes, int[] labels) {}

  private SsdAugment() {}

  /** Applies {@code options} to {@code in} with random numbers from {@code random}. */
  public static Sample apply(Sample in, Options options, SplittableRandom random) {
    Sample s = in;
    if (options.photometric()) {
      s = photometric(s, random);
    }
    if (options.expand() && random.nextBoolean()) {
      s = expand(s, random);
    }
    if (options.crop()) {
      s = crop(s, random);
    }
    return s;
  }

  private static Sample photometric(Sample s, SplittableRandom random) {
    double delta = random.nextBoolean() ? random.nextDouble(-32, 32) : 0;
    double contrast = random.nextBoolean() ? random.nextDouble(0.5, 1.5) : 1;
    double saturation = random.nextBoolean() ? random.nextDouble(0.5, 1.5) : 1;
    byte[] rgb = s.rgb().clone();
    for (int i = 0; i < rgb.length; i += 3) {
      double r = ((rgb[i] & 0xff) + delta) * contrast;
      double g = ((rgb[i + 1] & 0xff) + delta) * contrast;
      double b = ((rgb[i + 2] & 0xff) + delta) * contrast;
      double luma = 0.299 * r + 0.587 * g + 0.114 * b;
      rgb[i] = clampByte(luma + saturation * (r - luma));
      rgb[i + 1] = clampByte(luma + saturation * (g - luma));
      rgb[i + 2] = clampByte(luma + saturation * (b - luma));
    }
    return new Sample(rgb, s.width(), s.height(), s.boxes(), s.labels());
  }

  private static byte clampByte(double v) {
    return (byte) (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  private static Sample expand(Sample s, SplittableRandom random) {
    double ratio = random.nextDouble(1, 4);
    int w = (int) (s.width() * ratio);
    int h = (int) (s.height() * ratio);
    int left = (int) random.nextDouble(0, w - s.width() + 1e-9);
    int top = (int) random.nextDouble(0, h - s.height() + 1e-9);
    byte[] canvas = new byte[3 * w * h];
    for (int i = 0; i < canvas.length; i += 3) {
      canvas[i] = (byte) MEAN_RGB[0];
      canvas[i + 1] = (byte) MEAN_RGB[1];
      canvas[i + 2] = (byte) MEAN_RGB[2];
    }
    for (int y = 0; y < s.height(); y++) {
      System.arraycopy(
          s.rgb(), 3 * y * s.width(), canvas, 3 * ((top + y) * w + left), 3 * s.width());
    }
    double[] boxes = s.boxes().clone();
    for (int i = 0; i < boxes.length; i += 4) {
      boxes[i] += left;
      boxes[i + 1] += top;
      boxes[i + 2] += left;
      boxes[i + 3] += top;
    }
    return new Sample(canvas, w, h, boxes, s.labels());
  }

  private static Sample crop(Sample s, SplittableRandom random) {
    int n = s.labels().length;
    if (n == 0) {
      return s;
    }
    List<double[]> patches = new ArrayList<>();
    for (double minIou : MIN_IOU) {
      for (int trial = 0; trial < 50; trial++) {
        double scale = random.nextDouble(0.3, 1);
        double lo = Math.max(0.5, scale * scale);
        double hi = Math.min(2, 1 / (scale * scale));
        double aspect = random.nextDouble(lo, Math.nextUp(hi));
        double pw = scale * Math.sqrt(aspect);
        double ph = scale / Math.sqrt(aspect);
        double px = random.nextDouble(0, Math.nextUp(1 - pw));
        double py = random.nextDouble(0, Math.nextUp(1 - ph));
        double[] patch = {
          px * s.width(), py * s.height(), (px + pw) * s.width(), (py + ph) * s.height()
        };
        if (satisfies(patch, s.boxes(), minIou)) {
          patches.add(patch);
          break;
        }
      }
    }
    // The whole image is always a candidate (Caffe's first sampler).
    int pick = random.nextInt(patches.size() + 1);
    if (pick == patches.size()) {
      return s;
    }
    double[] p = patches.get(pick);
    int x0 = (int) Math.floor(p[0]);
    int y0 = (int) Math.floor(p[1]);
    int x1 = Math.max(x0 + 1, Math.min(s.width(), (int) Math.ceil(p[2])));
    int y1 = Math.max(y0 + 1, Math.min(s.height(), (int) Math.ceil(p[3])));
    List<double[]> kept = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    double[] b = s.boxes();
    for (int i = 0; i < n; i++) {
      double cx = (b[4 * i] + b[4 * i + 2]) / 2;
      double cy = (b[4 * i + 1] + b[4 * i + 3]) / 2;
      if (cx < x0 || cx > x1 || cy < y0 || cy > y1) {
        continue;
      }
      double[] c = {
        Math.max(b[4 * i], x0) - x0,
        Math.max(b[4 * i + 1], y0) - y0,
        Math.min(b[4 * i + 2], x1) - x0,
        Math.min(b[4 * i + 3], y1) - y0
      };
      if (c[2] > c[0] && c[3] > c[1]) {
        kept.add(c);
        labels.add(s.labels()[i]);
      }
    }
    if (kept.isEmpty()) {
      return s;
    }
    int w = x1 - x0;
    int h = y1 - y0;
    byte[] rgb = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      System.arraycopy(s.rgb(), 3 * ((y0 + y) * s.width() + x0), rgb, 3 * y * w, 3 * w);
    }
    double[] boxes = new double[4 * kept.size()];
    int[] outLabels = new int[kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      System.arraycopy(kept.get(i), 0, boxes, 4 * i, 4);
      outLabels[i] = labels.get(i);
    }
    return new Sample(rgb, w, h, boxes, outLabels);
  }

  private static boolean satisfies(double[] patch, double[] boxes, double minIou) {
    if (minIou == 0) {
      return true;
    }
    for (int i = 0; i < boxes.length; i += 4) {
      if (iou(patch, boxes, i) >= minIou) {
        return true;
      }
    }
    return false;
  }

  private static double iou(double[] a, double[] b, int o) {
    double iw = Math.min(a[2], b[o + 2]) - Math.max(a[0], b[o]);
    double ih = Math.min(a[3], b[o + 3]) - Math.max(a[1], b[o + 1]);
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    return inter
        / ((a[2] - a[0]) * (a[3] - a[1]) + (b[o + 2] - b[o]) * (b[o + 3] - b[o + 1]) - inter);
  }
}
