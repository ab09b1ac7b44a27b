package dev.dlpipe.engines.embeddings;

import java.io.Serializable;

/**
 * The change one or more workers made to one block of rows of one weight matrix, in a form that
 * adds up: per element the sum of the workers' deltas, per row the number of workers that touched
 * it. Workers emit one per touched block; they are {@link #add}ed in any order and grouping; {@link
 * #applyTo} finishes the {@link Combine} formula.
 */
public final class BlockDelta implements Serializable {
  private static final long serialVersionUID = 2L;

  private final int dim;
  private final float[] sum;
  private final int[] workers;

  private BlockDelta(int dim, float[] sum, int[] workers) {
    this.dim = dim;
    this.sum = sum;
    this.workers = workers;
  }

  /**
   * One worker's change of a block: {@code trained - start} for the rows it changed, or null when
   * it changed none.
   */
  public static BlockDelta of(float[] trained, float[] start, int dim) {
    int rows = trained.length / dim;
    float[] sum = null;
    int[] workers = null;
    for (int r = 0; r < rows; r++) {
      int o = r * dim;
      boolean changed = false;
      for (int c = 0; c < dim; c++) {
        if (trained[o + c] != start[o + c]) {
          changed = true;
          break;
        }
      }
      if (!changed) {
        continue;
      }
      if (sum == null) {
        sum = new float[trained.length];
        workers = new int[rows];
      }
      for (int c = 0; c < dim; c++) {
        sum[o + c] = trained[o + c] - start[o + c];
      }
      workers[r] = 1;
    }
    return sum == null ? null : new BlockDelta(dim, sum, workers);
  }

  /** Adds {@code other} (the same block) into this one; returns this. */
  public BlockDelta add(BlockDelta other) {
    if (other.sum.length != sum.length) {
      throw new IllegalArgumentException("different blocks");
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.sum[i];
    }
    for (int r = 0; r < workers.length; r++) {
      workers[r] += other.workers[r];
    }
    return this;
  }

  /** Rows changed by at least one worker. */
  public int touchedRows() {
    int n = 0;
    for (int w : workers) {
      n += w > 0 ? 1 : 0;
    }
    return n;
  }

  /**
   * Writes {@code start + combined change} into {@code block} (which holds {@code start}); {@code
   * workers} is the number of workers that trained in the round.
   */
  public void applyTo(float[] block, Combine mode, int workers) {
    int rows = this.workers.length;
    for (int r = 0; r < rows; r++) {
      if (this.workers[r] == 0) {
        continue;
      }
      float f =
          switch (mode) {
            case AVERAGE -> 1f / workers;
            case SUM -> 1f;
            case TOUCHED -> 1f / this.workers[r];
          };
      int o = r * dim;
      for (int c = 0; c < dim; c++) {
        block[o + c] += sum[o + c] * f;
      }
    }
  }
}
