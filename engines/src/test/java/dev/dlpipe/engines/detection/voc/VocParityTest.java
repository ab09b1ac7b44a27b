package dev.dlpipe.engines.detection.voc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every number py-faster-rcnn's voc_eval gave on the Cartucho sample (test resources
 * voc/det_cartucho/, see SOURCE.md): 85 images, 686 objects in 30 classes, 494 detections in 36
 * classes (28 of them with objects). Per class both APs, positives, detections, final precision and
 * recall; and both mAPs. The sample has no equal scores within a class, so the tie-break does not
 * enter.
 */
class VocParityTest {
  /** Observed: bit-identical or within a few ulps (numpy sums pairwise); the brief asks 1e-9. */
  private static final double EPSILON = 1e-9;

  private static final Path DIR = resourceDir("/voc/det_cartucho");
  private static final JsonNode EXPECTED = expected();

  static Path resourceDir(String name) {
    try {
      return Path.of(VocParityTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode expected() {
    try {
      return new ObjectMapper().readTree(DIR.resolve("expected_ap.json").toFile());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, VocAnnotation> annotations() {
    return VocAnnotationReader.readAll(
        DIR.resolve("Annotations"), ImageSet.read(DIR.resolve("imageset.txt")));
  }

  static Map<String, List<Detection>> detections() {
    return DetectionFile.readDirectory(DIR.resolve("dets"));
  }

  @Test
  void everyClassAndBothMapsMatchVocEval() {
    assertThat(EXPECTED.get("iou_threshold").asDouble()).isEqualTo(0.5);
    VocEvaluation eval = new VocEvaluator().evaluate(annotations(), detections());

    JsonNode classes = EXPECTED.get("classes");
    List<String> expectedNames = new ArrayList<>();
    classes.fieldNames().forEachRemaining(expectedNames::add);
    List<String> scored =
        eval.classes().values().stream()
            .filter(ClassResult::scored)
            .map(ClassResult::className)
            .toList();
    assertThat(scored).containsExactlyInAnyOrderElementsOf(expectedNames).hasSize(30);
    // SOURCE.md says 36 detected classes of which 6 have no objects; in fact doll and shelf have
    // objects but no detection file, so the union is 38 classes and 8 have only detections.
    assertThat(eval.classes()).hasSize(38);

    double maxDiff = 0.0;
    for (Iterator<Map.Entry<String, JsonNode>> it = classes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode want = e.getValue();
      ClassResult got = eval.classes().get(e.getKey());
      String what = "class " + e.getKey();
      assertThat(got.positives()).as(what).isEqualTo(want.get("n_gt_nondifficult").asLong());
      assertThat(got.detections()).as(what).isEqualTo(want.path("n_dets").asInt(0));
      assertThat(got.apVoc07())
          .as(what)
          .isCloseTo(want.get("voc07_11point").asDouble(), within(EPSILON));
      assertThat(got.apArea())
          .as(what)
          .isCloseTo(want.get("voc10_area").asDouble(), within(EPSILON));
      maxDiff = Math.max(maxDiff, Math.abs(got.apVoc07() - want.get("voc07_11point").asDouble()));
      maxDiff = Math.max(maxDiff, Math.abs(got.apArea() - want.get("voc10_area").asDouble()));
      if (want.has("final_precision")) {
        double[] p = got.precision();
        double[] r = got.recall();
        assertThat(p[p.length - 1])
            .as(what)
            .isCloseTo(want.get("final_precision").asDouble(), within(EPSILON));
        assertThat(r[r.length - 1])
            .as(what)
            .isCloseTo(want.get("final_recall").asDouble(), within(EPSILON));
      }
    }
    double map07 = EXPECTED.get("mAP_voc07_11point").asDouble();
    double mapArea = EXPECTED.get("mAP_voc10_area").asDouble();
    assertThat(eval.mapVoc07()).isCloseTo(map07, within(EPSILON)).isCloseTo(0.316965, within(5e-7));
    assertThat(eval.mapArea())
        .isCloseTo(mapArea, within(EPSILON))
        .isCloseTo(0.310477, within(5e-7));
    maxDiff = Math.max(maxDiff, Math.abs(eval.mapVoc07() - map07));
    maxDiff = Math.max(maxDiff, Math.abs(eval.mapArea() - mapArea));
    assertThat(eval.scoredClasses()).isEqualTo(30);
    System.out.println("VOC parity: max |AP - voc_eval| = " + maxDiff);
  }

  @Test
  void classesWithDetectionsButNoObjectsAreReportedButNotScored() {
    VocEvaluation eval = new VocEvaluator().evaluate(annotations(), detections());
    List<String> unscored =
        eval.classes().values().stream()
            .filter(r -> !r.scored())
            .map(ClassResult::className)
            .toList();
    assertThat(unscored)
        .containsExactly(
            "keyboard", "knife", "lamp", "laptop", "oven", "refrigerator", "toilet", "toothbrush");
    for (String c : unscored) {
      ClassResult r = eval.classes().get(c);
      assertThat(r.apVoc07()).as(c).isNaN();
      assertThat(r.apArea()).as(c).isNaN();
      assertThat(r.truePositives()).as(c).isZero();
      assertThat(r.falsePositives()).as(c).isEqualTo(r.detections()).isPositive();
    }
  }

  /**
   * Statistics first: per-image statistics merged in any order give bit-identical results to the
   * single-pass evaluation, as a Spark job partitioned by image will.
   */
  @Test
  void perImageStatisticsMergedInAnyOrderGiveTheSameResult() {
    Map<String, VocAnnotation> annotations = annotations();
    Map<String, List<Detection>> dets = detections();
    VocEvaluator evaluator = new VocEvaluator();
    VocEvaluation whole = evaluator.evaluate(annotations, dets);

    List<String> images = new ArrayList<>(annotations.keySet());
    Collections.reverse(images);
    TreeSet<String> classes = new TreeSet<>(whole.classes().keySet());
    for (String c : classes) {
      // Two "partitions", each merged from its images, then merged partition B into A.
      ClassMatches a = new ClassMatches(c);
      ClassMatches b = new ClassMatches(c);
      for (int i = 0; i < images.size(); i++) {
        String id = images.get(i);
        List<Detection> imageDets =
            dets.getOrDefault(c, List.of()).stream().filter(d -> d.imageId().equals(id)).toList();
        (i % 2 == 0 ? a : b).add(evaluator.matchImage(c, annotations.get(id).objects(), imageDets));
      }
      ClassResult merged = VocAp.compute(b.add(a));
      ClassResult single = whole.classes().get(c);
      // Bits, so that NaN (unscored classes) equals NaN.
      assertThat(Double.doubleToLongBits(merged.apVoc07()))
          .as(c)
          .isEqualTo(Double.doubleToLongBits(single.apVoc07()));
      assertThat(Double.doubleToLongBits(merged.apArea()))
          .as(c)
          .isEqualTo(Double.doubleToLongBits(single.apArea()));
      assertThat(merged.precision()).as(c).containsExactly(single.precision());
      assertThat(merged.recall()).as(c).containsExactly(single.recall());
    }
  }
}
