package dev.dlpipe.pipelines.ops;

import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Records a run in {@code dlpipe.ops.runs}: a RUNNING row when it starts, replaced by SUCCEEDED or
 * FAILED with the row counts when it ends. A run whose driver was killed stays RUNNING with no end
 * time, which is how a scheduler or a person tells an interrupted run from a finished one.
 */
public final class RunLog {
  public static final String TABLE = "dlpipe.ops.runs";
  private static final List<String> KEY = List.of("run_id");

  private final Warehouse warehouse;
  private final RunContext run;
  private final TableSchema schema;
  private final Timestamp started;

  private RunLog(Warehouse warehouse, RunContext run) {
    this.warehouse = warehouse;
    this.run = run;
    this.schema = TableSchema.of(TABLE);
    this.started = Timestamp.from(Instant.now());
  }

  /** Writes the RUNNING row (replacing any earlier row of the same run id). */
  public static RunLog begin(Warehouse warehouse, RunContext run) {
    RunLog log = new RunLog(warehouse, run);
    log.write("RUNNING", null, null, null);
    return log;
  }

  /** Marks the run SUCCEEDED with its counts. */
  public void succeed(RowCounts counts) {
    write("SUCCEEDED", counts, Timestamp.from(Instant.now()), null);
  }

  /** Marks the run FAILED with the counts known so far (may be null) and the error's message. */
  public void fail(RowCounts counts, Throwable error) {
    String message = error.getClass().getSimpleName() + ": " + error.getMessage();
    write("FAILED", counts, Timestamp.from(Instant.now()), message);
  }

  private void write(String status, RowCounts counts, Timestamp ended, String message) {
    Row row =
        RowFactory.create(
            run.runId(),
            run.job(),
            run.arguments().toArray(new String[0]),
            run.configHash(),
            run.version(),
            started,
            ended,
            status,
            counts == null ? null : counts.read(),
            counts == null ? null : counts.written(),
            counts == null ? null : counts.rejected(),
            message);
    warehouse.upsert(
        schema, warehouse.spark().createDataFrame(List.of(row), schema.sparkType()), KEY);
  }
}
