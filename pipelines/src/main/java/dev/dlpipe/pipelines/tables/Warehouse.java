package dev.dlpipe.pipelines.tables;

import dev.dlpipe.engines.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * dlpipe's tables in the {@code dlpipe} Iceberg catalog, on whatever Hadoop filesystem the
 * warehouse URI names. Every write goes through here: the DataFrame is checked against the table's
 * schema file first, and each write is one atomic Iceberg commit that <b>replaces</b> the rows a
 * run owns (a corpus, a run id), so a rerun never duplicates and a killed job never leaves a
 * half-written table.
 */
public final class Warehouse {
  /** Name of the Spark catalog that holds every dlpipe table. */
  public static final String CATALOG = "dlpipe";

  private final SparkSession spark;

  public Warehouse(SparkSession spark) {
    this.spark = spark;
  }

  public SparkSession spark() {
    return spark;
  }

  /**
   * The warehouse's root URI (the catalog's {@code warehouse} setting): tables live under it, and
   * so do files that belong with them, such as models under {@code models/}.
   */
  public String root() {
    return spark.conf().get("spark.sql.catalog." + CATALOG + ".warehouse");
  }

  /**
   * Creates the table (and its namespace) if absent, and checks an existing one against its schema
   * file.
   */
  public TableSchema ensure(TableSchema schema) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + CATALOG + "." + schema.namespace());
    spark.sql(schema.createTableSql());
    StructType actual = spark.table(schema.name()).schema();
    List<String> problems = differences(schema.sparkType(), actual);
    if (!problems.isEmpty()) {
      throw UserError.of(
          "table " + schema.name() + " does not match its schema file",
          String.join("; ", problems),
          "migrate the table (ALTER TABLE) or drop it to have it recreated; the schema files are in schemas/");
    }
    return schema;
  }

  /**
   * Atomically replaces the rows of {@code schema}'s table that match {@code owned} with {@code
   * rows}: one Iceberg commit deletes the old rows and adds the new ones. {@code owned} must select
   * whole partitions.
   */
  public void replace(TableSchema schema, Dataset<Row> rows, Column owned) {
    ensure(schema);
    try {
      conform(schema, rows)
          .writeTo(schema.name())
          // Every replace targets one partition value (a corpus, a run): let each task write its
          // own
          // files instead of shuffling the whole output to one writer per partition.
          .option("distribution-mode", "none")
          .option("fanout-enabled", "true")
          .overwrite(owned);
    } catch (NoSuchTableException e) {
      throw new IllegalStateException(
          "table " + schema.name() + " vanished after it was created", e);
    }
  }

  /**
   * Upserts {@code rows} into the table by {@code key} columns ({@code MERGE INTO}): matching rows
   * are replaced, others inserted. For small operational tables.
   */
  public void upsert(TableSchema schema, Dataset<Row> rows, List<String> key) {
    ensure(schema);
    // A view per call: concurrent upserts (jobs in one session, or threads) must not share one.
    String view =
        "dlpipe_upsert_"
            + schema.name().replaceAll("[^A-Za-z0-9]", "_")
            + "_"
            + UUID.randomUUID().toString().replace("-", "");
    conform(schema, rows).createOrReplaceTempView(view);
    List<String> on = new ArrayList<>();
    for (String k : key) {
      on.add("t.`" + k + "` = s.`" + k + "`");
    }
    String merge =
        "MERGE INTO "
            + schema.name()
            + " t USING "
            + view
            + " s ON "
            + String.join(" AND ", on)
            + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *";
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          spark.sql(merge);
          return;
        } catch (RuntimeException e) {
          if (attempt >= UPSERT_ATTEMPTS || !isCommitConflict(e)) {
            throw e;
          }
          // Another writer committed first (Iceberg's "Found conflicting files"): the MERGE is
          // planned again against the new snapshot after a random pause that doubles each time
          // (0.1-0.2 s, then up to 12.8 s), so that racing writers spread out.
          long base = 100L << Math.min(attempt - 1, 7);
          sleep(base + ThreadLocalRandom.current().nextLong(base));
        }
      }
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  /** Attempts of one upsert that loses commit races with other writers. */
  static final int UPSERT_ATTEMPTS = 10;

  /** Whether {@code e} is an Iceberg commit that lost a race with a concurrent writer. */
  public static boolean isCommitConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String name = t.getClass().getName();
      if (name.equals("org.apache.iceberg.exceptions.ValidationException")
          || name.equals("org.apache.iceberg.exceptions.CommitFailedException")) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a commit", ie);
    }
  }

  /**
   * Returns {@code rows} with exactly the table's schema: same names, types and order are required
   * (a mismatch is a bug in the job, reported before anything is written); only nullability is
   * adopted.
   */
  Dataset<Row> conform(TableSchema schema, Dataset<Row> rows) {
    StructType expected = schema.sparkType();
    List<String> problems = differences(expected, rows.schema());
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "rows for "
              + schema.name()
              + " do not match its schema file: "
              + String.join("; ", problems));
    }
    return rows.schema().equals(expected) ? rows : spark.createDataFrame(rows.javaRDD(), expected);
  }

  /**
   * Differences in column names, order and types between two schemas (nullability and comments
   * ignored).
   */
  public static List<String> differences(StructType expected, StructType actual) {
    List<String> problems = new ArrayList<>();
    StructField[] e = expected.fields();
    StructField[] a = actual.fields();
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      if (i >= a.length) {
        problems.add("missing column " + e[i].name());
      } else if (i >= e.length) {
        problems.add("unexpected column " + a[i].name());
      } else if (!e[i].name().equals(a[i].name())) {
        problems.add("column " + (i + 1) + " is " + a[i].name() + ", expected " + e[i].name());
      } else if (!sameType(e[i], a[i])) {
        problems.add(
            "column "
                + e[i].name()
                + " has type "
                + a[i].dataType().simpleString()
                + ", expected "
                + e[i].dataType().simpleString());
      }
    }
    return problems;
  }

  private static boolean sameType(StructField e, StructField a) {
    // Compare types modulo nullability of nested elements (Iceberg may report array elements as
    // optional).
    return e.dataType().simpleString().equals(a.dataType().simpleString());
  }
}
