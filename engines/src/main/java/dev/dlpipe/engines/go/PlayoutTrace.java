package dev.dlpipe.engines.go;

/**
 * A {@link PolicyValueFn} whose values come from playouts and that reports which side played each
 * point first in them: what {@link Mcts}'s RAVE (all-moves-as-first) statistics need.
 */
public interface PlayoutTrace {
  /**
   * For position {@code i} of the last {@link PolicyValueFn#evaluate} batch: per point (row-major
   * N*N) the colour that played there first in its playout ({@link Board#EMPTY} for none). The
   * array belongs to the evaluator and is overwritten by its next batch.
   */
  byte[] firstPlayed(int i);
}
