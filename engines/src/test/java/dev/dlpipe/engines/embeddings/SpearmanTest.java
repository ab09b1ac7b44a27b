package dev.dlpipe.engines.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Against scipy 1.10's {@code stats.spearmanr} and {@code stats.rankdata}. */
class SpearmanTest {
  @Test
  void tiedValuesShareTheirAverageRank() {
    assertThat(Spearman.ranks(new double[] {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5}))
        .containsExactly(4.5, 1.5, 6.0, 1.5, 8.0, 11.0, 3.0, 10.0, 8.0, 4.5, 8.0);
  }

  @Test
  void equalsScipy() {
    assertThat(
            Spearman.rho(
                new double[] {1, 2, 2, 3, 5, 5, 5, 0.5}, new double[] {2, 1, 4, 3, 3, 6, 7, 0}))
        .isCloseTo(0.790364421558394, within(1e-15));
    assertThat(Spearman.rho(new double[] {10, 20, 30, 40}, new double[] {1, 1, 1, 2}))
        .isCloseTo(0.7745966692414834, within(1e-15));
  }

  @Test
  void constantSampleHasNoCorrelation() {
    assertThat(Spearman.rho(new double[] {1, 2, 3}, new double[] {4, 4, 4})).isNaN();
  }
}
