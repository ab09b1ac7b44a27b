package dev.dlpipe.jobs;

import dev.dlpipe.engines.go.SelfPlay;
import dev.dlpipe.pipelines.go.GateNetworks;
import dev.dlpipe.pipelines.ops.RowCounts;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gate}: candidate network against the best; promote above a win-rate threshold. */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Play a candidate Go network against the best; promote a winner.",
      "",
      "Games are spread over the executors, colours alternated (the candidate is black in even"
          + " games), no root noise. The candidate becomes the line's best for later generations when"
          + " its win rate exceeds --threshold (AlphaGo Zero: 55%%). One row in dlpipe.go.evaluations;"
          + " a rerun of the (line, generation) replaces it.",
      ""
    })
public final class GateJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin GoPlayOptions play;

  @Spec CommandSpec spec;

  @Option(
      names = "--resign-threshold",
      defaultValue = "-1",
      paramLabel = "V|auto",
      description =
          "Resign when a network's best move's value is below V. -1: never, every game is scored"
              + " at its end, so a candidate whose value head is not calibrated yet cannot throw"
              + " games away; auto: the threshold selfplay would use after this generation (at"
              + " most -0.8). Default: ${DEFAULT-VALUE}.")
  String resignThreshold;

  @Option(
      names = "--candidate",
      required = true,
      paramLabel = "REF",
      description = "Candidate network: a dlpipe.ml.models name[/run id] or a model .zip URI.")
  String candidate;

  @Option(
      names = "--best",
      defaultValue = "best",
      paramLabel = "REF",
      description =
          "Network to beat: best (the line's best before --generation), a name or a URI. Default:"
              + " ${DEFAULT-VALUE}.")
  String best;

  @Option(
      names = "--games",
      defaultValue = "40",
      paramLabel = "N",
      description = "Games (AlphaGo Zero: 400). Default: ${DEFAULT-VALUE}.")
  int games;

  @Option(
      names = "--threshold",
      defaultValue = "0.55",
      paramLabel = "RATE",
      description = "Win rate the candidate must exceed. Default: ${DEFAULT-VALUE}.")
  double threshold;

  @Option(
      names = "--sampled-moves",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Opening moves sampled in proportion to visits (AlphaGo Zero: 0; games still differ by"
              + " the random board symmetry of each evaluation). Default: ${DEFAULT-VALUE}.")
  int sampledMoves;

  @Override
  public Integer call() {
    SelfPlay.Settings defaults = SelfPlay.Settings.selfPlay(play.board, play.playouts);
    SelfPlay.Settings settings =
        new SelfPlay.Settings(
            play.board,
            play.komi,
            play.playouts,
            play.batch,
            play.cPuct,
            defaults.dirichletAlpha(),
            0,
            sampledMoves,
            GoPlayOptions.fixedResignThreshold(resignThreshold),
            0,
            play.maxMoves > 0 ? play.maxMoves : defaults.maxMoves(),
            play.passFrom);
    GateNetworks.Spec what =
        new GateNetworks.Spec(
            play.line,
            play.generation,
            candidate,
            best,
            games,
            settings,
            GoPlayOptions.autoResign(resignThreshold),
            threshold,
            play.seed);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          GateNetworks.Result r = GateNetworks.run(warehouse, what, run);
          return new JobRunner.Outcome(
              new RowCounts(games, games, 0),
              String.format(
                  Locale.ROOT,
                  "%s gen %d: candidate won %d, drew %d of %d (win rate %.3f, threshold %.2f) in"
                      + " %.1f s: %s; %s; candidate %s, best %s",
                  play.line,
                  play.generation,
                  r.candidateWins(),
                  r.draws(),
                  r.games(),
                  r.winRate(),
                  threshold,
                  r.seconds(),
                  r.promoted() ? "PROMOTED" : "not promoted",
                  r.resign().reason(),
                  r.candidate(),
                  r.best()));
        });
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.GateJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new GateJob(), args));
  }
}
