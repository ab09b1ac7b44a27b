package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tokenize (both sides of Multi30k validation) → train-seq2seq → translate --ref on local[2]: the
 * model is in the store with its vocabularies, the hypotheses file has one line per input line, the
 * translations table and the BLEU row are written, and a second translate of the same run id
 * replaces instead of adding.
 */
class TranslationJobsTest {
  @TempDir Path tmp;

  @Test
  void trainsTranslatesAndScores() throws Exception {
    String warehouse = tmp.resolve("warehouse").toUri().toString();
    Path root = JobTesting.projectRoot();
    Path de = tmp.resolve("val.de");
    Path en = tmp.resolve("val.en");
    Files.write(
        de, Files.readAllLines(root.resolve("sample-data/multi30k/val.de")).subList(0, 160));
    Files.write(
        en, Files.readAllLines(root.resolve("sample-data/multi30k/val.en")).subList(0, 160));
    for (String[] c : new String[][] {{de.toString(), "de"}, {en.toString(), "en"}}) {
      JobTesting.Result r =
          JobTesting.job(warehouse, "tokenize", "--input", c[0], "--corpus", c[1], "--lowercase");
      assertThat(r.status()).as(r.err()).isZero();
    }
    JobTesting.Result train =
        JobTesting.job(
            warehouse,
            "train-seq2seq",
            "--source",
            "de",
            "--target",
            "en",
            "--embedding",
            "16",
            "--hidden",
            "16",
            "--max-vocab",
            "200",
            "--epochs",
            "2",
            "--batch-per-worker",
            "32",
            "--workers",
            "2",
            "--averaging-frequency",
            "2",
            "--learning-rate",
            "0.01",
            "--name",
            "deen",
            "--run-id",
            "train");
    assertThat(train.status()).as(train.err()).isZero();
    assertThat(train.out()).contains("160 pairs");

    Path test = tmp.resolve("test.de");
    List<String> lines = Files.readAllLines(de).subList(0, 20);
    lines.set(3, "");
    Files.write(test, lines);
    Path hyp = tmp.resolve("out/hyp.en");
    Path ref = tmp.resolve("ref.en");
    Files.write(ref, Files.readAllLines(en).subList(0, 20));
    for (int i = 0; i < 2; i++) {
      JobTesting.Result tr =
          JobTesting.job(
              warehouse,
              "translate",
              "--model",
              "deen",
              "--input",
              test.toString(),
              "--output",
              hyp.toString(),
              "--beam",
              "3",
              "--max-length",
              "20",
              "--ref",
              ref.toString(),
              "--run-id",
              "tr");
      assertThat(tr.status()).as(tr.err()).isZero();
      assertThat(tr.out()).contains("20 lines (1 empty").contains("BLEU");
    }
    List<String> out = Files.readAllLines(hyp);
    assertThat(out).hasSize(20);
    assertThat(out.get(3)).isEmpty();

    JobTesting.withWarehouse(
        warehouse,
        spark -> {
          assertThat(
                  spark.sql("SELECT * FROM dlpipe.text.translations WHERE run_id = 'tr'").count())
              .isEqualTo(20);
          Row bleu =
              spark
                  .sql("SELECT segments, signature FROM dlpipe.metrics.bleu WHERE run_id = 'tr'")
                  .first();
          assertThat(bleu.getLong(0)).isEqualTo(20);
          assertThat(bleu.getString(1)).contains("tok:13a");
          Row model =
              spark
                  .sql("SELECT kind, uri, epochs FROM dlpipe.ml.models WHERE name = 'deen'")
                  .first();
          assertThat(model.getString(0)).isEqualTo("seq2seq-attention");
          Path dir = Path.of(java.net.URI.create(model.getString(1))).getParent();
          assertThat(dir.resolve("source.vocab")).isNotEmptyFile();
          assertThat(dir.resolve("target.vocab")).isNotEmptyFile();
          assertThat(
                  spark
                      .sql("SELECT count(*) FROM dlpipe.ml.training_rounds WHERE run_id = 'train'")
                      .first()
                      .getLong(0))
              .isPositive();
          return null;
        });
  }
}
