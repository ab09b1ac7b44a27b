package dev.dlpipe.engines.detection.voc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VocApTest {
  private static final double EPSILON = 1e-12;

  @Test
  void elevenPointThresholdsAreNumpysArange() {
    // np.arange(0., 1.1, 0.1).tolist()
    double[] numpy = {
      0.0,
      0.1,
      0.2,
      0.30000000000000004,
      0.4,
      0.5,
      0.6000000000000001,
      0.7000000000000001,
      0.8,
      0.9,
      1.0
    };
    for (int i = 0; i < 11; i++) {
      assertThat(VocAp.threshold(i)).as("threshold %d", i).isEqualTo(numpy[i]);
    }
  }

  @Test
  void aRecallOfExactlyThreeTenthsMissesTheFourthThreshold() {
    // 3/10 is the double 0.3, below numpy's 0.30000000000000004: only t = 0, 0.1, 0.2 count.
    ClassMatches m = new ClassMatches("cat").addPositives(10);
    for (int i = 0; i < 3; i++) {
      m.record(1.0 - i * 0.1, i, MatchOutcome.TRUE_POSITIVE);
    }
    ClassResult r = VocAp.compute(m);
    assertThat(r.recall()[2]).isEqualTo(0.3);
    assertThat(r.apVoc07()).isEqualTo(3.0 / 11.0, within(EPSILON));
    assertThat(r.apArea()).isEqualTo(0.3, within(EPSILON));
  }

  @Test
  void areaUsesTheMonotonePrecisionEnvelope() {
    // Ranks: TP FP TP with 2 positives: recall .5 .5 1, precision 1 .5 .667; the envelope lifts
    // the dip: 0.5 * 1 + 0.5 * 2/3.
    double[] rec = {0.5, 0.5, 1.0};
    double[] prec = {1.0, 0.5, 2.0 / 3.0};
    assertThat(VocAp.areaUnderEnvelope(rec, prec))
        .isEqualTo(0.5 + 0.5 * (2.0 / 3.0), within(EPSILON));
    // 11-point: t <= .5 -> 1, t = .6 ... 1 -> 2/3.
    assertThat(VocAp.voc07ElevenPoint(rec, prec))
        .isEqualTo((6 * 1.0 + 5 * (2.0 / 3.0)) / 11.0, within(EPSILON));
  }

  @Test
  void emptyCurvesScoreZero() {
    assertThat(VocAp.voc07ElevenPoint(new double[0], new double[0])).isZero();
    assertThat(VocAp.areaUnderEnvelope(new double[0], new double[0])).isZero();
  }

  @Test
  void mismatchedLengthsAreRefused() {
    assertThatThrownBy(() -> VocAp.areaUnderEnvelope(new double[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recall has 2 entries but precision 3");
  }

  @Test
  void mergingChecksTheClass() {
    assertThatThrownBy(() -> new ClassMatches("cat").add(new ClassMatches("dog")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot merge statistics of class dog into cat");
  }
}
