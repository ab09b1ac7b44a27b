package dev.dlpipe.engines.go;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@link PolicyValueFn} without a network: uniform priors, and as value the outcome (+1 win, -1
 * loss, 0 draw, for the player to move) of one uniformly random playout scored by Tromp-Taylor area
 * with komi. Lets MCTS play, and be tested, before any network exists.
 */
public final class RandomRolloutFn implements PolicyValueFn, PlayoutTrace {
  private final SplittableRandom rng;
  private final int rollouts;
  private final boolean heuristic;
  private byte[][] first = new byte[0][];

  /** One rollout per position. */
  public RandomRolloutFn(long seed) {
    this(seed, 1);
  }

  /** The mean outcome of {@code rollouts} playouts per position (less noise per leaf). */
  public RandomRolloutFn(long seed, int rollouts) {
    this(seed, rollouts, false);
  }

  /**
   * As {@link #RandomRolloutFn(long, int)}, with heuristic playouts ({@link Board#heuristicMove}).
   */
  public RandomRolloutFn(long seed, int rollouts, boolean heuristic) {
    this.rng = new SplittableRandom(seed);
    this.rollouts = rollouts;
    this.heuristic = heuristic;
  }

  @Override
  public void evaluate(List<Game> positions, float[][] priors, float[] values) {
    if (first.length < positions.size()) {
      first = new byte[positions.size()][];
    }
    for (int i = 0; i < positions.size(); i++) {
      Game g = positions.get(i);
      if (heuristic) {
        heuristicPriors(g, priors[i]);
      } else {
        Arrays.fill(priors[i], 1f);
      }
      Playout playout = new Playout(g.board().size(), heuristic);
      double sum = 0;
      int area = g.board().size() * g.board().size();
      if (first[i] == null || first[i].length != area) {
        first[i] = new byte[area];
      }
      Arrays.fill(first[i], Board.EMPTY);
      for (int r = 0; r < rollouts; r++) {
        Board b = new Board(g.board());
        // The first rollout's moves stand for all of them in RAVE statistics.
        sum += Math.signum(playout.run(b, g.toMove(), rng, r == 0 ? first[i] : null) - g.komi());
      }
      double forBlack = sum / rollouts;
      values[i] = (float) (g.toMove() == Board.BLACK ? forBlack : -forBlack);
    }
  }

  @Override
  public byte[] firstPlayed(int i) {
    return first[i];
  }

  /**
   * Hand-made priors in place of a network's (progressive bias): captures and atari escapes are
   * favoured, self-atari, own-eye filling, the first line early and passing are not.
   */
  static void heuristicPriors(Game g, float[] prior) {
    Board b = g.board();
    int n = b.size();
    byte c = g.toMove();
    int stones = 0;
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        stones += b.color(b.point(x, y)) == Board.EMPTY ? 0 : 1;
      }
    }
    boolean opening = stones < n * n / 4;
    int[] offsets = b.neighbourOffsets();
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        int p = b.point(x, y);
        float w = 1f;
        if (b.color(p) == Board.EMPTY) {
          int line = Math.min(Math.min(x, y), Math.min(n - 1 - x, n - 1 - y));
          if (opening && line == 0) {
            w *= 0.2f;
          } else if (opening && line == 1) {
            w *= 0.6f;
          }
          for (int d : offsets) {
            int q = p + d;
            byte qc = b.color(q);
            if ((qc == Board.BLACK || qc == Board.WHITE) && b.isInAtari(q)) {
              w *= qc == c ? 6f : 8f; // save our chain / capture theirs
            }
          }
          if (b.isEyeOf(p, c)) {
            w *= 0.01f;
          } else if (b.isSelfAtari(p, c)) {
            w *= 0.05f;
          }
        }
        prior[y * n + x] = w;
      }
    }
    prior[n * n] = 0.1f;
  }
}
