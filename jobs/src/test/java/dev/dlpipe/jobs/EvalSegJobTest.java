package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/dlpipe eval-seg} on three VOC2012 val images with a DeepLabV3+ prediction
 * (sample-data/voc/seg_deeplab) against StreamSegMetrics' numbers for all three together; the
 * table; pairing and size errors.
 */
class EvalSegJobTest {
  private static final Offset<Double> EPSILON = Offset.offset(1e-9);
  private static final Path SEG = JobTesting.projectRoot().resolve("sample-data/voc/seg_deeplab");
  private static final String[] IMAGES = {"1", "23", "114"};

  @TempDir Path tmp;

  private JobTesting.Result evalSeg(String... args) {
    return JobTesting.job(tmp.resolve("warehouse").toUri().toString(), "eval-seg", args);
  }

  /** gt/<id>.png and pred/<id>.png, the default layout. */
  private void copyPairs(Path gt, Path pred) throws IOException {
    Files.createDirectories(gt);
    Files.createDirectories(pred);
    for (String id : IMAGES) {
      Files.copy(SEG.resolve(id + "_target_indexed.png"), gt.resolve(id + ".png"));
      Files.copy(SEG.resolve(id + "_pred_indexed.png"), pred.resolve(id + ".png"));
    }
  }

  @Test
  void scoresEqualStreamSegMetricsAndTheTableHoldsThemWithTheMatrix() throws IOException {
    JsonNode want =
        new ObjectMapper().readTree(SEG.resolve("expected_metrics.json").toFile()).get("all_three");
    Path gt = tmp.resolve("gt");
    Path pred = tmp.resolve("pred");
    copyPairs(gt, pred);

    JobTesting.Result json =
        evalSeg(
            "--gt",
            gt.toString(),
            "--pred",
            pred.toString(),
            "--num-classes",
            "21",
            "--json",
            "--run-id",
            "s1");
    assertThat(json.status()).as(json.err()).isZero();
    JsonNode got =
        new ObjectMapper()
            .readTree(
                json.out().substring(json.out().indexOf('{'), json.out().lastIndexOf('}') + 1));
    assertThat(got.get("overall_acc").asDouble())
        .isCloseTo(want.get("Overall Acc").asDouble(), EPSILON);
    assertThat(got.get("mean_acc").asDouble()).isCloseTo(want.get("Mean Acc").asDouble(), EPSILON);
    assertThat(got.get("mean_iou").asDouble()).isCloseTo(want.get("Mean IoU").asDouble(), EPSILON);
    assertThat(got.get("freqw_acc").asDouble())
        .isCloseTo(want.get("FreqW Acc").asDouble(), EPSILON);
    JsonNode classIou = want.get("Class IoU (non-NaN)");
    assertThat(got.get("class_iou").size()).isEqualTo(classIou.size());
    classIou
        .fields()
        .forEachRemaining(
            e ->
                assertThat(got.get("class_iou").get(e.getKey()).asDouble())
                    .as("class %s", e.getKey())
                    .isCloseTo(e.getValue().asDouble(), EPSILON));
    assertThat(got.get("images").asInt()).isEqualTo(3);

    // Same numbers from one directory with suffixes (the sample's own layout), as text.
    JobTesting.Result text =
        evalSeg(
            "--gt",
            SEG.toString(),
            "--pred",
            SEG.toString(),
            "--num-classes",
            "21",
            "--gt-suffix",
            "_target_indexed.png",
            "--pred-suffix",
            "_pred_indexed.png",
            "--run-id",
            "s2");
    assertThat(text.status()).as(text.err()).isZero();
    assertThat(text.out())
        .contains(
            String.format(java.util.Locale.ROOT, "Mean IoU: %.6f", want.get("Mean IoU").asDouble()))
        .contains("3 image pairs");

    JobTesting.withWarehouse(
        tmp.resolve("warehouse").toUri().toString(),
        spark -> {
          List<Row> rows =
              spark
                  .sql(
                      "SELECT metric, class_id, value, confusion_matrix FROM"
                          + " dlpipe.metrics.segmentation WHERE run_id = 's1' ORDER BY metric,"
                          + " class_id")
                  .collectAsList();
          assertThat(rows).hasSize(4 + 4);
          for (Row r : rows) {
            if (r.getString(0).equals("overall_acc")) {
              assertThat(r.getDouble(2)).isCloseTo(want.get("Overall Acc").asDouble(), EPSILON);
              List<Long> matrix = r.getList(3);
              assertThat(matrix).hasSize(21 * 21);
              assertThat(matrix.stream().mapToLong(Long::longValue).sum())
                  .isEqualTo(got.get("pixels").asLong());
            } else {
              assertThat(r.isNullAt(3)).as(r.getString(0)).isTrue();
            }
            if (r.getString(0).equals("class_iou")) {
              assertThat(r.getDouble(2))
                  .isCloseTo(classIou.get(String.valueOf(r.getLong(1))).asDouble(), EPSILON);
            }
          }
          return null;
        });
  }

  @Test
  void aMissingPredictionAndASizeMismatchAreClearErrors() throws IOException {
    Path gt = tmp.resolve("gt");
    Path pred = tmp.resolve("pred");
    copyPairs(gt, pred);
    Files.delete(pred.resolve("23.png"));
    JobTesting.Result missing =
        evalSeg("--gt", gt.toString(), "--pred", pred.toString(), "--num-classes", "21");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err())
        .contains("error: no prediction for ground truth ")
        .contains("gt/23.png")
        .contains("expected " + pred.resolve("23.png"));

    // A prediction (greyscale, same class values) one column narrower than its ground truth.
    BufferedImage target = ImageIO.read(gt.resolve("23.png").toFile());
    int w = target.getWidth() - 1;
    int h = target.getHeight();
    BufferedImage narrow = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    narrow
        .getRaster()
        .setPixels(0, 0, w, h, target.getRaster().getPixels(0, 0, w, h, (int[]) null));
    ImageIO.write(narrow, "png", pred.resolve("23.png").toFile());
    JobTesting.Result sizes =
        evalSeg("--gt", gt.toString(), "--pred", pred.toString(), "--num-classes", "21");
    assertThat(sizes.status()).isEqualTo(1);
    assertThat(sizes.err())
        .contains("error: mask sizes differ: ground truth ")
        .contains("23.png is 513x513, prediction ")
        .contains("23.png is 512x513")
        .contains("fix: resize the prediction");
  }
}
