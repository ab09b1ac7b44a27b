package dev.dlpipe.jobs;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.go.Board;
import dev.dlpipe.engines.go.GoMatch;
import dev.dlpipe.engines.go.GtpEngine;
import dev.dlpipe.engines.go.Mcts;
import dev.dlpipe.engines.go.RandomRolloutFn;
import dev.dlpipe.models.go.NetworkPolicyValueFn;
import dev.dlpipe.models.go.PolicyValueNet;
import dev.dlpipe.pipelines.ml.ModelFiles;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code go-match}: dlpipe's MCTS against GNU Go over GTP; prints each game and the win rate. */
@Command(
    name = "go-match",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "dlpipe's MCTS against GNU Go over GTP, with the win rate.",
      "",
      "Colours alternate (dlpipe is black in odd games). Area (Chinese) rules; GNU Go's final_score"
          + " decides finished games. With --model the search is led by a policy-value network (from"
          + " train-policy-value or go-init); without, by hand-made priors and playouts (or --uniform)."
          + " Needs GNU Go (apt-get install gnugo). Runs without Spark.",
      ""
    })
public final class GoMatchJob implements Callable<Integer> {
  @Option(
      names = "--vs-gnugo",
      required = true,
      paramLabel = "LEVEL",
      description = "GNU Go level, 0..10.")
  int level;

  @Option(
      names = "--games",
      defaultValue = "20",
      paramLabel = "N",
      description = "Games. Default: ${DEFAULT-VALUE}.")
  int games;

  @Option(
      names = "--playouts",
      defaultValue = "8000",
      paramLabel = "N",
      description = "MCTS simulations per move. Default: ${DEFAULT-VALUE}.")
  int playouts;

  @Option(
      names = "--rollouts",
      defaultValue = "1",
      paramLabel = "N",
      description = "Random rollouts averaged per leaf. Default: ${DEFAULT-VALUE}.")
  int rollouts;

  @Option(
      names = "--rave",
      defaultValue = "1000",
      paramLabel = "K",
      description =
          "RAVE equivalence parameter for the playout search (all-moves-as-first values weigh"
              + " sqrt(K/(3n+K)) after n visits); 0 = off; ignored with --model. Default:"
              + " ${DEFAULT-VALUE}.")
  double rave;

  @Option(
      names = "--pass-from",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "dlpipe searches passing only from move N on, unless nothing else is legal (as in"
              + " selfplay --pass-from). Default: ${DEFAULT-VALUE} (always).")
  int passFrom;

  @Option(
      names = "--cpuct",
      defaultValue = "1.0",
      paramLabel = "C",
      description = "PUCT exploration constant. Default: ${DEFAULT-VALUE}.")
  double cPuct;

  @Option(
      names = "--uniform",
      description =
          "Uniform priors and uniformly random playouts (default: hand-made priors and playouts that"
              + " answer ataris and avoid self-atari).")
  boolean uniform;

  @Option(
      names = "--board",
      defaultValue = "9",
      paramLabel = "N",
      description = "Board size. Default: ${DEFAULT-VALUE}.")
  int board;

  @Option(
      names = "--komi",
      defaultValue = "7",
      paramLabel = "K",
      description = "Komi. Default: ${DEFAULT-VALUE}.")
  double komi;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "S",
      description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--model",
      paramLabel = "URI",
      description =
          "Policy-value network (a model .zip path or URI, e.g. the uri column of dlpipe.ml.models)"
              + " instead of rollouts.")
  String model;

  @Option(
      names = "--sgf",
      paramLabel = "DIR",
      description =
          "Write each game's record to DIR/game-<n>.sgf (a local directory; created if missing).")
  java.nio.file.Path sgfDir;

  @Option(
      names = "--gnugo",
      defaultValue = "/usr/games/gnugo",
      paramLabel = "PATH",
      description = "GNU Go binary. Default: ${DEFAULT-VALUE}.")
  String gnugo;

  @Override
  public Integer call() {
    if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of(gnugo))) {
      throw dev.dlpipe.engines.UserError.of(
          "GNU Go not found at " + gnugo,
          "go-match plays against GNU Go over GTP",
          "install it (apt-get install gnugo) or pass --gnugo PATH");
    }
    ComputationGraph network = null;
    if (model != null) {
      network = ModelFiles.read(new Configuration(), model);
      int n = PolicyValueNet.boardSize(network);
      if (n != board) {
        throw UserError.of(
            "model " + model + " plays " + n + "x" + n, "--board is " + board, "pass --board " + n);
      }
    }
    ComputationGraph net = network;
    int wins = 0;
    long start = System.nanoTime();
    try (GtpEngine engine = GtpEngine.gnugo(gnugo, level, board, komi, seed)) {
      for (int i = 0; i < games; i++) {
        byte ours = i % 2 == 0 ? Board.BLACK : Board.WHITE;
        long gameSeed = seed * 1_000 + i;
        long t0 = System.nanoTime();
        GoMatch.Outcome o =
            GoMatch.play(
                board,
                komi,
                ours,
                () ->
                    new Mcts(
                        net != null
                            ? new NetworkPolicyValueFn(net, board, gameSeed, true)
                            : new RandomRolloutFn(gameSeed, rollouts, !uniform),
                        Mcts.Config.play(playouts, gameSeed)
                            .withCPuct(cPuct)
                            .withRave(net != null ? 0 : rave)
                            .withPassFrom(passFrom)),
                engine,
                3 * board * board);
        wins += o.won() ? 1 : 0;
        if (sgfDir != null) {
          writeRecord(i + 1, o);
        }
        System.out.printf(
            "game %d: dlpipe %s, %s (%d moves, %.1f s) -> %s%n",
            i + 1,
            ours == Board.BLACK ? "black" : "white",
            o.score(),
            o.moves(),
            (System.nanoTime() - t0) / 1e9,
            o.won() ? "win" : "loss");
      }
    }
    System.out.printf(
        "dlpipe MCTS (%s, %d playouts x %d rollouts, c_puct %.1f, RAVE k %s) vs GNU Go level %d,"
            + " %dx%d komi %.1f:"
            + " %d/%d wins (%.0f%%) in %.0f s%n",
        net != null ? "network " + model : uniform ? "uniform" : "heuristic priors and playouts",
        playouts,
        rollouts,
        cPuct,
        net != null || rave <= 0 ? "off" : String.format(java.util.Locale.ROOT, "%.0f", rave),
        level,
        board,
        board,
        komi,
        wins,
        games,
        100.0 * wins / games,
        (System.nanoTime() - start) / 1e9);
    return 0;
  }

  private void writeRecord(int game, GoMatch.Outcome o) {
    String us = "dlpipe MCTS";
    String them = "GNU Go level " + level;
    java.util.Map<String, String> info = new java.util.LinkedHashMap<>();
    info.put("PB", o.ours() == Board.BLACK ? us : them);
    info.put("PW", o.ours() == Board.BLACK ? them : us);
    info.put("RE", o.score());
    info.put("RU", "Chinese");
    try {
      java.nio.file.Files.createDirectories(sgfDir);
      java.nio.file.Files.writeString(
          sgfDir.resolve("game-" + game + ".sgf"), dev.dlpipe.engines.go.Sgf.write(o.game(), info));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("writing the record of game " + game, e);
    }
  }

  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new GoMatchJob(), args));
  }
}
