package dev.dlpipe.engines.go;

import java.util.List;

/**
 * What MCTS asks of a network: for each position, move priors and a value. Positions come in
 * batches so that a network on a GPU (or ND4J on CPU) sees batches, not single boards.
 */
public interface PolicyValueFn {
  /**
   * Evaluates {@code positions}.
   *
   * @param positions games whose current position is to be evaluated (not modified)
   * @param priors out: per position, N*N+1 non-negative weights (row-major points, then pass);
   *     illegal moves are masked by the caller, so they need not be zero
   * @param values out: per position, the expected outcome in [-1, 1] for the player to move
   */
  void evaluate(List<Game> positions, float[][] priors, float[] values);
}
