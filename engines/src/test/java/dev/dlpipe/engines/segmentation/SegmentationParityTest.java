package dev.dlpipe.engines.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every number DeepLab's StreamSegMetrics(21) gave on three VOC2012 val images and a real
 * DeepLabV3+ prediction (test resources voc/seg_deeplab/, see SOURCE.md): per image and over all
 * three.
 */
class SegmentationParityTest {
  private static final double EPSILON = 1e-9;
  private static final int VOC_CLASSES = 21;
  private static final Path DIR = dir();
  private static final JsonNode EXPECTED = expected();

  private static Path dir() {
    try {
      return Path.of(SegmentationParityTest.class.getResource("/voc/seg_deeplab").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode expected() {
    try {
      return new ObjectMapper().readTree(DIR.resolve("expected_metrics.json").toFile());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static IndexMask mask(String image, String kind) {
    return IndexMaskReader.read(DIR.resolve(image + "_" + kind + "_indexed.png"));
  }

  private static ConfusionMatrix matrix(String image) {
    return new ConfusionMatrix(VOC_CLASSES).add(mask(image, "target"), mask(image, "pred"));
  }

  /** The largest difference seen, asserted below EPSILON. */
  private static double check(SegmentationMetrics got, JsonNode want, String what) {
    double[][] pairs = {
      {got.overallAccuracy(), want.get("Overall Acc").asDouble()},
      {got.meanAccuracy(), want.get("Mean Acc").asDouble()},
      {got.meanIoU(), want.get("Mean IoU").asDouble()},
      {got.frequencyWeightedAccuracy(), want.get("FreqW Acc").asDouble()},
    };
    double maxDiff = 0;
    for (double[] p : pairs) {
      assertThat(p[0]).as(what).isCloseTo(p[1], within(EPSILON));
      maxDiff = Math.max(maxDiff, Math.abs(p[0] - p[1]));
    }
    double[] iou = got.classIoU();
    JsonNode wantIou = want.get("Class IoU (non-NaN)");
    List<Integer> defined = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = wantIou.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int c = Integer.parseInt(e.getKey());
      defined.add(c);
      assertThat(iou[c])
          .as(what + " IoU of class " + c)
          .isCloseTo(e.getValue().asDouble(), within(EPSILON));
      maxDiff = Math.max(maxDiff, Math.abs(iou[c] - e.getValue().asDouble()));
    }
    for (int c = 0; c < VOC_CLASSES; c++) {
      if (!defined.contains(c)) {
        assertThat(iou[c]).as(what + " IoU of absent class " + c).isNaN();
      }
    }
    return maxDiff;
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "23", "114"})
  void perImageMetricsMatchStreamSegMetrics(String image) {
    JsonNode want = EXPECTED.get("per_image").get(image);
    double maxDiff = check(SegmentationMetrics.of(matrix(image)), want, "image " + image);
    System.out.println("segmentation parity image " + image + ": max diff = " + maxDiff);
  }

  @Test
  void summedMatrixOfAllThreeMatches() {
    ConfusionMatrix all = new ConfusionMatrix(VOC_CLASSES);
    for (String image : List.of("114", "1", "23")) {
      all.add(matrix(image));
    }
    double maxDiff = check(SegmentationMetrics.of(all), EXPECTED.get("all_three"), "all three");
    System.out.println("segmentation parity all three: max diff = " + maxDiff);
  }

  /** Palette PNGs: samples are the class indices (255 void), not colours. */
  @ParameterizedTest
  @ValueSource(strings = {"1", "23", "114"})
  void paletteSamplesAreClassIndices(String image) {
    JsonNode want = EXPECTED.get("per_image").get(image);
    IndexMask target = mask(image, "target");
    IndexMask pred = mask(image, "pred");
    assertThat(target.size()).isEqualTo("513x513");
    assertThat(distinct(target)).containsExactlyElementsOf(ints(want.get("labels_in_target")));
    assertThat(distinct(pred)).containsExactlyElementsOf(ints(want.get("labels_in_pred")));
  }

  private static List<Integer> distinct(IndexMask m) {
    return Arrays.stream(m.indices()).distinct().sorted().boxed().toList();
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }
}
