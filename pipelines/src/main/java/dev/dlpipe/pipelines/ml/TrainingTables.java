package dev.dlpipe.pipelines.ml;

import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Rows of {@code dlpipe.ml.training_rounds} and {@code dlpipe.ml.models}. */
public final class TrainingTables {
  public static final String ROUNDS = "dlpipe.ml.training_rounds";
  public static final String MODELS = "dlpipe.ml.models";

  private TrainingTables() {}

  /**
   * Replaces the rows of one epoch of a run with {@code rounds}: committed together with the
   * epoch's checkpoint, so a resumed run rewrites exactly the epochs it trains again.
   */
  public static void writeEpoch(
      Warehouse warehouse, String runId, String model, int epoch, List<RoundStats> rounds) {
    TableSchema schema = TableSchema.of(ROUNDS);
    List<Row> rows = new ArrayList<>(rounds.size());
    for (RoundStats r : rounds) {
      rows.add(
          RowFactory.create(
              runId,
              model,
              r.epoch(),
              r.round(),
              r.workers(),
              r.examples(),
              Double.isFinite(r.score()) ? r.score() : null,
              r.fitMillis(),
              r.averagingMillis(),
              r.broadcastMillis(),
              r.roundMillis(),
              Timestamp.from(r.endedAt())));
    }
    SparkSession spark = warehouse.spark();
    warehouse.replace(
        schema,
        spark.createDataFrame(rows, schema.sparkType()),
        functions.col("run_id").equalTo(runId).and(functions.col("epoch").equalTo(epoch)));
  }

  /** A model in the store: one row of {@code dlpipe.ml.models}. */
  public record ModelRow(
      String name,
      String runId,
      String kind,
      String uri,
      String format,
      long parameters,
      String config,
      String trainingData,
      int epochs,
      Map<String, Double> metrics) {}

  /** Replaces (or adds) the row of (name, run id) in {@code dlpipe.ml.models}. */
  public static void registerModel(Warehouse warehouse, ModelRow m) {
    TableSchema schema = TableSchema.of(MODELS);
    Row row =
        RowFactory.create(
            m.name(),
            m.runId(),
            m.kind(),
            m.uri(),
            m.format(),
            m.parameters(),
            m.config(),
            m.trainingData(),
            m.epochs(),
            m.metrics(),
            Timestamp.from(Instant.now()));
    // A row-level MERGE, not a delete by filter: the table is not partitioned, and Iceberg keeps
    // only 16 characters of a string in its file statistics, so a filter on generated run ids
    // (which share long prefixes) cannot select whole files.
    warehouse.upsert(
        schema,
        warehouse.spark().createDataFrame(List.of(row), schema.sparkType()),
        List.of("name", "run_id"));
  }
}
