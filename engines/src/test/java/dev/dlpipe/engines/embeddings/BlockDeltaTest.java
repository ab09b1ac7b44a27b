package dev.dlpipe.engines.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockDeltaTest {
  // Three rows of dim 2; worker A changed rows 0 and 1 (3 and 1 updates), worker B rows 0 and 2.
  private static final float[] START = {1, 1, 2, 2, 3, 3};
  private static final float[] A = {2, 1, 2, 4, 3, 3};
  private static final float[] B = {1, 3, 2, 2, 3, 2};
  private static final int[] COUNTS_A = {3, 1, 0};
  private static final int[] COUNTS_B = {1, 0, 2};

  private static float[] combine(Combine mode) {
    BlockDelta d =
        BlockDelta.of(A, START, 2, COUNTS_A, 0, mode)
            .add(BlockDelta.of(B, START, 2, COUNTS_B, 0, mode));
    float[] out = START.clone();
    d.applyTo(out, mode);
    return out;
  }

  @Test
  void sumKeepsEveryWorkersChange() {
    assertThat(combine(Combine.SUM)).containsExactly(2, 3, 2, 4, 3, 2);
    assertThat(
            BlockDelta.of(A, START, 2, COUNTS_A, 0, Combine.SUM)
                .add(BlockDelta.of(B, START, 2, COUNTS_B, 0, Combine.SUM))
                .touchedRows())
        .isEqualTo(3);
  }

  @Test
  void averageDividesByTheWorkersThatTouchedTheRow() {
    // Row 0: (+1,0) and (0,+2) over 2 workers; rows 1 and 2: one worker each, kept whole.
    assertThat(combine(Combine.AVERAGE)).containsExactly(1.5f, 2, 2, 4, 3, 2);
  }

  @Test
  void weightedAveragesByUpdates() {
    // Row 0: (3*(1,0) + 1*(0,2)) / 4 = (0.75, 0.5).
    assertThat(combine(Combine.WEIGHTED)).containsExactly(1.75f, 1.5f, 2, 4, 3, 2);
  }

  @Test
  void adaptiveAveragesOftenUpdatedRowsAndSumsTheRest() {
    BlockDelta d =
        BlockDelta.of(A, START, 2, COUNTS_A, 0, Combine.ADAPTIVE)
            .add(BlockDelta.of(B, START, 2, COUNTS_B, 0, Combine.ADAPTIVE));
    // Row 0 had 4 updates: with alpha 0.5, 4 * 0.5 = 2 = its workers, so it is averaged ...
    float[] often = START.clone();
    d.applyTo(often, Combine.ADAPTIVE, 0.5);
    assertThat(often).containsExactly(1.5f, 2, 2, 4, 3, 2);
    // ... with alpha 0.1, 4 * 0.1 < 1, so it is summed.
    float[] seldom = START.clone();
    d.applyTo(seldom, Combine.ADAPTIVE, 0.1);
    assertThat(seldom).containsExactly(2, 3, 2, 4, 3, 2);
  }

  @Test
  void untouchedBlocksSendNothing() {
    assertThat(BlockDelta.of(START.clone(), START, 2, new int[3], 0, Combine.SUM)).isNull();
  }
}
