package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-lm end to end on real sentences (Multi30k validation English) on local[2]: epoch 1, stop,
 * resume to epoch 3; the rounds table has every round once, the loss falls, the model is in the
 * store with its curve, and a resume with different options is refused.
 */
class TrainLmJobTest {
  @TempDir Path tmp;

  @Test
  void trainsStopsResumesAndFinishes() throws Exception {
    String warehouse = tmp.resolve("warehouse").toUri().toString();
    Path text = tmp.resolve("sentences.en");
    List<String> lines =
        Files.readAllLines(JobTesting.projectRoot().resolve("sample-data/multi30k/val.en"));
    Files.write(text, lines.subList(0, 400));
    JobTesting.Result tok =
        JobTesting.job(
            warehouse, "tokenize", "--input", text.toString(), "--corpus", "en", "--lowercase");
    assertThat(tok.status()).as(tok.err()).isZero();

    String[] options = {
      "--corpus",
      "en",
      "--model",
      "lstm",
      "--embedding",
      "32",
      "--hidden",
      "48",
      "--layers",
      "1",
      "--dropout",
      "0",
      "--learning-rate",
      "0.01",
      "--max-vocab",
      "300",
      "--batch-per-worker",
      "16",
      "--averaging-frequency",
      "3",
      "--workers",
      "2",
      "--held-out",
      "10",
      "--run-id",
      "lm",
      "--name",
      "tiny"
    };
    JobTesting.Result first =
        JobTesting.job(warehouse, "train-lm", concat(options, "--epochs", "1"));
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).contains("epochs 1-1");

    JobTesting.Result changed =
        JobTesting.job(
            warehouse,
            "train-lm",
            concat(
                java.util.Arrays.stream(options)
                    .map(o -> o.equals("0.01") ? "0.02" : o)
                    .toArray(String[]::new),
                "--epochs",
                "3",
                "--resume"));
    assertThat(changed.status()).isNotZero();
    assertThat(changed.err()).contains("--resume with a different configuration");

    JobTesting.Result resumed =
        JobTesting.job(warehouse, "train-lm", concat(options, "--epochs", "3", "--resume"));
    assertThat(resumed.status()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("epochs 2-3");

    JobTesting.withWarehouse(
        warehouse,
        spark -> {
          List<Row> perEpoch =
              spark
                  .sql(
                      "SELECT epoch, count(*), count(DISTINCT round), avg(score), sum(examples)"
                          + " FROM dlpipe.ml.training_rounds WHERE run_id = 'lm' GROUP BY epoch"
                          + " ORDER BY epoch")
                  .collectAsList();
          assertThat(perEpoch).hasSize(3);
          long rounds = perEpoch.get(0).getLong(1);
          for (Row r : perEpoch) {
            assertThat(r.getLong(1)).isEqualTo(rounds).isEqualTo(r.getLong(2));
            assertThat(r.getLong(4)).isEqualTo(perEpoch.get(0).getLong(4));
          }
          assertThat(perEpoch.get(2).getDouble(3)).isLessThan(perEpoch.get(0).getDouble(3));

          Row model =
              spark
                  .sql(
                      "SELECT kind, uri, epochs, metrics['valid_perplexity'], parameters"
                          + " FROM dlpipe.ml.models WHERE name = 'tiny' AND run_id = 'lm'")
                  .first();
          assertThat(model.getString(0)).isEqualTo("lstm-lm");
          assertThat(model.getInt(2)).isEqualTo(3);
          assertThat(model.getDouble(3)).isBetween(1.0, 300.0);
          assertThat(model.getLong(4)).isPositive();
          Path dir = Path.of(java.net.URI.create(model.getString(1))).getParent();
          assertThat(dir.resolve("training-curve.png")).isNotEmptyFile();
          assertThat(dir.resolve("checkpoints/epoch-0003.zip")).isNotEmptyFile();
          assertThat(dir.resolve("checkpoints/epoch-0001.zip")).doesNotExist();
          return null;
        });
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
