package dev.dlpipe.jobs;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.pipelines.go.TrainPolicyValue;
import dev.dlpipe.pipelines.ml.SequenceTraining;
import dev.dlpipe.pipelines.ops.RowCounts;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train-policy-value}: a Go policy-value network on self-play or game records. */
@Command(
    name = "train-policy-value",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Train a Go policy-value network on self-play games or records.",
      "",
      "Self-play (--line, --generations K..L): policy target the search's visit counts, value target"
          + " the result. Records (--positions COLLECTION from go-import): the move played and the"
          + " result (AlphaGo Lee's supervised start). Positions get the 8 board symmetries"
          + " (--augment); whole games are held out for move-prediction accuracy. Parameter averaging"
          + " on Spark, a checkpoint per epoch, --resume --run-id R; the model goes to"
          + " <warehouse>/models/<name>/<run id>/ with a row in dlpipe.ml.models.",
      ""
    })
public final class TrainPolicyValueJob implements Callable<Integer> {
  private static final Pattern RANGE = Pattern.compile("(\\d+)(?:\\.\\.(\\d+))?");

  @Mixin CommonOptions common;
  @Mixin TrainingOptions training;
  @Mixin GoNetworkOptions network;
  @Spec CommandSpec spec;

  @Option(
      names = "--line",
      paramLabel = "NAME",
      description = "Self-play line to train on (with --generations).")
  String line;

  @Option(
      names = "--generations",
      paramLabel = "K..L",
      description = "Window of self-play generations, K..L, or L (with --window).")
  String generations;

  @Option(
      names = "--window",
      defaultValue = "1",
      paramLabel = "W",
      description =
          "With --generations L: the W generations up to L (from 0). Default: ${DEFAULT-VALUE}.")
  int window;

  @Option(
      names = "--positions",
      paramLabel = "COLLECTION",
      description = "Train on game records of dlpipe.go.positions (supervised) instead.")
  String positions;

  @Option(
      names = "--max-games",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "At most N games, chosen by a hash of their id; 0 = all. Default: ${DEFAULT-VALUE}.")
  int maxGames;

  @Option(
      names = "--init",
      paramLabel = "REF",
      description =
          "Continue training this network: best (the line's best as of L), a model name[/run id] or"
              + " a .zip URI. Default: a new network of --board/--blocks/--filters.")
  String init;

  @Option(
      names = "--augment",
      defaultValue = "all",
      paramLabel = "MODE",
      description =
          "Board symmetries per position: all (8), random (1 drawn per position), none. Default:"
              + " ${DEFAULT-VALUE}.")
  String augment;

  @Option(
      names = "--held-out",
      defaultValue = "5",
      paramLabel = "PCT",
      description = "Percent of games held out for accuracy and loss. Default: ${DEFAULT-VALUE}.")
  int heldOut;

  @Option(
      names = "--value-positions",
      defaultValue = "0",
      paramLabel = "K",
      description =
          "Per training game, about K positions train the value head; the policy head trains on"
              + " all. A game's positions share one outcome, so on few games the value head learns"
              + " the games, not the positions (AlphaGo's value network took 1 per game)."
              + " Default: 0 = all (AlphaGo Zero's).")
  int valuePositions;

  @Override
  public Integer call() {
    int first = 0;
    int last = 0;
    if (generations != null) {
      Matcher m = RANGE.matcher(generations.trim());
      if (!m.matches()) {
        throw UserError.of(
            "invalid --generations " + generations,
            "a window is K..L or a single generation L",
            "pass e.g. --generations 3..7");
      }
      last = Integer.parseInt(m.group(m.group(2) != null ? 2 : 1));
      first = m.group(2) != null ? Integer.parseInt(m.group(1)) : Math.max(0, last - window + 1);
    } else if (line != null) {
      throw UserError.of(
          "--line without --generations",
          "self-play training needs the window of generations",
          "pass --generations K..L");
    }
    TrainPolicyValue.Augment aug =
        Kinds.parse(augment, TrainPolicyValue.Augment.class, "--augment");
    String name =
        training.name != null
            ? training.name
            : line != null ? line + "-g" + last : positions + "-sl";
    int firstGeneration = first;
    int lastGeneration = last;
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          TrainPolicyValue.Spec what =
              new TrainPolicyValue.Spec(
                  line,
                  firstGeneration,
                  lastGeneration,
                  positions,
                  maxGames,
                  init,
                  name,
                  network.config(training.seed),
                  aug,
                  heldOut,
                  valuePositions,
                  training.plan(warehouse.spark().sparkContext().defaultParallelism()),
                  training.resume);
          TrainPolicyValue.Result result = TrainPolicyValue.run(warehouse, what, run);
          SequenceTraining.Result r = result.training();
          long examples = r.rounds().stream().mapToLong(x -> x.examples()).sum();
          return new JobRunner.Outcome(
              new RowCounts(
                  result.games() + result.heldOutGames(),
                  result.games() + result.heldOutGames(),
                  0),
              String.format(
                  Locale.ROOT,
                  "%s: %d games (%d held out), epochs %d-%d, %,d samples in %.1f s (%.1f/s);"
                      + " held-out move accuracy %.3f, policy loss %.3f, value MSE %.3f; model %s",
                  name,
                  result.games() + result.heldOutGames(),
                  result.heldOutGames(),
                  r.firstEpoch(),
                  what.plan().epochs(),
                  examples,
                  r.seconds(),
                  examples / r.seconds(),
                  r.metrics().getOrDefault("move_accuracy", Double.NaN),
                  r.metrics().getOrDefault("policy_loss", Double.NaN),
                  r.metrics().getOrDefault("value_mse", Double.NaN),
                  r.modelUri()));
        });
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.TrainPolicyValueJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new TrainPolicyValueJob(), args));
  }
}
