package dev.dlpipe.pipelines.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlpipe.pipelines.TestSpark;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Runs recorded at the same moment (Airflow starts independent tasks together) all land in {@code
 * dlpipe.ops.runs}: Iceberg rejects the MERGE that loses a commit race ("Found conflicting files"),
 * and the upsert plans it again.
 */
class RunLogTest {
  @Test
  void concurrentRunsAreAllRecorded() throws Exception {
    SparkSession spark = TestSpark.session();
    Warehouse warehouse = new Warehouse(spark);
    RunLog.begin(warehouse, new RunContext("runlog-warmup", "test", List.of(), "cafe", "test"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                // Each job has its own driver; a session per thread is the nearest in one JVM.
                Warehouse own = new Warehouse(spark.newSession());
                for (int i = 0; i < 2; i++) {
                  RunLog log =
                      RunLog.begin(
                          own,
                          new RunContext(
                              "runlog-" + thread + "-" + i, "test", List.of(), "cafe", "test"));
                  log.succeed(new RowCounts(3, 2, 1));
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    // A fresh session reads the table's newest snapshot (this one's catalog may cache an older).
    List<Row> rows =
        spark
            .newSession()
            .sql(
                "SELECT run_id, status FROM dlpipe.ops.runs WHERE run_id LIKE 'runlog-_-_'"
                    + " ORDER BY run_id")
            .collectAsList();
    assertThat(rows).hasSize(4);
    assertThat(rows).allMatch(r -> r.getString(1).equals("SUCCEEDED"));
  }

  @Test
  void onlyCommitRacesAreRetried() {
    RuntimeException race =
        new RuntimeException(
            "merge failed", new org.apache.iceberg.exceptions.ValidationException("conflict"));
    assertThat(Warehouse.isCommitConflict(race)).isTrue();
    assertThat(Warehouse.isCommitConflict(new IllegalStateException("disk full"))).isFalse();
  }
}
