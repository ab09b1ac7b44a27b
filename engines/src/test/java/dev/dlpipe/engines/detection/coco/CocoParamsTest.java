package dev.dlpipe.engines.detection.coco;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Optional parameters behave like pycocotools' Params: category and image subsets, maxDets,
 * thresholds.
 */
class CocoParamsTest {
  private static CocoDataset gt;
  private static List<CocoAnnotation> dts;

  @BeforeAll
  static void load() throws IOException {
    gt =
        CocoDataset.read(
            PycocotoolsParityTest.resource("case1_val2014_fake100/gt.json"), "gt", false);
    dts =
        gt.readResults(
            PycocotoolsParityTest.resource("case1_val2014_fake100/dets_bbox.json"), "dets", false);
  }

  private static CocoEvaluator.Accumulated run(CocoParams p) {
    CocoEvaluator e = new CocoEvaluator(p, gt.images().keySet(), gt.categories().keySet());
    return e.accumulate(e.evaluate(gt.annotations(), dts));
  }

  @Test
  void numpyLinspaceThresholds() {
    double[] iou = CocoParams.defaults("bbox").iouThrs();
    assertThat(iou).hasSize(10);
    assertThat(iou[0]).isEqualTo(0.5);
    assertThat(iou[5]).isEqualTo(0.75); // AP75 is looked up by exact equality, as in pycocotools
    assertThat(iou[9]).isEqualTo(0.95);
    assertThat(CocoParams.defaults("bbox").recThrs()).hasSize(101);
  }

  @Test
  void aCategorySubsetGivesThatCategorysAp() {
    CocoEvaluator.Accumulated all = run(CocoParams.defaults("bbox"));
    int person = all.catIds().indexOf(1L);
    double personAp = CocoEvaluator.categoryAp(all, person, null);
    CocoEvaluator.Accumulated only = run(CocoParams.defaults("bbox").with(null, List.of(1L), null));
    assertThat(only.k()).isEqualTo(1);
    assertThat(CocoEvaluator.summarize(only)[0]).isCloseTo(personAp, Offset.offset(1e-15));
  }

  @Test
  void anImageSubsetAndOtherMaxDetsChangeTheNumbers() {
    double[] full = CocoEvaluator.summarize(run(CocoParams.defaults("bbox")));
    List<Long> half = gt.images().keySet().stream().sorted().limit(50).toList();
    double[] sub = CocoEvaluator.summarize(run(CocoParams.defaults("bbox").with(half, null, null)));
    assertThat(sub[0]).isNotEqualTo(full[0]);
    double[] maxDets =
        CocoEvaluator.summarize(
            run(CocoParams.defaults("bbox").with(null, null, new int[] {1, 5, 20})));
    // AR1 is the same; AP is now computed with at most 20 detections per image.
    assertThat(maxDets[6]).isEqualTo(full[6]);
    assertThat(maxDets[0]).isLessThanOrEqualTo(full[0]);
  }

  @Test
  void anIouThresholdThatIsNotInTheListGivesMinusOne() {
    CocoEvaluator.Accumulated acc = run(CocoParams.defaults("bbox"));
    assertThat(CocoEvaluator.summarizeOne(acc, true, 0.42, "all", 100)).isEqualTo(-1.0);
  }
}
