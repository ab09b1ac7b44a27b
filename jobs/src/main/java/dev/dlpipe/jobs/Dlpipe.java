package dev.dlpipe.jobs;

import dev.dlpipe.pipelines.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * {@code bin/dlpipe <job> [options]}: every job of the {@link JobRegistry} as a subcommand. Each
 * job class also has its own {@code main} for {@code spark-submit --class}.
 */
@Command(
    name = "dlpipe",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    synopsisSubcommandLabel = "<job>",
    description = {
      "Deep-learning data and training pipelines on Apache Spark.",
      "",
      "Run `dlpipe <job> --help` for a job's options. Every job takes --warehouse, --config and --run-id.",
      ""
    },
    footer = {
      "",
      "Configuration precedence: command line > environment (DLPIPE_WAREHOUSE, DLPIPE_CONFIG) >"
          + " spark-submit --conf > configuration file > defaults. See conf/local.properties."
    })
public final class Dlpipe implements Callable<Integer> {
  @Override
  public Integer call() {
    CommandLine.usage(this, System.err);
    return 2;
  }

  /** Prints the dlpipe version. */
  public static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"dlpipe " + Version.current()};
    }
  }

  /** The hidden {@code registry} command: prints the registry as JSON, or writes it for Airflow. */
  @Command(
      name = "registry",
      hidden = true,
      mixinStandardHelpOptions = true,
      description = "Print the job registry as JSON (what airflow-dags/dlpipe_jobs.json holds).")
  static final class RegistryCommand implements Callable<Integer> {
    @Option(names = "--write", paramLabel = "FILE", description = "Write the JSON to FILE instead.")
    Path write;

    @Override
    public Integer call() throws IOException {
      String json = JobRegistry.toJson();
      if (write == null) {
        System.out.print(json);
      } else {
        Files.writeString(write, json, StandardCharsets.UTF_8);
        System.out.println("wrote " + write);
      }
      return 0;
    }
  }

  /** The command line with every registered job. */
  public static CommandLine commandLine() {
    CommandLine cl = configure(new CommandLine(new Dlpipe()));
    for (JobRegistry.Entry e : JobRegistry.all()) {
      cl.addSubcommand(e.name(), configure(new CommandLine(e.newCommand())));
    }
    cl.addSubcommand("registry", new RegistryCommand());
    // One line per job, never wrapped: the name column is as wide as the longest name.
    cl.getHelpSectionMap()
        .put(
            CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
            help -> {
              int width = 0;
              for (JobRegistry.Entry e : JobRegistry.all()) {
                width = Math.max(width, e.name().length());
              }
              StringBuilder sb = new StringBuilder();
              for (JobRegistry.Entry e : JobRegistry.all()) {
                sb.append(String.format("  %-" + (width + 2) + "s%s%n", e.name(), e.summary()));
              }
              return sb.toString();
            });
    return cl;
  }

  /** Runs one job command with dlpipe's error handling; returns the exit status. */
  public static int execute(Object command, String[] args) {
    return configure(new CommandLine(command)).execute(args);
  }

  private static CommandLine configure(CommandLine cl) {
    return cl.setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              JobRunner.report(commandLine.getCommandName(), e, false, System.err);
              return JobRunner.FAILED;
            })
        .setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8))
        .setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
  }

  /** {@code bin/dlpipe} entry point. */
  public static void main(String[] args) {
    int status = commandLine().execute(args);
    System.exit(status);
  }
}
