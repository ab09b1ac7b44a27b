package dev.dlpipe.jobs;

import dev.dlpipe.engines.go.SelfPlay;
import dev.dlpipe.pipelines.go.SelfPlayGames;
import dev.dlpipe.pipelines.ops.RowCounts;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code selfplay}: one generation of self-play games into dlpipe.go.selfplay and SGF files. */
@Command(
    name = "selfplay",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Self-play Go games with MCTS and a policy-value network.",
      "",
      "Games are spread over the executors (the network broadcast once); game i is seeded by (model,"
          + " line, generation, i, --seed), so a retried task or a rerun plays the same games. One row"
          + " per game in dlpipe.go.selfplay (moves, visit counts per move, result, resignation) and"
          + " an SGF file per game; the run replaces the (line, generation). A share of games is"
          + " played out without resigning to measure resignation false positives.",
      ""
    })
public final class SelfPlayJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin GoPlayOptions play;

  @Spec CommandSpec spec;

  @Option(
      names = "--resign-threshold",
      defaultValue = "auto",
      paramLabel = "V|auto",
      description =
          "Resign when the best move's value is below V (-1: never). auto: AlphaGo Zero's, the"
              + " highest threshold (at most -0.8, a 10%% chance to win) that would have resigned"
              + " wrongly in at most 5%% of the line's played-out games (--resign-check games) of"
              + " earlier generations; never until there are 20 of them, and then every game is"
              + " played out. Default: ${DEFAULT-VALUE}.")
  String resignThreshold;

  @Option(
      names = "--model",
      defaultValue = "best",
      paramLabel = "REF",
      description =
          "Network: best (the line's best as of --generation), a dlpipe.ml.models name[/run id],"
              + " or a model .zip URI. Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--games", required = true, paramLabel = "N", description = "Games to play.")
  int games;

  @Option(
      names = "--resign-check",
      defaultValue = "0.1",
      paramLabel = "SHARE",
      description =
          "Share of games played out without resigning, to measure false positives. Default:"
              + " ${DEFAULT-VALUE}.")
  double resignCheck;

  @Option(
      names = "--temperature-moves",
      defaultValue = "-1",
      paramLabel = "N",
      description =
          "Opening moves sampled in proportion to visit counts; -1 = 30 on 19x19, N on NxN. Default:"
              + " ${DEFAULT-VALUE}.")
  int temperatureMoves;

  @Option(
      names = "--noise",
      defaultValue = "0.25",
      paramLabel = "EPS",
      description = "Share of Dirichlet noise in the root priors. Default: ${DEFAULT-VALUE}.")
  double noise;

  @Option(
      names = "--sgf",
      paramLabel = "DIR",
      description =
          "Root folder of the SGF files (<DIR>/<line>/gen-NNNN/game-NNNNN.sgf). Default:"
              + " <warehouse>/go/sgf.")
  String sgf;

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
            noise,
            temperatureMoves >= 0 ? temperatureMoves : defaults.temperatureMoves(),
            GoPlayOptions.fixedResignThreshold(resignThreshold),
            resignCheck,
            play.maxMoves > 0 ? play.maxMoves : defaults.maxMoves(),
            play.passFrom);
    SelfPlayGames.Spec what =
        new SelfPlayGames.Spec(
            play.line,
            play.generation,
            model,
            games,
            settings,
            GoPlayOptions.autoResign(resignThreshold),
            play.seed,
            sgf);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          SelfPlayGames.Result r = SelfPlayGames.run(warehouse, what, run);
          return new JobRunner.Outcome(
              new RowCounts(games, r.games(), 0),
              String.format(
                  Locale.ROOT,
                  "%s gen %d: %d games, %d positions in %.1f s (%.1f games/h, %.1f positions/s);"
                      + " search %.1f%% of game time, network %.1f%%; %d resigned, %d/%d check games"
                      + " would have resigned wrongly; %s; model %s",
                  play.line,
                  play.generation,
                  r.games(),
                  r.positions(),
                  r.wallSeconds(),
                  r.gamesPerHour(),
                  r.positionsPerSecond(),
                  100 * r.searchShare(),
                  100 * (1 - r.searchShare()),
                  r.resigned(),
                  r.falsePositives(),
                  r.checkGames(),
                  r.resign().reason(),
                  r.model()));
        });
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.SelfPlayJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new SelfPlayJob(), args));
  }
}
