package dev.dlpipe.pipelines.ml;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlpipe.pipelines.TestSpark;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TrainingTablesTest {
  @Test
  void runsOfOneModelNameWithAlikeRunIdsAreRegisteredAndReplacedByRun() {
    Warehouse warehouse = new Warehouse(TestSpark.session());
    // Generated run ids of one job share a long prefix; Iceberg keeps only the first 16
    // characters of a string in file statistics, so a delete by (name, run id) cannot tell
    // these runs' files apart. The second run used to fail with "Cannot delete file where some,
    // but not all, rows match filter".
    String first = "tt-word2vec-20261130T120000Z-aaaaaa";
    String second = "tt-word2vec-20261130T120500Z-bbbbbb";
    TrainingTables.registerModel(warehouse, model(first, "file:/a/1.bin"));
    TrainingTables.registerModel(warehouse, model(second, "file:/a/2.bin"));
    TrainingTables.registerModel(warehouse, model(first, "file:/a/1-again.bin"));
    List<Row> rows =
        warehouse
            .spark()
            .table(TrainingTables.MODELS)
            .where(col("name").equalTo("tt-word2vec"))
            .orderBy("run_id")
            .collectAsList();
    assertThat(rows).extracting(r -> r.getString(1)).containsExactly(first, second);
    assertThat(rows)
        .extracting(r -> r.getString(3))
        .containsExactly("file:/a/1-again.bin", "file:/a/2.bin");
  }

  private static TrainingTables.ModelRow model(String runId, String uri) {
    return new TrainingTables.ModelRow(
        "tt-word2vec", runId, "word2vec", uri, "word2vec-binary", 100, "{}", "test", 5, Map.of());
  }
}
