package dev.dlpipe.jobs;

import dev.dlpipe.pipelines.go.GoModels;
import dev.dlpipe.pipelines.ops.RowCounts;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code go-init}: a new policy-value network as a line's generation-0 best. */
@Command(
    name = "go-init",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Start a Go self-play line with a randomly initialised network.",
      "",
      "Writes <warehouse>/models/<line>/<run id>/model.zip and a dlpipe.ml.models row named after the"
          + " line (0 epochs). Until a gate promotes a candidate, the line's best network (--model"
          + " best in selfplay, gate, train-policy-value --init) is the newest model of that name.",
      ""
    })
public final class GoInitJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin GoNetworkOptions network;
  @Spec CommandSpec spec;

  @Option(
      names = "--line",
      required = true,
      paramLabel = "NAME",
      description = "Training line, e.g. go9.")
  String line;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Weight initialisation seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() {
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          String uri = GoModels.init(warehouse, run, line, network.config(seed));
          return new JobRunner.Outcome(
              new RowCounts(1, 1, 0),
              String.format(
                  "line %s: %dx%d network, %d blocks x %d filters -> %s",
                  line, network.board, network.board, network.blocks, network.filters, uri));
        });
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.GoInitJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new GoInitJob(), args));
  }
}
