package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL the driver of a tokenize run right after its first table commit: no table is left
 * half-written (each holds all of the corpus or none of it), the run stays RUNNING in
 * dlpipe.ops.runs, and rerunning the same command with the same run id completes it.
 */
class KilledRunTest {
  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aKilledRunLeavesNoPartialTableAndARerunCompletesIt() throws Exception {
    // 40 copies of the real sample: 81,120 lines, enough for the later writes to take a while.
    List<String> lines = new ArrayList<>();
    Path sample = JobTesting.projectRoot().resolve("sample-data/multi30k");
    for (int i = 0; i < 20; i++) {
      lines.addAll(Files.readAllLines(sample.resolve("val.en")));
      lines.addAll(Files.readAllLines(sample.resolve("val.de")));
    }
    Path input = tmp.resolve("input");
    Files.createDirectories(input);
    Files.write(input.resolve("a.txt"), lines, StandardCharsets.UTF_8);
    Files.write(input.resolve("b.txt"), lines, StandardCharsets.UTF_8);
    long expected = 2L * lines.size();
    String warehouse = tmp.resolve("warehouse").toUri().toString();
    String[] job = {
      "tokenize",
      "--config",
      JobTesting.testConfig().toString(),
      "--warehouse",
      warehouse,
      "--input",
      input.toString(),
      "--corpus",
      "killed",
      "--run-id",
      "killed-run"
    };

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("@" + JobTesting.projectRoot().resolve("conf/jvm.options"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Dlpipe.class.getName());
    command.addAll(List.of(job));
    File log = tmp.resolve("driver.log").toFile();
    Process driver =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();

    // The Hadoop catalog's version-hint.text holds the table's current metadata version: 1 once
    // created
    // (empty), 2 after the first data commit. Documents are the second table tokenize writes.
    Path documentsHint = tmp.resolve("warehouse/text/documents/metadata/version-hint.text");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (version(documentsHint) < 2 && driver.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(driver.isAlive())
        .as("driver ended before the kill:\n" + Files.readString(log.toPath()))
        .isTrue();
    driver.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    assertThat(driver.waitFor(60, TimeUnit.SECONDS)).isTrue();

    JobTesting.withWarehouse(
        warehouse,
        spark -> {
          assertThat(
                  scalar(spark, "SELECT status FROM dlpipe.ops.runs WHERE run_id = 'killed-run'"))
              .isEqualTo("RUNNING");
          assertThat(count(spark, "dlpipe.text.documents")).isEqualTo(expected);
          assertThat(count(spark, "dlpipe.text.tokens")).isIn(0L, expected);
          return null;
        });

    JobTesting.Result rerun = JobTesting.cli(job);
    assertThat(rerun.status()).as(rerun.err()).isZero();
    JobTesting.withWarehouse(
        warehouse,
        spark -> {
          assertThat(
                  scalar(spark, "SELECT status FROM dlpipe.ops.runs WHERE run_id = 'killed-run'"))
              .isEqualTo("SUCCEEDED");
          assertThat(count(spark, "dlpipe.text.documents")).isEqualTo(expected);
          assertThat(count(spark, "dlpipe.text.tokens")).isEqualTo(expected);
          assertThat(
                  scalar(
                      spark,
                      "SELECT count(DISTINCT doc_id) FROM dlpipe.text.tokens WHERE corpus = 'killed'"))
              .isEqualTo(String.valueOf(expected));
          return null;
        });
  }

  private static long count(SparkSession spark, String table) {
    if (!spark.catalog().tableExists(table)) {
      return 0;
    }
    return spark
        .sql("SELECT count(*) FROM " + table + " WHERE corpus = 'killed'")
        .first()
        .getLong(0);
  }

  private static String scalar(SparkSession spark, String sql) {
    return String.valueOf(spark.sql(sql).first().get(0));
  }

  private static int version(Path hint) {
    try {
      return Integer.parseInt(Files.readString(hint).trim());
    } catch (IOException | NumberFormatException e) {
      return 0; // not written yet, or caught mid-write
    }
  }
}
