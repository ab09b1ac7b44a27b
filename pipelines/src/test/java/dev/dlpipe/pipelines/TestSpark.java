package dev.dlpipe.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session for all pipeline tests in a JVM (local[2], UI off, 2 shuffle partitions,
 * bound to loopback), with the dlpipe catalog on a fresh temporary warehouse. Tests keep out of
 * each other's way by using their own corpus names and run ids.
 */
public final class TestSpark {
  private static SparkSession session;
  private static Path warehouse;

  private TestSpark() {}

  /** The shared session, created on first use. */
  public static synchronized SparkSession session() {
    if (session == null) {
      try {
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        warehouse = Files.createTempDirectory(tmp, "warehouse-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      session = Sessions.create("dlpipe-tests", warehouse.toUri().toString(), localConf());
    }
    return session;
  }

  /** The Spark settings every test session uses. */
  public static Map<String, String> localConf() {
    return Map.of(
        "spark.master", "local[2]",
        "spark.ui.enabled", "false",
        "spark.sql.shuffle.partitions", "2",
        "spark.driver.host", "127.0.0.1",
        "spark.driver.bindAddress", "127.0.0.1");
  }

  /** The warehouse directory of the shared session. */
  public static synchronized Path warehouse() {
    session();
    return warehouse;
  }

  /** The project root (where sample-data/ and schemas/ live). */
  public static Path projectRoot() {
    String root = System.getProperty("dlpipe.project.root");
    return root != null ? Paths.get(root) : Paths.get("..").toAbsolutePath().normalize();
  }
}
