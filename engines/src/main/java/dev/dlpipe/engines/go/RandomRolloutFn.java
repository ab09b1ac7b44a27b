package dev.dlpipe.engines.go;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@link PolicyValueFn} without a network: uniform priors, and as value the outcome (+1 win, -1
 * loss, 0 draw, for the player to move) of one uniformly random playout scored by Tromp-Taylor area
 * with komi. Lets MCTS play, and be tested, before any network exists.
 */
public final class RandomRolloutFn implements PolicyValueFn {
  private final SplittableRandom rng;
  private final int rollouts;

  /** One rollout per position. */
  public RandomRolloutFn(long seed) {
    this(seed, 1);
  }

  /** The mean outcome of {@code rollouts} playouts per position (less noise per leaf). */
  public RandomRolloutFn(long seed, int rollouts) {
    this.rng = new SplittableRandom(seed);
    this.rollouts = rollouts;
  }

  @Override
  public void evaluate(List<Game> positions, float[][] priors, float[] values) {
    for (int i = 0; i < positions.size(); i++) {
      Game g = positions.get(i);
      Arrays.fill(priors[i], 1f);
      Playout playout = new Playout(g.board().size());
      double sum = 0;
      for (int r = 0; r < rollouts; r++) {
        Board b = new Board(g.board());
        sum += Math.signum(playout.run(b, g.toMove(), rng) - g.komi());
      }
      double forBlack = sum / rollouts;
      values[i] = (float) (g.toMove() == Board.BLACK ? forBlack : -forBlack);
    }
  }
}
