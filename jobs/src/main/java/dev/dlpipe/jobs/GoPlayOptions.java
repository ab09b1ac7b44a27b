package dev.dlpipe.jobs;

import dev.dlpipe.engines.UserError;
import picocli.CommandLine.Option;

/**
 * Options of the jobs that play games with MCTS (selfplay, gate): a picocli mixin. Each job
 * declares its own {@code --resign-threshold}: their defaults differ.
 */
public final class GoPlayOptions {
  @Option(
      names = "--line",
      defaultValue = "go9",
      paramLabel = "NAME",
      description =
          "Training line: a sequence of generations with its own best network. Default:"
              + " ${DEFAULT-VALUE}.")
  String line;

  @Option(
      names = "--generation",
      defaultValue = "0",
      paramLabel = "G",
      description = "Generation (from 0). Default: ${DEFAULT-VALUE}.")
  int generation;

  @Option(
      names = "--playouts",
      defaultValue = "200",
      paramLabel = "N",
      description = "MCTS simulations per move. Default: ${DEFAULT-VALUE}.")
  int playouts;

  @Option(
      names = "--board",
      defaultValue = "9",
      paramLabel = "N",
      description = "Board size, 9 or 19; the network's. Default: ${DEFAULT-VALUE}.")
  int board;

  @Option(
      names = "--komi",
      defaultValue = "7.5",
      paramLabel = "K",
      description = "Komi (Tromp-Taylor area scoring). Default: ${DEFAULT-VALUE}.")
  double komi;

  @Option(
      names = "--batch",
      defaultValue = "8",
      paramLabel = "N",
      description = "MCTS leaves evaluated per network call. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(
      names = "--cpuct",
      defaultValue = "1.5",
      paramLabel = "C",
      description = "PUCT exploration constant. Default: ${DEFAULT-VALUE}.")
  double cPuct;

  @Option(
      names = "--max-moves",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Move cap (the game is then scored as it stands); 0 = 2 x board points. Default:"
              + " ${DEFAULT-VALUE}.")
  int maxMoves;

  @Option(
      names = "--pass-from",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Search passing only from move N on, unless nothing else is legal. New networks on 9x9"
              + " end games by passing in the opening and the komi decides them; e.g. 40 keeps"
              + " them playing. Default: ${DEFAULT-VALUE} (always, AlphaGo Zero's).")
  int passFrom;

  @Option(
      names = "--seed",
      defaultValue = "0",
      paramLabel = "S",
      description = "Extra seed folded into every game's. Default: ${DEFAULT-VALUE}.")
  long seed;

  /** Whether a {@code --resign-threshold} value is {@code auto}. */
  static boolean autoResign(String resignThreshold) {
    return "auto".equals(resignThreshold);
  }

  /** A fixed {@code --resign-threshold} (-1 with {@code auto}: the pipeline chooses). */
  static double fixedResignThreshold(String resignThreshold) {
    if (autoResign(resignThreshold)) {
      return -1;
    }
    double v;
    try {
      v = Double.parseDouble(resignThreshold);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!(v >= -1 && v <= 1)) {
      throw UserError.of(
          "invalid --resign-threshold " + resignThreshold,
          "it is a value in [-1, 1] (-1: never resign) or auto",
          "pass e.g. --resign-threshold -0.9, or auto");
    }
    return v;
  }
}
