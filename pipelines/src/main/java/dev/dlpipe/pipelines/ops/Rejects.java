package dev.dlpipe.pipelines.ops;

import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The quarantine table {@code dlpipe.ops.rejects}: one row per refused input record, with a stable
 * reason code. A run's rejects are replaced as a whole, so a rerun never doubles them.
 */
public final class Rejects {
  public static final String TABLE = "dlpipe.ops.rejects";

  /** A line that is not valid UTF-8. */
  public static final String INVALID_UTF8 = "INVALID_UTF8";

  private Rejects() {}

  /** The schema of the rejects table. */
  public static TableSchema schema() {
    return TableSchema.of(TABLE);
  }

  /** Replaces the rejects of {@code run} with {@code rows} (which must have the table's schema). */
  public static void replace(Warehouse warehouse, RunContext run, Dataset<Row> rows) {
    warehouse.replace(schema(), rows, functions.col("run_id").equalTo(run.runId()));
  }
}
