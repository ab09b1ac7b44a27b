package dev.dlpipe.engines.embeddings;

import java.io.Serializable;

/**
 * The change one or more workers made to one block of rows of one weight matrix, in a form that
 * adds up: per changed row, the sum of the workers' deltas and the number of workers that changed
 * it. Workers emit one per touched block; they are {@link #add}ed in any order and grouping; {@link
 * #applyTo} finishes the {@link Combine} formula.
 *
 * <p>Only changed rows are held (sorted row indices, their deltas packed): a worker that trains on
 * a small share of the corpus changes few of the rare words' rows, and those rows are most of a
 * vocabulary, so the bytes sent per round fall as partitions grow instead of staying one block per
 * worker.
 */
public final class BlockDelta implements Serializable {
  private static final long serialVersionUID = 3L;

  private final int dim;

  /** Rows of the block, to check that added deltas are of the same block. */
  private final int blockRows;

  /** Changed rows, ascending. */
  private int[] rows;

  /** Their summed deltas, {@code dim} per row, in the order of {@link #rows}. */
  private float[] sum;

  /** Per changed row, the workers that changed it. */
  private int[] workers;

  private BlockDelta(int dim, int blockRows, int[] rows, float[] sum, int[] workers) {
    this.dim = dim;
    this.blockRows = blockRows;
    this.rows = rows;
    this.sum = sum;
    this.workers = workers;
  }

  /**
   * One worker's change of a block: {@code trained - start} for the rows it changed, or null when
   * it changed none.
   */
  public static BlockDelta of(float[] trained, float[] start, int dim) {
    int blockRows = trained.length / dim;
    int changed = 0;
    int[] rows = new int[blockRows];
    for (int r = 0; r < blockRows; r++) {
      int o = r * dim;
      for (int c = 0; c < dim; c++) {
        if (trained[o + c] != start[o + c]) {
          rows[changed++] = r;
          break;
        }
      }
    }
    if (changed == 0) {
      return null;
    }
    rows = java.util.Arrays.copyOf(rows, changed);
    float[] sum = new float[changed * dim];
    int[] workers = new int[changed];
    for (int i = 0; i < changed; i++) {
      int o = rows[i] * dim;
      int d = i * dim;
      for (int c = 0; c < dim; c++) {
        sum[d + c] = trained[o + c] - start[o + c];
      }
      workers[i] = 1;
    }
    return new BlockDelta(dim, blockRows, rows, sum, workers);
  }

  /** Adds {@code other} (the same block) into this one; returns this. */
  public BlockDelta add(BlockDelta other) {
    if (other.blockRows != blockRows || other.dim != dim) {
      throw new IllegalArgumentException("different blocks");
    }
    int a = rows.length;
    int b = other.rows.length;
    int[] r = new int[a + b];
    float[] s = new float[(a + b) * dim];
    int[] w = new int[a + b];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a || j < b) {
      int ri = i < a ? rows[i] : Integer.MAX_VALUE;
      int rj = j < b ? other.rows[j] : Integer.MAX_VALUE;
      int row = Math.min(ri, rj);
      r[n] = row;
      if (ri == row) {
        System.arraycopy(sum, i * dim, s, n * dim, dim);
        w[n] += workers[i];
        i++;
      }
      if (rj == row) {
        int d = n * dim;
        int o = j * dim;
        for (int c = 0; c < dim; c++) {
          s[d + c] += other.sum[o + c];
        }
        w[n] += other.workers[j];
        j++;
      }
      n++;
    }
    rows = n == r.length ? r : java.util.Arrays.copyOf(r, n);
    sum = n == r.length ? s : java.util.Arrays.copyOf(s, n * dim);
    workers = n == r.length ? w : java.util.Arrays.copyOf(w, n);
    return this;
  }

  /** Rows changed by at least one worker. */
  public int touchedRows() {
    return rows.length;
  }

  /**
   * Writes {@code start + combined change} into {@code block} (which holds {@code start}); {@code
   * workers} is the number of workers that trained in the round.
   */
  public void applyTo(float[] block, Combine mode, int workers) {
    for (int i = 0; i < rows.length; i++) {
      float f =
          switch (mode) {
            case AVERAGE -> 1f / workers;
            case SUM -> 1f;
            case TOUCHED -> 1f / this.workers[i];
          };
      int o = rows[i] * dim;
      int d = i * dim;
      for (int c = 0; c < dim; c++) {
        block[o + c] += sum[d + c] * f;
      }
    }
  }
}
