package dev.dlpipe.jobs;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every job takes (a picocli mixin). */
public final class CommonOptions {
  @Option(
      names = "--warehouse",
      paramLabel = "URI",
      description =
          "Warehouse location, any Hadoop URI (file:///..., hdfs://nn:8020/...) or a local path."
              + " Default: DLPIPE_WAREHOUSE, else spark.dlpipe.warehouse from the configuration,"
              + " else ./warehouse under the project.")
  String warehouse;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration file (Spark properties). Default: DLPIPE_CONFIG (bin/dlpipe sets"
              + " conf/local.properties).")
  Path config;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description =
          "Run id. Rerunning with the same id replaces that run's outputs. Default: generated"
              + " (<job>-<UTC time>-<random>).")
  String runId;

  @Option(names = "--verbose", description = "Print stack traces of errors and Spark's INFO log.")
  boolean verbose;
}
