package dev.dlpipe.jobs;

import dev.dlpipe.pipelines.Sessions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** Runs dlpipe's CLI in-process, as bin/dlpipe would, and reads a warehouse back with Spark SQL. */
final class JobTesting {
  private JobTesting() {}

  /** What one CLI call printed and returned. */
  record Result(int status, String out, String err) {}

  static Path projectRoot() {
    String root = System.getProperty("dlpipe.project.root");
    return root != null ? Paths.get(root) : Paths.get("..").toAbsolutePath().normalize();
  }

  static Path testConfig() {
    try {
      return Paths.get(JobTesting.class.getResource("/test-local.properties").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code bin/dlpipe args...} in this JVM, capturing stdout and stderr. */
  static synchronized Result cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int status = Dlpipe.commandLine().execute(args);
      return new Result(
          status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /**
   * Runs {@code bin/dlpipe job args...} with the test configuration and the given warehouse URI.
   */
  static Result job(String warehouse, String job, String... args) {
    String[] all = new String[args.length + 5];
    all[0] = job;
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--config";
    all[args.length + 2] = testConfig().toString();
    all[args.length + 3] = "--warehouse";
    all[args.length + 4] = warehouse;
    return cli(all);
  }

  /** Opens a session on {@code warehouse}, applies {@code query}, and stops the session. */
  static <T> T withWarehouse(String warehouse, Function<SparkSession, T> query) {
    Map<String, String> conf =
        Map.of(
            "spark.master", "local[2]",
            "spark.ui.enabled", "false",
            "spark.sql.shuffle.partitions", "2",
            "spark.driver.host", "127.0.0.1",
            "spark.driver.bindAddress", "127.0.0.1");
    SparkSession spark = Sessions.create("dlpipe-test-reader", warehouse, conf);
    try {
      return query.apply(spark);
    } finally {
      spark.stop();
    }
  }
}
