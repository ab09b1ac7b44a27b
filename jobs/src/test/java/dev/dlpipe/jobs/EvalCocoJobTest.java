package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/dlpipe eval-coco} against pycocotools' output, on the driver and on Spark, and its
 * errors.
 */
class EvalCocoJobTest {
  @TempDir Path tmp;
  private static final Path COCO = JobTesting.projectRoot().resolve("sample-data/coco");

  private JobTesting.Result evalCoco(String... args) {
    return JobTesting.job(tmp.resolve("warehouse").toUri().toString(), "eval-coco", args);
  }

  @Test
  void printsPycocotoolsSummaryAndTheSameNumbersOnSparkAndWritesTheTable() throws IOException {
    String gt = COCO.resolve("case1_val2014_fake100/gt.json").toString();
    String dets = COCO.resolve("case1_val2014_fake100/dets_bbox.json").toString();
    JsonNode want =
        new ObjectMapper()
            .readTree(COCO.resolve("case1_val2014_fake100/expected_stats.json").toFile())
            .get("bbox");

    JobTesting.Result text =
        evalCoco("--gt", gt, "--dets", dets, "--run-id", "c1", "--engine", "driver");
    assertThat(text.status()).as(text.err()).isZero();
    List<String> lines = text.out().lines().filter(l -> l.contains("@[ IoU=")).toList();
    assertThat(lines).hasSize(12);
    for (int i = 0; i < 12; i++) {
      assertThat(lines.get(i).strip()).isEqualTo(want.get("summary_text").get(i).asText().strip());
    }

    JobTesting.Result json =
        evalCoco(
            "--gt",
            gt,
            "--dets",
            dets,
            "--run-id",
            "c2",
            "--engine",
            "spark",
            "--json",
            "--plots",
            tmp.resolve("plots").toString());
    assertThat(json.status()).as(json.err()).isZero();
    // One PR curve per category with ground truth (70 of the 80), named <id>-<name>.png.
    try (var pngs = Files.list(tmp.resolve("plots"))) {
      assertThat(pngs.count()).isEqualTo(70);
    }
    assertThat(javax.imageio.ImageIO.read(tmp.resolve("plots/10-traffic_light.png").toFile()))
        .isNotNull();
    assertThat(json.out()).contains("on Spark");
    JsonNode got =
        new ObjectMapper()
            .readTree(
                json.out().substring(json.out().indexOf('{'), json.out().lastIndexOf('}') + 1));
    for (int i = 0; i < 12; i++) {
      assertThat(got.get("stats").get(i).asDouble())
          .isCloseTo(want.get("stats").get(i).asDouble(), Offset.offset(1e-12));
    }
    assertThat(got.get("named").get("AP").asDouble())
        .isCloseTo(0.5045806987249628, Offset.offset(1e-12));
    assertThat(got.get("per_category").get("1").get("name").asText()).isEqualTo("person");
    assertThat(got.get("per_category").get("1").get("AP").asDouble())
        .isCloseTo(
            want.get("per_category_AP_all_area_maxDets_last").get("1").asDouble(),
            Offset.offset(1e-12));

    JobTesting.withWarehouse(
        tmp.resolve("warehouse").toUri().toString(),
        spark -> {
          assertThat(
                  spark
                      .sql(
                          "SELECT value FROM dlpipe.metrics.detection WHERE run_id = 'c1'"
                              + " AND metric = 'AP50' AND category_id = -1")
                      .first()
                      .getDouble(0))
              .isCloseTo(want.get("stats").get(1).asDouble(), Offset.offset(1e-12));
          assertThat(
                  spark
                      .sql("SELECT count(*) FROM dlpipe.metrics.detection WHERE run_id = 'c2'")
                      .first()
                      .getLong(0))
              .isEqualTo(12 + 2 * 80);
          return null;
        });
  }

  @Test
  void badInputNamesTheFileAndRecord() throws IOException {
    String gt = COCO.resolve("case4_shapes_polygons/gt.json").toString();
    Path unknownImage = tmp.resolve("unknown-image.json");
    Files.writeString(
        unknownImage,
        "[{\"image_id\": 999, \"category_id\": 1, \"bbox\": [1,2,3,4], \"score\": 0.9}]");
    JobTesting.Result r = evalCoco("--gt", gt, "--dets", unknownImage.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .contains("error: invalid COCO input in " + unknownImage)
        .contains("result #1: image_id 999 is not in the ground truth");

    Path nanBox = tmp.resolve("nan.json");
    Files.writeString(
        nanBox,
        "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [1,2,3,4], \"score\": 0.9},"
            + " {\"image_id\": 1, \"category_id\": 1, \"bbox\": [1,2,-3,4], \"score\": 0.5}]");
    JobTesting.Result neg = evalCoco("--gt", gt, "--dets", nanBox.toString());
    assertThat(neg.status()).isEqualTo(1);
    assertThat(neg.err()).contains("result #2: bbox has a negative width or height");

    Path truncated = tmp.resolve("truncated.json");
    Files.writeString(truncated, "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [1,2,3");
    JobTesting.Result bad = evalCoco("--gt", gt, "--dets", truncated.toString());
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.err()).contains("error: malformed JSON in " + truncated).contains("at line 1");
  }
}
