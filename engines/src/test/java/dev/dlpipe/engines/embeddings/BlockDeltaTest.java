package dev.dlpipe.engines.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockDeltaTest {
  // Three rows of dim 2; worker A changed rows 0 and 1, worker B rows 0 and 2.
  private static final float[] START = {1, 1, 2, 2, 3, 3};
  private static final float[] A = {2, 1, 2, 4, 3, 3};
  private static final float[] B = {1, 3, 2, 2, 3, 2};

  private static float[] combine(Combine mode) {
    BlockDelta d = BlockDelta.of(A, START, 2).add(BlockDelta.of(B, START, 2));
    assertThat(d.touchedRows()).isEqualTo(3);
    float[] out = START.clone();
    d.applyTo(out, mode, 2);
    return out;
  }

  @Test
  void averageDividesEveryRowByAllWorkers() {
    // Row 0: ((+1,0) + (0,+2)) / 2; rows 1 and 2: one worker's change / 2.
    assertThat(combine(Combine.AVERAGE)).containsExactly(1.5f, 2, 2, 3, 3, 2.5f);
    assertThat(Combine.AVERAGE.rateScale(4)).isEqualTo(4);
  }

  @Test
  void sumKeepsEveryWorkersChange() {
    assertThat(combine(Combine.SUM)).containsExactly(2, 3, 2, 4, 3, 2);
    assertThat(Combine.SUM.rateScale(4)).isEqualTo(1);
  }

  @Test
  void touchedDividesByTheWorkersThatChangedTheRow() {
    assertThat(combine(Combine.TOUCHED)).containsExactly(1.5f, 2, 2, 4, 3, 2);
  }

  @Test
  void unchangedBlocksSendNothing() {
    assertThat(BlockDelta.of(START.clone(), START, 2)).isNull();
  }

  @Test
  void onlyChangedRowsAreHeldAndSent() throws Exception {
    int rows = 4096;
    int dim = 100;
    float[] start = new float[rows * dim];
    float[] trained = start.clone();
    for (int r = 0; r < rows; r += 64) {
      trained[r * dim + 7] = 0.5f;
    }
    BlockDelta d = BlockDelta.of(trained, start, dim);
    assertThat(d.touchedRows()).isEqualTo(64);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(d);
    }
    // 64 rows of 100 floats and their indices, not the block's 4096 rows (1.6 MB).
    assertThat(bytes.size()).isBetween(64 * dim * 4, 64 * dim * 4 + 2048);
  }

  @Test
  void sparseSumsEqualTheDenseFormulaBitForBit() {
    int rows = 300;
    int dim = 8;
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    float[] start = new float[rows * dim];
    for (int i = 0; i < start.length; i++) {
      start[i] = (float) rnd.nextDouble(-1, 1);
    }
    float[][] trained = new float[3][];
    for (int w = 0; w < 3; w++) {
      trained[w] = start.clone();
      for (int r = 0; r < rows; r++) {
        if (rnd.nextInt(3) == 0) {
          for (int c = 0; c < dim; c++) {
            trained[w][r * dim + c] += (float) rnd.nextDouble(-0.1, 0.1);
          }
        }
      }
    }
    BlockDelta d = BlockDelta.of(trained[0], start, dim);
    d.add(BlockDelta.of(trained[1], start, dim).add(BlockDelta.of(trained[2], start, dim)));
    float[] got = start.clone();
    d.applyTo(got, Combine.TOUCHED, 3);
    float[] want = start.clone();
    for (int r = 0; r < rows; r++) {
      int k = 0;
      float[] sum = new float[dim];
      for (int w = 0; w < 3; w++) {
        boolean changed = false;
        for (int c = 0; c < dim; c++) {
          changed |= trained[w][r * dim + c] != start[r * dim + c];
        }
        k += changed ? 1 : 0;
      }
      for (int c = 0; c < dim; c++) {
        int i = r * dim + c;
        // The same grouping as above: worker 0 + (worker 1 + worker 2).
        sum[c] =
            (trained[0][i] - start[i]) + ((trained[1][i] - start[i]) + (trained[2][i] - start[i]));
        if (k > 0) {
          want[i] += sum[c] * (1f / k);
        }
      }
    }
    assertThat(got).containsExactly(want);
  }
}
