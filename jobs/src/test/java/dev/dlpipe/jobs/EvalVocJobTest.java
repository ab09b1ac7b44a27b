package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlpipe.pipelines.vision.EvaluateVoc;
import dev.dlpipe.pipelines.vision.PrCurvePlots;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/dlpipe eval-voc} on the Cartucho sample (sample-data/voc/det_cartucho: 85 images, 30
 * classes with objects) against py-faster-rcnn voc_eval's numbers in expected_ap.json, both AP
 * variants; the table rows; the PR-curve PNGs.
 */
class EvalVocJobTest {
  /** voc_eval's numbers are reproduced bit for bit or within a few ulps. */
  private static final Offset<Double> EPSILON = Offset.offset(1e-9);

  private static final Path VOC = JobTesting.projectRoot().resolve("sample-data/voc/det_cartucho");

  @TempDir Path tmp;

  private JobTesting.Result evalVoc(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--annotations",
                VOC.resolve("Annotations").toString(),
                "--imageset",
                VOC.resolve("imageset.txt").toString()));
    all.addAll(List.of(args));
    return JobTesting.job(
        tmp.resolve("warehouse").toUri().toString(), "eval-voc", all.toArray(new String[0]));
  }

  @Test
  void apsEqualVocEvalInTextJsonAndTableAndEveryClassHasAPlot() throws IOException {
    JsonNode want = new ObjectMapper().readTree(VOC.resolve("expected_ap.json").toFile());
    Path plots = tmp.resolve("plots");

    JobTesting.Result text =
        evalVoc(
            "--dets",
            VOC.resolve("dets").toString(),
            "--run-id",
            "v07",
            "--plots",
            plots.toUri().toString());
    assertThat(text.status()).as(text.err()).isZero();
    assertThat(text.out())
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "mAP (voc07, 30 classes) = %.4f",
                want.get("mAP_voc07_11point").asDouble()))
        .contains("voc_eval|iou:>0.5|")
        .contains("not scored (no ground-truth objects): keyboard,")
        .containsPattern("(?m)^bed +8 +8 +0\\.8068$");

    JobTesting.Result json =
        evalVoc(
            "--dets",
            VOC.resolve("dets").toString(),
            "--run-id",
            "v12",
            "--metric",
            "voc12",
            "--json");
    assertThat(json.status()).as(json.err()).isZero();
    JsonNode got =
        new ObjectMapper()
            .readTree(
                json.out().substring(json.out().indexOf('{'), json.out().lastIndexOf('}') + 1));
    assertThat(got.get("metric").asText()).isEqualTo("voc12");
    assertThat(got.get("mAP").asDouble()).isCloseTo(want.get("mAP_voc10_area").asDouble(), EPSILON);
    assertThat(got.get("signature").asText()).endsWith("|ap:voc10_area");
    JsonNode classes = want.get("classes");
    int compared = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = classes.fields(); it.hasNext(); compared++) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode c = got.get("per_class").get(e.getKey());
      assertThat(c).as(e.getKey()).isNotNull();
      assertThat(c.get("ap").asDouble())
          .as(e.getKey())
          .isCloseTo(e.getValue().get("voc10_area").asDouble(), EPSILON);
      assertThat(c.get("n_gt").asLong()).isEqualTo(e.getValue().get("n_gt_nondifficult").asLong());
      // doll and shelf have objects but no detection file: expected_ap.json then has no n_dets.
      assertThat(c.get("n_dets").asLong()).isEqualTo(e.getValue().path("n_dets").asLong(0));
    }
    assertThat(compared).isEqualTo(30);
    assertThat(got.get("per_class").get("keyboard").get("ap").isNull()).isTrue();

    // The voc07 run's rows: one AP per scored class and the mAP, replaced by run id and metric.
    Map<String, Double> rows = new HashMap<>();
    Map<String, Long> ids = new HashMap<>();
    JobTesting.withWarehouse(
        tmp.resolve("warehouse").toUri().toString(),
        spark -> {
          for (Row r :
              spark
                  .sql(
                      "SELECT category, value, category_id FROM dlpipe.metrics.detection"
                          + " WHERE run_id = 'v07' AND iou_type = 'voc07' AND metric = 'AP'")
                  .collectAsList()) {
            rows.put(r.isNullAt(0) ? "<all>" : r.getString(0), r.getDouble(1));
            ids.put(r.isNullAt(0) ? "<all>" : r.getString(0), r.getLong(2));
          }
          return null;
        });
    assertThat(rows).hasSize(31);
    assertThat(rows.get("<all>")).isCloseTo(want.get("mAP_voc07_11point").asDouble(), EPSILON);
    assertThat(ids.get("<all>")).isEqualTo(-1L);
    classes
        .fields()
        .forEachRemaining(
            e ->
                assertThat(rows.get(e.getKey()))
                    .as(e.getKey())
                    .isCloseTo(e.getValue().get("voc07_11point").asDouble(), EPSILON));
    assertThat(ids.get("person")).isEqualTo(15L); // a PASCAL VOC class keeps its VOC index
    assertThat(ids.get("bed")).isEqualTo(EvaluateVoc.categoryId("bed")).isGreaterThan(1L << 32);

    // One valid PNG per scored class, named after the class.
    List<Path> pngs;
    try (Stream<Path> s = Files.list(plots)) {
      pngs = s.sorted().toList();
    }
    assertThat(pngs).hasSize(30);
    assertThat(plots.resolve("bed.png")).exists();
    for (Path png : pngs) {
      assertThat(png.getFileName().toString()).endsWith(".png");
      assertThat(Files.size(png)).isPositive();
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image).as(png.toString()).isNotNull();
      assertThat(image.getWidth()).isEqualTo(PrCurvePlots.WIDTH);
    }
  }

  @Test
  void aClassNameCannotLeaveThePlotDirectory() throws IOException {
    assertThat(PrCurvePlots.fileName("../x")).isEqualTo("_.._x");
    assertThat(PrCurvePlots.fileName("..")).isEqualTo("_..");
    assertThat(PrCurvePlots.fileName("a/b\\c:d e")).isEqualTo("a_b_c_d_e");
    assertThat(PrCurvePlots.fileName("")).isEqualTo("_");
    assertThat(PrCurvePlots.fileName("traffic light")).isEqualTo("traffic_light");

    Path dir = tmp.resolve("a/plots");
    double[] r = {0.5, 1.0};
    double[] p = {1.0, 0.5};
    List<String> written =
        PrCurvePlots.write(
            new Configuration(),
            dir.toUri().toString(),
            List.of(
                new PrCurvePlots.Curve("../x", "t", r, p),
                new PrCurvePlots.Curve("/etc/passwd", "t", r, p),
                new PrCurvePlots.Curve("_.._x", "collides after sanitizing", r, p)));
    assertThat(written).hasSize(3);
    try (Stream<Path> all = Files.walk(tmp.resolve("a"))) {
      assertThat(all.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()))
          .containsExactlyInAnyOrder("_.._x.png", "_etc_passwd.png", "_.._x-2.png");
    }
    assertThat(tmp.resolve("x.png")).doesNotExist();
    assertThat(ImageIO.read(dir.resolve("_.._x.png").toFile()).getHeight())
        .isEqualTo(PrCurvePlots.HEIGHT);
  }

  @Test
  void aDetectionForAnImageOutsideTheImageSetIsAnError() throws IOException {
    Path dets = tmp.resolve("dets");
    Files.createDirectories(dets);
    Files.writeString(
        dets.resolve("chair.txt"), "2007_000027 0.9 1 1 10 10\nnot_an_image 0.8 1 1 5 5\n");
    JobTesting.Result r = evalVoc("--dets", dets.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .contains("error: detection of class chair for unknown image not_an_image")
        .contains("fix: ");
  }
}
