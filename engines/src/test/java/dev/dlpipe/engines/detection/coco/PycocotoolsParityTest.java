package dev.dlpipe.engines.detection.coco;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 12 summary numbers and per-category AP of pycocotools' COCOeval (sample-data/coco, see
 * SOURCE.md there) for real COCO val2014 ground truth with crowd RLE regions and the official fake
 * results (bbox and segm), polygon masks with wrong-class detections, and tiny aerial boxes in
 * every area range.
 */
class PycocotoolsParityTest {
  private static final Offset<Double> EXACT = Offset.offset(1e-12);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("case1_val2014_fake100", "bbox"),
        Arguments.of("case1_val2014_fake100", "segm"),
        Arguments.of("case4_shapes_polygons", "bbox"),
        Arguments.of("case4_shapes_polygons", "segm"),
        Arguments.of("case5b_visdrone_tiny_fixed_area", "bbox"));
  }

  static InputStream resource(String path) {
    InputStream in = PycocotoolsParityTest.class.getResourceAsStream("/coco/" + path);
    assertThat(in).as(path).isNotNull();
    return in;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void statsAndPerCategoryApEqualPycocotools(String name, String iouType) throws IOException {
    boolean segm = iouType.equals("segm");
    CocoDataset gt = CocoDataset.read(resource(name + "/gt.json"), name + "/gt.json", segm);
    List<CocoAnnotation> dts =
        gt.readResults(resource(name + "/dets_" + iouType + ".json"), "dets", segm);
    JsonNode want =
        new ObjectMapper().readTree(resource(name + "/expected_stats.json")).get(iouType);

    CocoEvaluator eval =
        new CocoEvaluator(
            CocoParams.defaults(iouType), gt.images().keySet(), gt.categories().keySet());
    CocoEvaluator.Accumulated acc = eval.accumulate(eval.evaluate(gt.annotations(), dts));
    double[] stats = CocoEvaluator.summarize(acc);

    for (int i = 0; i < 12; i++) {
      assertThat(stats[i]).as("stats[%d]", i).isCloseTo(want.get("stats").get(i).asDouble(), EXACT);
    }
    JsonNode perCat = want.get("per_category_AP_all_area_maxDets_last");
    JsonNode perCat50 = want.get("per_category_AP50");
    if (perCat != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = perCat.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        int k = eval.catIds().indexOf(Long.parseLong(e.getKey()));
        assertThat(CocoEvaluator.categoryAp(acc, k, null))
            .as("category %s AP", e.getKey())
            .isCloseTo(e.getValue().asDouble(), EXACT);
        if (perCat50 != null && perCat50.has(e.getKey())) {
          assertThat(CocoEvaluator.categoryAp(acc, k, .5))
              .as("category %s AP50", e.getKey())
              .isCloseTo(perCat50.get(e.getKey()).asDouble(), EXACT);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void partitionsOfImagesAccumulateToTheSameNumbers(String name, String iouType)
      throws IOException {
    boolean segm = iouType.equals("segm");
    CocoDataset gt = CocoDataset.read(resource(name + "/gt.json"), "gt", segm);
    List<CocoAnnotation> dts =
        gt.readResults(resource(name + "/dets_" + iouType + ".json"), "dets", segm);
    CocoEvaluator eval =
        new CocoEvaluator(
            CocoParams.defaults(iouType), gt.images().keySet(), gt.categories().keySet());
    double[] whole = CocoEvaluator.summarize(eval.accumulate(eval.evaluate(gt.annotations(), dts)));

    // Evaluate images in 3 interleaved "partitions", in reverse order, then accumulate the union.
    List<CocoEvaluator.ImageResult> union = new ArrayList<>();
    List<Long> ids = new ArrayList<>(eval.imgIds());
    for (int part = 2; part >= 0; part--) {
      for (int i = ids.size() - 1; i >= 0; i--) {
        if (i % 3 == part) {
          long img = ids.get(i);
          union.addAll(
              eval.evaluateImage(
                  img,
                  gt.annotations().stream().filter(a -> a.imageId() == img).toList(),
                  dts.stream().filter(a -> a.imageId() == img).toList()));
        }
      }
    }
    assertThat(CocoEvaluator.summarize(eval.accumulate(union))).containsExactly(whole);
  }
}
