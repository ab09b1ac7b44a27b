package dev.dlpipe.pipelines.text;

import static org.apache.spark.sql.functions.col;

import dev.dlpipe.pipelines.ops.RunLog;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * How a corpus was tokenized, read from the {@code dlpipe.ops.runs} row of the tokenize run that
 * wrote it, so text given to a model later is tokenized the same way.
 */
public final class TokenizerSettings {
  private TokenizerSettings() {}

  /** Whether the tokenize run that wrote {@code corpus} lower-cased its tokens. */
  public static boolean lowercase(Warehouse warehouse, String corpus) {
    List<Row> runs =
        warehouse
            .spark()
            .table(TokenizeCorpus.VOCABULARY)
            .where(col("corpus").equalTo(corpus))
            .select("run_id")
            .distinct()
            .join(warehouse.spark().table(RunLog.TABLE), "run_id")
            .select("arguments")
            .collectAsList();
    for (Row r : runs) {
      List<String> args = r.getList(0);
      if (args.contains("--lowercase")) {
        return true;
      }
    }
    return false;
  }
}
