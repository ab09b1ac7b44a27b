package dev.dlpipe.engines.go;

import java.util.List;
import java.util.Locale;

/**
 * AlphaGo Zero's automatic resignation threshold (Silver et al. 2017, "Self-play"): "v_resign is
 * selected automatically to keep the fraction of false positives below 5%", measured on games that
 * were played out to the end with resignation disabled.
 *
 * <p>In a played-out game, a threshold {@code t} would have ended the game at the first move whose
 * searched value is below {@code t}, by the resignation of the player to move; that is a false
 * positive unless the player went on to lose (a draw counts as one). The threshold chosen is the
 * highest on a grid of hundredths from -1 up to {@value #CEILING} such that it, and every grid step
 * below it, keeps the share of false positives at or under the target; -1 (never resign) when no
 * step does, or when there are too few games to tell.
 *
 * <p>The ceiling is Leela Zero's default resignation point, a 10% chance to win. Without it, the
 * games of an untrained network (values near 0 until the search sees the end of the game) chose
 * "resign below 0.00" from 24 games: on so little evidence nobody should resign at even odds.
 */
public final class ResignThreshold {
  /** Thresholds tried: multiples of 1 / {@value #GRID} from -1 to {@link #CEILING}. */
  public static final int GRID = 100;

  /** The highest threshold ever chosen: value -0.8, a 10% chance to win. */
  public static final double CEILING = -0.8;

  /**
   * A game played out without resigning.
   *
   * @param values per move, the searched value of the best move for the player to move (black plays
   *     the even-indexed moves)
   * @param winner {@link Board#BLACK}, {@link Board#WHITE}, or {@link Board#EMPTY} for a draw
   */
  public record PlayedOut(float[] values, byte winner) {}

  /**
   * The chosen threshold and how it was chosen.
   *
   * @param threshold resign below this value; -1 never
   * @param games played-out games it was measured on
   * @param falsePositives of those, games the threshold would have resigned wrongly
   * @param reason one line for logs and summaries
   */
  public record Choice(double threshold, int games, int falsePositives, String reason) {
    public boolean resigns() {
      return threshold > -1;
    }

    /** A threshold given by the user, not measured. */
    public static Choice fixed(double threshold) {
      return new Choice(
          threshold,
          0,
          0,
          threshold > -1
              ? String.format(Locale.ROOT, "resign below %.2f (given)", threshold)
              : "never resign (given)");
    }
  }

  private ResignThreshold() {}

  /**
   * Chooses the threshold from {@code games}; needs at least {@code minGames} of them (else -1).
   *
   * @param maxFalsePositiveShare target share of false positives, e.g. 0.05
   */
  public static Choice choose(List<PlayedOut> games, double maxFalsePositiveShare, int minGames) {
    if (games.size() < minGames) {
      return new Choice(
          -1,
          games.size(),
          0,
          String.format(
              Locale.ROOT,
              "never resign: %d played-out games, at least %d are needed to measure false"
                  + " positives",
              games.size(),
              minGames));
    }
    // Upwards from -0.99 to the ceiling, stopping at the first step over the target: false
    // positives need not grow with the threshold (a higher one can make the loser resign first),
    // and stopping keeps every lower step within the target too.
    double chosen = -1;
    int chosenFp = 0;
    int top = (int) Math.round(-CEILING * GRID);
    for (int k = GRID - 1; k >= top; k--) {
      // -k / GRID, not -1 + step * i: the nearest double to each grid value, no rounding dust.
      double t = -k / (double) GRID;
      int fp = falsePositives(games, t);
      if (fp > maxFalsePositiveShare * games.size()) {
        break;
      }
      chosen = t;
      chosenFp = fp;
    }
    String reason =
        chosen > -1
            ? String.format(
                Locale.ROOT,
                "resign below %.2f: %d of %d played-out games would have resigned wrongly (%.1f%%,"
                    + " target %.1f%%)",
                chosen,
                chosenFp,
                games.size(),
                100.0 * chosenFp / games.size(),
                100 * maxFalsePositiveShare)
            : String.format(
                Locale.ROOT,
                "never resign: already at %.2f more than %.1f%% of %d played-out games would have"
                    + " resigned wrongly",
                -1 + 1.0 / GRID,
                100 * maxFalsePositiveShare,
                games.size());
    return new Choice(chosen, games.size(), chosenFp, reason);
  }

  /** Games in which resigning below {@code threshold} would have thrown away a win or a draw. */
  public static int falsePositives(List<PlayedOut> games, double threshold) {
    int fp = 0;
    for (PlayedOut g : games) {
      if (falsePositive(g.values(), g.winner(), threshold)) {
        fp++;
      }
    }
    return fp;
  }

  /** Whether the first player whose value falls below {@code threshold} did not lose the game. */
  public static boolean falsePositive(float[] values, byte winner, double threshold) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] < threshold) {
        byte resigner = i % 2 == 0 ? Board.BLACK : Board.WHITE;
        return winner != Board.opponent(resigner);
      }
    }
    return false;
  }
}
