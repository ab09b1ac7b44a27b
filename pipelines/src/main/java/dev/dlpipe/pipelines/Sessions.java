package dev.dlpipe.pipelines;

import dev.dlpipe.pipelines.tables.Warehouse;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds dlpipe's SparkSession: the {@code dlpipe} Iceberg catalog on the warehouse URI, plus any
 * Spark settings from the configuration. The master is never set here: it comes from {@code
 * spark-submit}, or from {@code spark.master} in the local configuration file.
 */
public final class Sessions {
  private Sessions() {}

  /**
   * Gets or creates the session.
   *
   * @param appName the Spark application name
   * @param warehouse Hadoop URI of the warehouse ({@code file:///...}, {@code hdfs://nn:8020/...})
   * @param sparkConf Spark settings from the configuration; a key already set on the command line
   *     of spark-submit (or as a JVM system property) keeps its value
   */
  public static SparkSession create(
      String appName, String warehouse, Map<String, String> sparkConf) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    sparkConf.forEach(
        (k, v) -> {
          if (System.getProperty(k) == null) {
            builder.config(k, v);
          }
        });
    return builder
        .config(
            "spark.sql.extensions",
            "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config("spark.sql.catalog." + Warehouse.CATALOG, "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog." + Warehouse.CATALOG + ".type", "hadoop")
        .config("spark.sql.catalog." + Warehouse.CATALOG + ".warehouse", warehouse)
        .getOrCreate();
  }
}
