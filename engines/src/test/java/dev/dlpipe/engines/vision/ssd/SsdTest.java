package dev.dlpipe.engines.vision.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * SSD default boxes and matching against the SSD paper's formulas (Liu et al. 2016, section 2.2).
 */
class SsdTest {
  private static final Offset<Double> EPS = Offset.offset(1e-12);

  @Test
  void ssd300Has8732BoxesAndSsd512Has24564() {
    assertThat(DefaultBoxes.of(SsdConfig.ssd300(), false).size()).isEqualTo(8732);
    assertThat(DefaultBoxes.of(SsdConfig.ssd512(), false).size()).isEqualTo(24564);
    // 38^2*4 + 19^2*6 + 10^2*6 + 5^2*6 + 3^2*4 + 1*4
    assertThat(38 * 38 * 4 + 19 * 19 * 6 + 10 * 10 * 6 + 5 * 5 * 6 + 3 * 3 * 4 + 4).isEqualTo(8732);
  }

  @Test
  void scalesAndBoxesFollowThePaper() {
    SsdConfig c = SsdConfig.ssd300();
    double[] want = {0.2, 0.34, 0.48, 0.62, 0.76, 0.9};
    for (int k = 0; k < 6; k++) {
      assertThat(c.scales()[k]).isCloseTo(want[k], EPS);
    }
    DefaultBoxes b = DefaultBoxes.of(c, false);
    double center = 0.5 / 38;
    assertThat(b.box(0))
        .containsExactly(new double[] {center, center, 0.2, 0.2}, Offset.offset(1e-12));
    double sPrime = Math.sqrt(0.2 * 0.34);
    assertThat(b.box(1))
        .containsExactly(new double[] {center, center, sPrime, sPrime}, Offset.offset(1e-12));
    double r = Math.sqrt(2);
    assertThat(b.box(2))
        .containsExactly(new double[] {center, center, 0.2 * r, 0.2 / r}, Offset.offset(1e-12));
    assertThat(b.box(3))
        .containsExactly(new double[] {center, center, 0.2 / r, 0.2 * r}, Offset.offset(1e-12));
    // Second location of the first layer: next column, same row.
    assertThat(b.box(4)[0]).isCloseTo(1.5 / 38, EPS);
    assertThat(b.box(4)[1]).isCloseTo(center, EPS);
    // The very last box: the 1x1 layer's ratio-1/2 box, centred, scale 0.9.
    assertThat(b.box(8731))
        .containsExactly(new double[] {0.5, 0.5, 0.9 / r, 0.9 * r}, Offset.offset(1e-12));
    // The 1x1 layer's extra box uses the next scale, one step beyond 0.9.
    assertThat(b.box(8729)[2]).isCloseTo(Math.sqrt(0.9 * 1.04), EPS);
    // Clipping keeps every coordinate in [0, 1].
    for (double v : DefaultBoxes.of(c, true).raw()) {
      assertThat(v).isBetween(0.0, 1.0);
    }
  }

  @Test
  void encodingIsInvertibleAndAnExactMatchEncodesToZero() {
    DefaultBoxes priors = DefaultBoxes.of(SsdConfig.ssd300(), false);
    SsdMatcher m = new SsdMatcher(priors, 0.5, new double[] {0.1, 0.2}, 3);
    double[] prior = priors.box(1000);
    double[] truth = {0.31, 0.22, 0.58, 0.71};
    double[] back = m.decode(m.encode(truth, prior), prior);
    assertThat(back).containsExactly(truth, Offset.offset(1e-12));
    double[] same = {
      prior[0] - prior[2] / 2,
      prior[1] - prior[3] / 2,
      prior[0] + prior[2] / 2,
      prior[1] + prior[3] / 2
    };
    assertThat(m.encode(same, prior))
        .containsExactly(new double[] {0, 0, 0, 0}, Offset.offset(1e-9));
    // The paper's offsets: center by variance 0.1 times the prior size, log size by 0.2.
    double[] e = m.encode(truth, prior);
    assertThat(e[0]).isCloseTo(((0.31 + 0.58) / 2 - prior[0]) / (0.1 * prior[2]), EPS);
    assertThat(e[3]).isCloseTo(Math.log((0.71 - 0.22) / prior[3]) / 0.2, EPS);
  }

  @Test
  void matchingKeepsEachTruthsBestBoxAndCountsHardNegatives() {
    DefaultBoxes priors = DefaultBoxes.of(SsdConfig.ssd300(), false);
    SsdMatcher m = new SsdMatcher(priors, 0.5, new double[] {0.1, 0.2}, 3);
    // A large box overlaps many default boxes at 0.5 or more; a tiny one overlaps none that much.
    double[][] truths = {{0.1, 0.1, 0.6, 0.7}, {0.90, 0.90, 0.905, 0.906}};
    SsdMatcher.Targets t = m.match(truths, new int[] {3, 7});
    int threes = 0;
    int sevens = 0;
    for (int label : t.labels()) {
      threes += label == 3 ? 1 : 0;
      sevens += label == 7 ? 1 : 0;
    }
    assertThat(threes).isGreaterThan(1);
    assertThat(sevens).as("the tiny box still gets its best default box").isEqualTo(1);
    assertThat(t.positives()).isEqualTo(threes + sevens);
    assertThat(t.hardNegatives()).isEqualTo(3 * t.positives());
    for (int i = 0; i < priors.size(); i++) {
      if (t.labels()[i] == 0) {
        assertThat(t.offsets()[4 * i]).isZero();
      }
    }
    assertThat(m.match(new double[0][], new int[0]).positives()).isZero();
    assertThatThrownBy(() -> m.match(truths, new int[] {0, 1}))
        .hasMessageContaining("labels start at 1");
  }
}
