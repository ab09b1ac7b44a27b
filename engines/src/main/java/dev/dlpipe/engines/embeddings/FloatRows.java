package dev.dlpipe.engines.embeddings;

import java.io.Serializable;

/**
 * A rows × dim matrix of floats kept as blocks of whole rows, so that no single Java array has to
 * hold rows × dim elements (a vocabulary of 10M words × 300 dimensions is 3·10⁹ floats, above the
 * 2³¹ limit of one array). A block holds {@code blockRows()} rows (a power of two) in row-major
 * order; row {@code r} starts at {@code offset(r)} in {@code block(r)}. Hot loops fetch the block
 * and offset once per row and then run over a plain {@code float[]}.
 */
public final class FloatRows implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Default target size of a block in floats (16 MiB). */
  public static final int DEFAULT_BLOCK_FLOATS = 1 << 22;

  private final long rows;
  private final int dim;
  private final int shift;
  private final int mask;
  private final float[][] blocks;

  /** A zero matrix with blocks of about {@link #DEFAULT_BLOCK_FLOATS} floats. */
  public FloatRows(long rows, int dim) {
    this(rows, dim, DEFAULT_BLOCK_FLOATS);
  }

  /**
   * A zero matrix whose blocks hold the largest power of two of rows that fits {@code blockFloats}
   * floats (at least one row).
   */
  public FloatRows(long rows, int dim, int blockFloats) {
    if (rows < 0 || dim < 1) {
      throw new IllegalArgumentException("rows " + rows + ", dim " + dim);
    }
    int perBlock = Math.max(1, blockFloats / dim);
    int s = 31 - Integer.numberOfLeadingZeros(perBlock);
    this.rows = rows;
    this.dim = dim;
    this.shift = s;
    this.mask = (1 << s) - 1;
    long count = (rows + mask) >>> s;
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many blocks: " + count);
    }
    blocks = new float[(int) count][];
    for (int b = 0; b < count; b++) {
      blocks[b] = new float[Math.toIntExact(rowsInBlock(b) * dim)];
    }
  }

  private FloatRows(long rows, int dim, int shift, float[][] blocks) {
    this.rows = rows;
    this.dim = dim;
    this.shift = shift;
    this.mask = (1 << shift) - 1;
    this.blocks = blocks;
  }

  /** Number of rows. */
  public long rows() {
    return rows;
  }

  /** Floats per row. */
  public int dim() {
    return dim;
  }

  /** Rows per block (the last block may hold fewer). */
  public int blockRows() {
    return 1 << shift;
  }

  /** Number of blocks. */
  public int blockCount() {
    return blocks.length;
  }

  /** Rows held by block {@code b}. */
  public long rowsInBlock(int b) {
    long first = (long) b << shift;
    return Math.min(rows - first, 1L << shift);
  }

  /** Block {@code b}, row-major, {@code rowsInBlock(b) * dim} floats (shared, not copied). */
  public float[] blockArray(int b) {
    return blocks[b];
  }

  /** The block that holds row {@code r}. */
  public float[] block(long r) {
    return blocks[(int) (r >>> shift)];
  }

  /** Where row {@code r} starts in {@link #block(long)}. */
  public int offset(long r) {
    return ((int) r & mask) * dim;
  }

  /** Element {@code (r, c)}. */
  public float get(long r, int c) {
    return block(r)[offset(r) + c];
  }

  /** Sets element {@code (r, c)}. */
  public void set(long r, int c, float v) {
    block(r)[offset(r) + c] = v;
  }

  /** Copies row {@code r} into {@code out[0..dim)}. */
  public void copyRow(long r, float[] out) {
    System.arraycopy(block(r), offset(r), out, 0, dim);
  }

  /** Overwrites row {@code r} with {@code in[0..dim)}. */
  public void setRow(long r, float[] in) {
    System.arraycopy(in, 0, block(r), offset(r), dim);
  }

  /** A deep copy with the same block layout. */
  public FloatRows copy() {
    float[][] b = new float[blocks.length][];
    for (int i = 0; i < b.length; i++) {
      b[i] = blocks[i].clone();
    }
    return new FloatRows(rows, dim, shift, b);
  }

  /** Copies every element of {@code other} (same shape and layout) into this matrix. */
  public void copyFrom(FloatRows other) {
    if (other.rows != rows || other.dim != dim || other.shift != shift) {
      throw new IllegalArgumentException("shape or layout differs");
    }
    for (int i = 0; i < blocks.length; i++) {
      System.arraycopy(other.blocks[i], 0, blocks[i], 0, blocks[i].length);
    }
  }

  /** A matrix of the same shape and layout made of the given blocks (not copied). */
  public FloatRows withBlocks(float[][] newBlocks) {
    if (newBlocks.length != blocks.length) {
      throw new IllegalArgumentException("expected " + blocks.length + " blocks");
    }
    for (int i = 0; i < blocks.length; i++) {
      if (newBlocks[i].length != blocks[i].length) {
        throw new IllegalArgumentException("block " + i + " has the wrong size");
      }
    }
    return new FloatRows(rows, dim, shift, newBlocks);
  }
}
