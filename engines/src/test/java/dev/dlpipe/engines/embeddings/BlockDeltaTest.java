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
}
