package dev.dlpipe.jobs;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.pipelines.Sessions;
import dev.dlpipe.pipelines.Version;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.ops.RunLog;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * The one way a job runs: resolve settings, start Spark, run the pipeline under a named job group,
 * record the run in {@code dlpipe.ops.runs}, print the outcome, stop Spark. Errors meant for users
 * print as problem / why / fix; anything else prints its stack trace.
 */
public final class JobRunner {
  /** Exit status of a job that failed. picocli uses 2 for usage errors. */
  public static final int FAILED = 1;

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  /**
   * What a job's pipeline call returns: its counts (read = written + rejected) and a line for
   * people.
   */
  public record Outcome(RowCounts counts, String summary) {}

  /** The pipeline call of a job. */
  @FunctionalInterface
  public interface Body {
    Outcome run(Warehouse warehouse, RunContext run);
  }

  private JobRunner() {}

  /** Runs {@code body} as job {@code job}; returns the process exit status. */
  public static int run(String job, CommonOptions common, List<String> arguments, Body body) {
    return withSession(
        job,
        common,
        (spark, settings) -> {
          String runId = runId(job, common.runId);
          RunContext run =
              new RunContext(runId, job, arguments, settings.configHash(), Version.current());
          spark.sparkContext().setJobGroup(runId, "dlpipe " + job + " (run " + runId + ")", false);
          Warehouse warehouse = new Warehouse(spark);
          RunLog log = RunLog.begin(warehouse, run);
          Outcome outcome;
          try {
            outcome = body.run(warehouse, run);
          } catch (RuntimeException e) {
            log.fail(null, e);
            throw e;
          }
          log.succeed(outcome.counts());
          System.out.println(job + ": " + outcome.summary());
          System.out.println(
              "  run " + runId + " | " + outcome.counts() + " | warehouse " + settings.warehouse());
          return 0;
        },
        System.err);
  }

  /**
   * Runs {@code action} with a session on the resolved warehouse, handling errors and stopping
   * Spark.
   */
  public static int withSession(
      String job,
      CommonOptions common,
      BiFunction<SparkSession, Settings, Integer> action,
      PrintStream err) {
    SparkSession spark = null;
    try {
      Settings settings = Settings.resolve(common.warehouse, common.config, System.getenv());
      spark = Sessions.create("dlpipe " + job, settings.warehouse(), settings.spark());
      if (common.verbose) {
        spark.sparkContext().setLogLevel("INFO");
      }
      return action.apply(spark, settings);
    } catch (RuntimeException e) {
      report(job, e, common.verbose, err);
      return FAILED;
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  /** Prints an error: a user error as problem / why / fix, anything else with its stack trace. */
  static void report(String job, Throwable e, boolean verbose, PrintStream err) {
    UserError user = find(e, UserError.class);
    if (user != null) {
      err.println("dlpipe " + job + ": error: " + user.problem());
      err.println("  why: " + user.why());
      err.println("  fix: " + user.fix());
      if (verbose) {
        e.printStackTrace(err);
      }
    } else {
      err.println("dlpipe " + job + ": failed: " + e);
      e.printStackTrace(err);
    }
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The given run id, checked, or a new one: {@code <job>-<UTC time>-<6 hex digits>}. */
  static String runId(String job, String given) {
    if (given == null) {
      String random = String.format("%06x", new SecureRandom().nextInt(1 << 24));
      return job + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + random;
    }
    if (!RUN_ID.matcher(given).matches()) {
      throw UserError.of(
          "invalid run id '" + given + "'",
          "a run id names table partitions and files: 1-200 letters, digits, '.', '_', ':', '+' or '-',"
              + " starting with a letter or digit",
          "pass e.g. --run-id tokenize-2026-11-29 (Airflow's {{ run_id }} fits)");
    }
    return given;
  }
}
