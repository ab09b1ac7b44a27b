package dev.dlpipe.engines.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FloatRowsTest {
  @Test
  void rowsSpreadOverBlocksOfAPowerOfTwoRows() {
    // 10 floats per block with dim 3: 3 rows fit, so blocks of 2 rows.
    FloatRows m = new FloatRows(5, 3, 10);
    assertThat(m.blockRows()).isEqualTo(2);
    assertThat(m.blockCount()).isEqualTo(3);
    assertThat(m.rowsInBlock(2)).isEqualTo(1);
    for (int r = 0; r < 5; r++) {
      for (int c = 0; c < 3; c++) {
        m.set(r, c, r * 10 + c);
      }
    }
    assertThat(m.block(3)).isSameAs(m.blockArray(1));
    assertThat(m.offset(3)).isEqualTo(3);
    assertThat(m.blockArray(2)).containsExactly(40, 41, 42);
    FloatRows copy = m.copy();
    m.set(4, 2, -1);
    assertThat(copy.get(4, 2)).isEqualTo(42);
  }

  @Test
  void aMatrixLargerThanOneArrayNeedsNoSingleLargeArray() {
    // 3e9 floats would not fit one Java array; the layout only needs blocks of 2^22 floats.
    long rows = 10_000_000L;
    int dim = 300;
    int perBlock = Integer.highestOneBit(FloatRows.DEFAULT_BLOCK_FLOATS / dim);
    long blocks = (rows + perBlock - 1) / perBlock;
    assertThat(rows * dim).isGreaterThan(Integer.MAX_VALUE);
    assertThat((long) perBlock * dim).isLessThanOrEqualTo(FloatRows.DEFAULT_BLOCK_FLOATS);
    assertThat(blocks).isLessThan(Integer.MAX_VALUE);
  }
}
