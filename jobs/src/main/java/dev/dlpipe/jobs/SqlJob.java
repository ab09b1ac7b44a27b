package dev.dlpipe.jobs;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sql}: Spark SQL over the dlpipe catalog, printed as a table, CSV or JSON lines. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Run Spark SQL over the dlpipe catalog, print the result.",
      "",
      "The current catalog is dlpipe, so `text.vocabulary` and `dlpipe.text.vocabulary` both work."
          + " Metadata tables too: `SELECT * FROM dlpipe.text.tokens.snapshots`. Reads only; not recorded"
          + " in dlpipe.ops.runs.",
      ""
    })
public final class SqlJob implements Callable<Integer> {
  /** Output formats. */
  public enum Format {
    table,
    csv,
    json
  }

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL statement (quote it).")
  String query;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "table, csv or json (one object per line). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Print at most N rows. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    return JobRunner.withSession(
        spec.name(),
        common,
        (spark, settings) -> {
          spark.sql("USE dlpipe");
          Dataset<Row> result = spark.sql(query);
          List<Row> rows = result.limit(limit + 1).collectAsList();
          boolean more = rows.size() > limit;
          List<Row> shown = more ? rows.subList(0, limit) : rows;
          switch (format) {
            case csv -> ResultPrinter.csv(result.columns(), shown, out);
            case json -> ResultPrinter.json(result.columns(), shown, out);
            default -> ResultPrinter.table(result.columns(), shown, more, out);
          }
          out.flush();
          return 0;
        },
        System.err);
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.SqlJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new SqlJob(), args));
  }
}
