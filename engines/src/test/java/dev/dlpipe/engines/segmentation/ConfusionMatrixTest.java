package dev.dlpipe.engines.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dlpipe.engines.UserError;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConfusionMatrix}, {@link SegmentationMetrics} and {@link IndexMaskReader} on tiny cases.
 */
class ConfusionMatrixTest {
  private static final double EPSILON = 1e-15;

  @TempDir Path tmp;

  @Test
  void voidAndOutOfRangeTargetsAreSkippedWhateverThePrediction() {
    // 3 classes; targets 255 and 3 are outside [0, 3) and skipped even with a bad prediction.
    int[] target = {0, 0, 1, 2, 255, 3, 1};
    int[] pred = {0, 1, 1, 2, 7, 9, 1};
    ConfusionMatrix m = new ConfusionMatrix(3).add(target, pred);
    assertThat(m.total()).isEqualTo(5);
    assertThat(m.count(0, 0)).isEqualTo(1);
    assertThat(m.count(0, 1)).isEqualTo(1);
    assertThat(m.count(1, 1)).isEqualTo(2);
    assertThat(m.count(2, 2)).isEqualTo(1);
  }

  @Test
  void aPredictionOutsideTheClassesOnACountedPixelIsRefused() {
    assertThatThrownBy(() -> new ConfusionMatrix(21).add(new int[] {0, 5}, new int[] {0, 255}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "prediction 255 at pixel 1 is not a class index in [0, 21); predictions must be argmax"
                + " class indices (void is only for targets)");
  }

  @Test
  void masksOfDifferentSizesAreRefusedNamingBoth() {
    IndexMask target = new IndexMask(3, 2, new int[6]);
    IndexMask pred = new IndexMask(2, 3, new int[6]);
    assertThatThrownBy(() -> new ConfusionMatrix(2).add(target, pred))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("target mask is 3x2 but prediction is 2x3");
  }

  @Test
  void metricsFollowStreamSegMetricsIncludingNanClasses() {
    // 4 classes. Class 0: 3 px, 2 right, 1 predicted as 1. Class 1: 2 px, 1 right, 1 predicted
    // as 2. Class 2: never in the target, predicted once. Class 3: absent everywhere.
    int[] target = {0, 0, 0, 1, 1};
    int[] pred = {0, 0, 1, 1, 2};
    SegmentationMetrics s = SegmentationMetrics.of(new ConfusionMatrix(4).add(target, pred));
    assertThat(s.overallAccuracy()).isEqualTo(3.0 / 5.0, within(EPSILON));
    // Accuracy: class 0 2/3, class 1 1/2, classes 2 and 3 have no target pixels: NaN, skipped.
    assertThat(s.classAccuracy()[2]).isNaN();
    assertThat(s.meanAccuracy()).isEqualTo((2.0 / 3 + 1.0 / 2) / 2, within(EPSILON));
    // IoU: class 0 2/(3+2-2) = 2/3; class 1 1/(2+2-1) = 1/3; class 2 0/(0+1-0) = 0 (counted);
    // class 3 0/0 = NaN (skipped).
    assertThat(s.classIoU()[0]).isEqualTo(2.0 / 3, within(EPSILON));
    assertThat(s.classIoU()[1]).isEqualTo(1.0 / 3, within(EPSILON));
    assertThat(s.classIoU()[2]).isZero();
    assertThat(s.classIoU()[3]).isNaN();
    assertThat(s.meanIoU()).isEqualTo((2.0 / 3 + 1.0 / 3 + 0) / 3, within(EPSILON));
    // Frequency weighted over classes present in the target: 3/5 * 2/3 + 2/5 * 1/3.
    assertThat(s.frequencyWeightedAccuracy())
        .isEqualTo(3.0 / 5 * 2.0 / 3 + 2.0 / 5 * 1.0 / 3, within(EPSILON));
  }

  @Test
  void anEmptyMatrixGivesNumpysNanAndZero() {
    SegmentationMetrics s = SegmentationMetrics.of(new ConfusionMatrix(3));
    assertThat(s.overallAccuracy()).isNaN();
    assertThat(s.meanAccuracy()).isNaN();
    assertThat(s.meanIoU()).isNaN();
    assertThat(s.frequencyWeightedAccuracy()).isZero();
  }

  @Test
  void matricesMergeByAddition() {
    ConfusionMatrix a = new ConfusionMatrix(2).add(new int[] {0, 1}, new int[] {0, 0});
    ConfusionMatrix b = new ConfusionMatrix(2).add(new int[] {1, 1}, new int[] {1, 0});
    ConfusionMatrix whole =
        new ConfusionMatrix(2).add(new int[] {0, 1, 1, 1}, new int[] {0, 0, 1, 0});
    assertThat(a.add(b)).isEqualTo(whole);
    assertThatThrownBy(() -> whole.add(new ConfusionMatrix(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot add a 3-class matrix to a 2-class one");
  }

  @Test
  void colourImagesAreRefusedAndGreyscaleIsRead() throws IOException {
    Path rgb = tmp.resolve("rgb.png");
    ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", rgb.toFile());
    assertThatThrownBy(() -> IndexMaskReader.read(rgb))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("index mask " + rgb + " is not a single-channel index image")
        .hasMessageContaining("has 3 bands");

    Path grey = tmp.resolve("grey.png");
    BufferedImage g = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    g.getRaster().setSample(1, 0, 0, 255);
    ImageIO.write(g, "png", grey.toFile());
    assertThat(IndexMaskReader.read(grey).indices()).containsExactly(0, 255);

    Path missing = tmp.resolve("missing.png");
    assertThatThrownBy(() -> IndexMaskReader.read(missing))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("cannot read index mask " + missing);
  }
}
