package dev.dlpipe.engines.detection.voc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dlpipe.engines.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Small hand-made cases, written as text blocks: one line per object ({@code gt <image> <class>
 * xmin ymin xmax ymax [difficult]}) or detection ({@code det <image> <class> score xmin ymin xmax
 * ymax}); detections are numbered in text order (their tie-break sequence).
 */
class VocEvaluatorTest {
  private static final double EPSILON = 1e-12;

  /** A parsed text-block scene: annotations per image and detections per class. */
  private record Scene(Map<String, VocAnnotation> annotations, Map<String, List<Detection>> dets) {
    VocEvaluation evaluate() {
      return new VocEvaluator().evaluate(annotations, dets);
    }

    ClassResult evaluate(String className) {
      return evaluate().classes().get(className);
    }
  }

  private static Scene scene(String text) {
    Map<String, List<VocObject>> objects = new LinkedHashMap<>();
    Map<String, List<Detection>> dets = new LinkedHashMap<>();
    long seq = 0;
    for (String line : text.strip().split("\n")) {
      String[] f = line.strip().split("\\s+");
      List<VocObject> imageObjects = objects.computeIfAbsent(f[1], k -> new ArrayList<>());
      if (f[0].equals("gt")) {
        VocBox box = box(f, 3);
        imageObjects.add(
            new VocObject(
                f[2], "Unspecified", false, f.length > 7 && f[7].equals("difficult"), box));
      } else {
        dets.computeIfAbsent(f[2], k -> new ArrayList<>())
            .add(new Detection(f[1], Double.parseDouble(f[3]), box(f, 4), seq++));
      }
    }
    Map<String, VocAnnotation> annotations = new LinkedHashMap<>();
    objects.forEach(
        (id, objs) -> annotations.put(id, new VocAnnotation(id + ".jpg", 100, 100, 3, objs)));
    return new Scene(annotations, dets);
  }

  private static VocBox box(String[] f, int from) {
    return new VocBox(
        Double.parseDouble(f[from]),
        Double.parseDouble(f[from + 1]),
        Double.parseDouble(f[from + 2]),
        Double.parseDouble(f[from + 3]));
  }

  @Test
  void aDuplicateOfAMatchedObjectIsAFalsePositive() {
    ClassResult r =
        scene(
                """
                gt  img1 cat  1 1 10 10
                det img1 cat  0.9  1 1 10 10
                det img1 cat  0.8  1 1 10 10
                """)
            .evaluate("cat");
    assertThat(r.truePositives()).isEqualTo(1);
    assertThat(r.falsePositives()).isEqualTo(1);
    assertThat(r.recall()).containsExactly(1.0, 1.0);
    assertThat(r.precision()).containsExactly(1.0, 0.5);
    assertThat(r.apVoc07()).isEqualTo(1.0, within(EPSILON));
    assertThat(r.apArea()).isEqualTo(1.0);
  }

  @Test
  void theHigherScoreGetsTheHitWhateverTheFileOrder() {
    ClassResult r =
        scene(
                """
                gt  img1 cat  1 1 10 10
                det img1 cat  0.3  1 1 10 10
                det img1 cat  0.7  1 1 9 10
                """)
            .evaluate("cat");
    assertThat(r.precision()).containsExactly(1.0, 0.5);
  }

  @Test
  void difficultObjectsAreNeitherHitsNorMissesNorPositives() {
    // The first-ranked detection matches a difficult object: no TP, no FP; precision is 0, not
    // 0/0, thanks to the eps guard.
    ClassResult r =
        scene(
                """
                gt  img1 cat  1 1 10 10
                gt  img1 cat  50 50 60 60 difficult
                det img1 cat  0.9  50 50 60 60
                det img1 cat  0.8  50 50 60 60
                det img1 cat  0.7  1 1 10 10
                """)
            .evaluate("cat");
    assertThat(r.positives()).isEqualTo(1);
    assertThat(r.truePositives()).isEqualTo(1);
    assertThat(r.falsePositives()).isZero();
    assertThat(r.recall()).containsExactly(0.0, 0.0, 1.0);
    assertThat(r.precision()).containsExactly(0.0, 0.0, 1.0);
    assertThat(r.apVoc07()).isEqualTo(1.0, within(EPSILON));
    assertThat(r.apArea()).isEqualTo(1.0);
  }

  @Test
  void anIouOfExactlyOneHalfIsNotAMatch() {
    // Object 10x10 = 100 px; detection 10x5 inside it: 50 / 100 = 0.5 exactly. 10x6: 0.6.
    assertThat(new VocBox(1, 1, 10, 5).iou(new VocBox(1, 1, 10, 10))).isEqualTo(0.5);
    Scene s =
        scene(
            """
            gt  img1 cat  1 1 10 10
            gt  img2 cat  1 1 10 10
            det img1 cat  0.9  1 1 10 5
            det img2 cat  0.8  1 1 10 6
            """);
    ClassResult r = s.evaluate("cat");
    assertThat(r.truePositives()).isEqualTo(1);
    assertThat(r.precision()).containsExactly(0.0, 0.5);
    assertThat(r.recall()).containsExactly(0.0, 0.5);
  }

