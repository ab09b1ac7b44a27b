package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenize job end to end through the CLI, as bin/dlpipe runs it, on the bundled real sample.
 */
class TokenizeJobTest {
  @TempDir Path tmp;

  private String warehouse() {
    return tmp.resolve("warehouse").toUri().toString();
  }

  private JobTesting.Result tokenize(String... extra) {
    return JobTesting.job(warehouse(), "tokenize", extra);
  }

  @Test
  void tokenizesTheSampleRecordsTheRunAndWritesTablesThatMatchTheirSchemaFiles()
      throws IOException {
    Path sample = JobTesting.projectRoot().resolve("sample-data/multi30k");
    // A copy of the real German sample with two lines broken into Latin-1 (what a mis-encoded
    // export does).
    List<String> de = Files.readAllLines(sample.resolve("val.de"), StandardCharsets.UTF_8);
    Path broken = tmp.resolve("val-latin1-lines.de");
    try (var out = Files.newOutputStream(broken)) {
      for (int i = 0; i < de.size(); i++) {
        boolean latin1 = i == 9 || i == 499;
        out.write(
            de.get(i).getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
    assertThat(de.get(9)).matches(".*[äöüßÄÖÜ].*");
    assertThat(de.get(499)).matches(".*[äöüßÄÖÜ].*");

    JobTesting.Result r =
        tokenize(
            "--input",
            sample.resolve("val.en").toString(),
            broken.toString(),
            "--corpus",
            "multi30k-val",
            "--run-id",
            "run-1",
            "--lowercase");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("tokenize: corpus multi30k-val: 2 files, 2,026 documents, 2 lines rejected")
        .contains("run run-1 | read 2028 = written 2026 + rejected 2");

    JobTesting.withWarehouse(
        warehouse(),
        spark -> {
          Row run =
              spark
                  .sql(
                      "SELECT job, status, rows_read, rows_written, rows_rejected, arguments, version,"
                          + " ended_at IS NOT NULL FROM dlpipe.ops.runs WHERE run_id = 'run-1'")
                  .first();
          assertThat(run.getString(0)).isEqualTo("tokenize");
          assertThat(run.getString(1)).isEqualTo("SUCCEEDED");
          assertThat(run.getLong(2)).isEqualTo(2028);
          assertThat(run.getLong(3)).isEqualTo(2026);
          assertThat(run.getLong(4)).isEqualTo(2);
          assertThat(run.<String>getList(5)).contains("--corpus", "multi30k-val", "--lowercase");
          assertThat(run.getString(6)).isNotBlank();
          assertThat(run.getBoolean(7)).isTrue();

          List<Row> rejects =
              spark
                  .sql(
                      "SELECT source, locator, reason_code FROM dlpipe.ops.rejects"
                          + " WHERE run_id = 'run-1' ORDER BY locator")
                  .collectAsList();
          assertThat(rejects)
              .extracting(x -> x.getString(1))
              .containsExactly("line:10", "line:500");
          assertThat(rejects)
              .allSatisfy(
                  x -> {
                    assertThat(x.getString(0)).endsWith("val-latin1-lines.de");
                    assertThat(x.getString(2)).isEqualTo("INVALID_UTF8");
                  });
          // Lower-cased: no upper-case token in the vocabulary.
          assertThat(
                  spark
                      .sql(
                          "SELECT count(*) FROM dlpipe.text.vocabulary WHERE corpus = 'multi30k-val'"
                              + " AND token <> lower(token)")
                      .first()
                      .getLong(0))
              .isZero();
          return null;
        });
  }

  @Test
  void aRerunWithTheSameRunIdReplacesItsOutputs() {
    Path en = JobTesting.projectRoot().resolve("sample-data/multi30k/val.en");
    for (int i = 0; i < 2; i++) {
      JobTesting.Result r =
          tokenize("--input", en.toString(), "--corpus", "en", "--run-id", "same");
      assertThat(r.status()).as(r.err()).isZero();
    }
    JobTesting.withWarehouse(
        warehouse(),
        spark -> {
          assertThat(
                  spark
                      .sql("SELECT count(*) FROM dlpipe.text.documents WHERE corpus = 'en'")
                      .first()
                      .getLong(0))
              .isEqualTo(1014);
          assertThat(
                  spark
                      .sql("SELECT count(*) FROM dlpipe.ops.runs WHERE run_id = 'same'")
                      .first()
                      .getLong(0))
              .isEqualTo(1);
          return null;
        });
  }

  @Test
  void usageAndUserErrorsSayWhatWhyAndHowToFix() {
    JobTesting.Result usage = JobTesting.cli("tokenize", "--corpus", "x");
    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err())
        .contains("Missing required option: '--input=PATH'")
        .contains("Usage: dlpipe tokenize");

    JobTesting.Result missing =
        tokenize("--input", tmp.resolve("no-such-dir").toString(), "--corpus", "x");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err())
        .contains(
            "dlpipe tokenize: error: input '" + tmp.resolve("no-such-dir") + "' matched no file")
        .contains("  why: ")
        .contains("  fix: check the path");

    JobTesting.Result badCorpus = tokenize("--input", "x", "--corpus", "a/b");
    assertThat(badCorpus.status()).isEqualTo(1);
    assertThat(badCorpus.err()).contains("error: invalid corpus name 'a/b'");

    JobTesting.Result help = JobTesting.cli("--help");
    assertThat(help.status()).isZero();
    for (JobRegistry.Entry e : JobRegistry.all()) {
      assertThat(help.out())
          .containsPattern("\\n  " + e.name() + " +" + java.util.regex.Pattern.quote(e.summary()));
    }
    // Every job's help renders as written: a bare % in a description makes picocli warn and print
    // it raw.
    for (JobRegistry.Entry e : JobRegistry.all()) {
      JobTesting.Result jobHelp = JobTesting.cli(e.name(), "--help");
      assertThat(jobHelp.status()).as(e.name()).isZero();
      assertThat(jobHelp.out()).as(e.name()).contains("Usage: dlpipe " + e.name());
      assertThat(jobHelp.err()).as(e.name()).doesNotContain("picocli WARN");
    }
  }
}
