package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Airflow is not installable here, so this proves the DAGs statically: python3 parses and evaluates
 * every DAG file (airflow-dags/tools/dag_tasks.py) and lists what each task would hand to
 * spark-submit; every task must name a registered job, with its main class, and arguments that
 * job's command line accepts.
 */
class AirflowDagsTest {
  private static final Path DAGS = JobTesting.projectRoot().resolve("airflow-dags");
  private static JsonNode listing;

  @BeforeAll
  static void listTasks() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "python3", DAGS.resolve("tools/dag_tasks.py").toString(), DAGS.toString())
            .redirectErrorStream(false)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("dag_tasks.py failed:\n" + err).isZero();
    listing = new ObjectMapper().readTree(out);
  }

  @Test
  void theRegistryFileIsCurrent() throws IOException {
    assertThat(Files.readString(DAGS.resolve("dlpipe_jobs.json")))
        .as(
            "airflow-dags/dlpipe_jobs.json is stale: run `bin/dlpipe registry --write airflow-dags/dlpipe_jobs.json`")
        .isEqualTo(JobRegistry.toJson());
  }

  @Test
  void everyDagFileParsesAndEveryDagHasTasks() throws IOException {
    List<String> files = new ArrayList<>();
    try (var s = Files.list(DAGS)) {
      s.filter(f -> f.toString().endsWith(".py"))
          .forEach(f -> files.add(f.getFileName().toString()));
    }
    List<String> parsed = new ArrayList<>();
    listing.get("dags").forEach(d -> parsed.add(d.asText()));
    assertThat(parsed).containsExactlyInAnyOrderElementsOf(files);
    Set<String> withTasks = new HashSet<>();
    listing.get("tasks").forEach(t -> withTasks.add(t.get("file").asText()));
    for (String f : files) {
      if (!f.equals("dlpipe_common.py")) {
        assertThat(withTasks).as(f + " defines no dlpipe task").contains(f);
      }
    }
  }

  @Test
  void everyTaskNamesARealJobWithItsMainClassAndValidArguments() {
    assertThat(listing.get("tasks")).isNotEmpty();
    for (JsonNode task : listing.get("tasks")) {
      String id = task.get("task_id").asText();
      // "job" or "job.step" when a DAG runs one job twice.
      JobRegistry.Entry job =
          JobRegistry.find(id.contains(".") ? id.substring(0, id.indexOf('.')) : id)
              .orElseThrow(() -> new AssertionError("task " + id + " names no job"));
      assertThat(job.kind()).as(id).isEqualTo(JobRegistry.Kind.job);
      assertThat(task.get("java_class").asText()).as(id).isEqualTo(job.mainClass());
      String[] args = args(task);
      // Parsing runs picocli's checks: unknown options, missing required ones, values of the wrong
      // type.
      new CommandLine(job.newCommand()).parseArgs(args);
      assertThat(args).contains("--warehouse", "--run-id");
    }
  }

  @Test
  void theArgumentCheckCanFail() {
    JsonNode task = listing.get("tasks").get(0);
    JobRegistry.Entry job = JobRegistry.find(task.get("task_id").asText()).orElseThrow();
    List<String> args = new ArrayList<>(List.of(args(task)));
    args.add("--no-such-option");
    assertThatThrownBy(
            () -> new CommandLine(job.newCommand()).parseArgs(args.toArray(new String[0])))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--no-such-option");
  }

  private static String[] args(JsonNode task) {
    List<String> args = new ArrayList<>();
    task.get("application_args").forEach(a -> args.add(a.asText()));
    return args.toArray(new String[0]);
  }
}
