package dev.dlpipe.engines.embeddings;

import java.io.Serializable;

/**
 * The change one or more workers made to one block of rows of one weight matrix, in a form that
 * adds up: per element the (weighted) sum of the workers' deltas, per row the sum of weights and
 * the number of workers that touched it. Workers emit one per touched block; they are {@link
 * #add}ed in any order and grouping; {@link #applyTo} finishes the {@link Combine} formula.
 */
public final class BlockDelta implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int dim;
  private final float[] sum;
  private final double[] weight;
  private final int[] workers;

  private BlockDelta(int dim, float[] sum, double[] weight, int[] workers) {
    this.dim = dim;
    this.sum = sum;
    this.weight = weight;
    this.workers = workers;
  }

  /**
   * One worker's change of a block: {@code trained - start} for the rows it touched, or null when
   * it touched none.
   *
   * @param counts updates per row of the whole matrix (rows with changed values count as touched
   *     even if a racing increment was lost), or null to compare values only
   * @param firstRow the block's first row in the matrix
   */
  public static BlockDelta of(
      float[] trained, float[] start, int dim, int[] counts, long firstRow, Combine mode) {
    int rows = trained.length / dim;
    float[] sum = null;
    double[] weight = null;
    int[] workers = null;
    for (int r = 0; r < rows; r++) {
      int o = r * dim;
      int n = counts == null ? 0 : counts[(int) (firstRow + r)];
      boolean changed = n > 0;
      if (!changed) {
        for (int c = 0; c < dim; c++) {
          if (trained[o + c] != start[o + c]) {
            changed = true;
            break;
          }
        }
      }
      if (!changed) {
        continue;
      }
      if (sum == null) {
        sum = new float[trained.length];
        weight = new double[rows];
        workers = new int[rows];
      }
      double w = Math.max(1, n);
      float scale = mode == Combine.WEIGHTED ? (float) w : 1f;
      for (int c = 0; c < dim; c++) {
        sum[o + c] = (trained[o + c] - start[o + c]) * scale;
      }
      weight[r] = w;
      workers[r] = 1;
    }
    return sum == null ? null : new BlockDelta(dim, sum, weight, workers);
  }

  /** Adds {@code other} (the same block) into this one; returns this. */
  public BlockDelta add(BlockDelta other) {
    if (other.sum.length != sum.length) {
      throw new IllegalArgumentException("different blocks");
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.sum[i];
    }
    for (int r = 0; r < weight.length; r++) {
      weight[r] += other.weight[r];
      workers[r] += other.workers[r];
    }
    return this;
  }

  /** Rows touched by at least one worker. */
  public int touchedRows() {
    int n = 0;
    for (int w : workers) {
      n += w > 0 ? 1 : 0;
    }
    return n;
  }

  /** Writes {@code start + combined change} into {@code block} (which holds {@code start}). */
  public void applyTo(float[] block, Combine mode) {
    applyTo(block, mode, 0);
  }

  /**
   * Writes {@code start + combined change} into {@code block} (which holds {@code start}); {@code
   * alpha} is the round's learning rate ({@link Combine#ADAPTIVE} only).
   */
  public void applyTo(float[] block, Combine mode, double alpha) {
    int rows = weight.length;
    for (int r = 0; r < rows; r++) {
      if (workers[r] == 0) {
        continue;
      }
      float f =
          switch (mode) {
            case SUM -> 1f;
            case WEIGHTED -> (float) (1.0 / weight[r]);
            case AVERAGE -> 1f / workers[r];
            case ADAPTIVE -> (float) (1.0 / Math.max(1.0, Math.min(workers[r], weight[r] * alpha)));
          };
      int o = r * dim;
      for (int c = 0; c < dim; c++) {
        block[o + c] += sum[o + c] * f;
      }
    }
  }
}
