package dev.dlpipe.engines.detection.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Results written by {@link CocoResultsWriter} load back as the same detections and evaluate to the
 * same 12 numbers (case1_val2014_fake100: real COCO val2014 ground truth with crowd regions, the
 * official fake results), boxes and masks.
 */
class CocoResultsWriterTest {
  private static final String CASE = "case1_val2014_fake100";

  @Test
  void boxResultsRoundTripToIdenticalStats() throws IOException {
    CocoDataset gt = gt(false);
    List<CocoAnnotation> dets =
        gt.readResults(
            PycocotoolsParityTest.resource(CASE + "/dets_bbox.json"), "dets_bbox", false);
    String json =
        CocoResultsWriter.toJson(dets.stream().map(CocoResultsWriter.Detection::of).toList());
    List<CocoAnnotation> again = gt.readResults(stream(json), "written", false);

    assertThat(again).hasSameSizeAs(dets);
    for (int i = 0; i < dets.size(); i++) {
      assertThat(again.get(i).bbox()).isEqualTo(dets.get(i).bbox());
      assertThat(again.get(i).score()).isEqualTo(dets.get(i).score());
      assertThat(again.get(i).id()).isEqualTo(dets.get(i).id());
    }
    double[] want = stats(gt, dets, "bbox");
    assertThat(stats(gt, again, "bbox")).containsExactly(want);
    // And those are pycocotools' numbers.
    assertThat(want[0])
        .isEqualTo(
            new ObjectMapper()
                .readTree(PycocotoolsParityTest.resource(CASE + "/expected_stats.json"))
                .get("bbox")
                .get("stats")
                .get(0)
                .asDouble(),
            org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void maskResultsRoundTripToIdenticalStats() throws IOException {
    CocoDataset gt = gt(true);
    List<CocoAnnotation> dets =
        gt.readResults(PycocotoolsParityTest.resource(CASE + "/dets_segm.json"), "dets_segm", true);
    // Mask-only, like the input: loadRes then takes area and box from the mask.
    String json =
        CocoResultsWriter.toJson(
            dets.stream().map(d -> CocoResultsWriter.Detection.of(d).withoutBox()).toList());
    List<CocoAnnotation> again = gt.readResults(stream(json), "written", true);

    assertThat(again).hasSameSizeAs(dets);
    for (int i = 0; i < dets.size(); i++) {
      assertThat(again.get(i).mask()).isEqualTo(dets.get(i).mask());
      assertThat(again.get(i).area()).isEqualTo(dets.get(i).area());
    }
    assertThat(stats(gt, again, "segm")).containsExactly(stats(gt, dets, "segm"));
  }

  @Test
  void writesPycocotoolsLayout() {
    Rle mask = new Rle(2, 3, new int[] {1, 2, 3});
    String json =
        CocoResultsWriter.toJson(
            List.of(
                new CocoResultsWriter.Detection(42, 18, new double[] {1, 2.5, 3, 4}, 0.25, mask),
                new CocoResultsWriter.Detection(42, 1, new double[] {0, 0, 1e-5, 7}, 1, null)));
    assertThat(json)
        .isEqualTo(
            "[\n"
                + "{\"image_id\":42,\"category_id\":18,\"bbox\":[1.0,2.5,3.0,4.0],\"score\":0.25,"
                + "\"segmentation\":{\"size\":[2,3],\"counts\":\""
                + mask
                + "\"}},\n"
                + "{\"image_id\":42,\"category_id\":1,\"bbox\":[0.0,0.0,1.0E-5,7.0],\"score\":1.0}\n"
                + "]\n");
    assertThat(CocoResultsWriter.toJson(List.of())).isEqualTo("[]\n");
  }

  @Test
  void refusesWhatLoadResWouldMisread() {
    Rle mask = new Rle(2, 3, new int[] {1, 2, 3});
    assertThatThrownBy(
            () ->
                CocoResultsWriter.toJson(
                    List.of(
                        new CocoResultsWriter.Detection(1, 1, null, 0.5, mask),
                        new CocoResultsWriter.Detection(
                            1, 1, new double[] {0, 0, 1, 1}, 0.4, null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("detection #2 has a bbox but the first has none");
    assertThatThrownBy(() -> new CocoResultsWriter.Detection(1, 1, null, 0.5, null))
        .hasMessageContaining("neither a box nor a mask");
    assertThatThrownBy(
            () ->
                new CocoResultsWriter.Detection(1, 1, new double[] {0, 0, Double.NaN, 1}, 1, null))
        .hasMessageContaining("non-finite");
  }

  private static CocoDataset gt(boolean masks) throws IOException {
    return CocoDataset.read(PycocotoolsParityTest.resource(CASE + "/gt.json"), "gt.json", masks);
  }

  private static double[] stats(CocoDataset gt, List<CocoAnnotation> dets, String iouType) {
    CocoEvaluator eval =
        new CocoEvaluator(
            CocoParams.defaults(iouType), gt.images().keySet(), gt.categories().keySet());
    return CocoEvaluator.summarize(eval.accumulate(eval.evaluate(gt.annotations(), dets)));
  }

  private static ByteArrayInputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }
}