  @Test
  void iouUsesThePlusOnePixelRule() {
    // Touching boxes share a column of pixels in VOC's inclusive coordinates: 1 x 10 px.
    assertThat(new VocBox(1, 1, 10, 10).iou(new VocBox(10, 1, 19, 10)))
        .isEqualTo(10.0 / (100 + 100 - 10));
    assertThat(new VocBox(1, 1, 10, 10).iou(new VocBox(11, 1, 20, 10))).isZero();
  }

  @Test
  void detectionsInImagesWithoutObjectsOfTheClassAreFalsePositives() {
    ClassResult r =
        scene(
                """
                gt  img1 cat  1 1 10 10
                gt  img2 dog  1 1 10 10
                det img2 cat  0.9  1 1 10 10
                det img1 cat  0.5  1 1 10 10
                """)
            .evaluate("cat");
    assertThat(r.precision()).containsExactly(0.0, 0.5);
    // Area: recall steps 0 -> 1 at precision envelope 0.5.
    assertThat(r.apArea()).isEqualTo(0.5);
  }

  @Test
  void aClassWithoutObjectsIsReportedButLeftOutOfTheMap() {
    VocEvaluation eval =
        scene(
                """
                gt  img1 cat  1 1 10 10
                det img1 cat  0.9  1 1 10 10
                det img1 dog  0.9  1 1 10 10
                """)
            .evaluate();
    ClassResult dog = eval.classes().get("dog");
    assertThat(dog.scored()).isFalse();
    assertThat(dog.apVoc07()).isNaN();
    assertThat(dog.apArea()).isNaN();
    assertThat(dog.falsePositives()).isEqualTo(1);
    assertThat(eval.scoredClasses()).isEqualTo(1);
    assertThat(eval.mapVoc07()).isEqualTo(1.0, within(EPSILON));
    assertThat(eval.mapArea()).isEqualTo(1.0);
  }

  @Test
  void aClassWithObjectsButNoDetectionsScoresZero() {
    ClassResult r =
        scene(
                """
                gt  img1 cat  1 1 10 10
                """)
            .evaluate("cat");
    assertThat(r.detections()).isZero();
    assertThat(r.apVoc07()).isZero();
    assertThat(r.apArea()).isZero();
  }

  @Test
  void equalScoresAreRankedInFileOrder() {
    // voc_eval's np.argsort is not stable, so its order for these two is unspecified; here the
    // first line ranks first. The false positive first gives precision [0, 1/2] ...
    ClassResult fpFirst =
        scene(
                """
                gt  img1 cat  1 1 10 10
                det img2 cat  0.5  1 1 10 10
                det img1 cat  0.5  1 1 10 10
                """)
            .evaluate("cat");
    assertThat(fpFirst.precision()).containsExactly(0.0, 0.5);
    assertThat(fpFirst.apArea()).isEqualTo(0.5);
    // ... the hit first gives [1, 1/2] and a different AP.
    ClassResult tpFirst =
        scene(
                """
                gt  img1 cat  1 1 10 10
                det img1 cat  0.5  1 1 10 10
                det img2 cat  0.5  1 1 10 10
                """)
            .evaluate("cat");
    assertThat(tpFirst.precision()).containsExactly(1.0, 0.5);
    assertThat(tpFirst.apArea()).isEqualTo(1.0);
  }

  @Test
  void theBestOverlapDecidesEvenIfThatObjectIsTaken() {
    // Like voc_eval, a detection is compared only with its best object: if that one is matched,
    // it is a duplicate, even when another unmatched object overlaps it above the threshold.
    ClassResult r =
        scene(
                """
                gt  img1 cat  1 1 10 10
                gt  img1 cat  1 1 10 8
                det img1 cat  0.9  1 1 10 10
                det img1 cat  0.8  1 1 10 10
                """)
            .evaluate("cat");
    assertThat(r.truePositives()).isEqualTo(1);
    assertThat(r.falsePositives()).isEqualTo(1);
  }

  @Test
  void aDetectionForAnImageOutsideTheImageSetIsAUserError() {
    Scene s =
        scene(
            """
            gt  img1 cat  1 1 10 10
            det img1 cat  0.9  1 1 10 10
            """);
    Map<String, List<Detection>> dets =
        Map.of("cat", List.of(new Detection("img9", 0.5, new VocBox(1, 1, 2, 2), 0)));
    assertThatThrownBy(() -> new VocEvaluator().evaluate(s.annotations(), dets))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("unknown image img9")
        .hasMessageContaining("not in the image set");
  }

  @Test
  void thresholdAndSignature() {
    assertThat(new VocEvaluator().signature())
        .isEqualTo(
            "voc_eval|iou:>0.5|difficult:ignored|ties:sequence|ref:" + VocEvaluator.REFERENCE);
    assertThatThrownBy(() -> new VocEvaluator(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1), got 1.5");
    // At threshold 0.3 the IoU-0.5 detection of the test above is a hit.
    ClassMatches m =
        new VocEvaluator(0.3)
            .matchImage(
                "cat",
                List.of(
                    new VocObject("cat", "Unspecified", false, false, new VocBox(1, 1, 10, 10))),
                List.of(new Detection("img1", 0.9, new VocBox(1, 1, 10, 5), 0)));
    assertThat(m.outcome(0)).isEqualTo(MatchOutcome.TRUE_POSITIVE);
  }
}
