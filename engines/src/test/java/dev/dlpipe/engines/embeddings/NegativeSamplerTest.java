package dev.dlpipe.engines.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NegativeSamplerTest {
  private static final long[] COUNTS = {1000, 400, 90, 10, 1, 1};

  @Test
  void aliasTableHoldsUnigramToThePowerThreeQuarters() {
    NegativeSampler s = NegativeSampler.build(COUNTS);
    double sum = 0;
    for (long c : COUNTS) {
      sum += Math.pow(c, 0.75);
    }
    for (int w = 0; w < COUNTS.length; w++) {
      assertThat(s.probability(w))
          .as("word " + w)
          .isCloseTo(Math.pow(COUNTS[w], 0.75) / sum, within(1e-9));
    }
  }

  @Test
  void drawsFollowTheDistribution() {
    NegativeSampler s = NegativeSampler.build(COUNTS);
    long[] seen = new long[COUNTS.length];
    long r = 1;
    int n = 2_000_000;
    for (int i = 0; i < n; i++) {
      r = r * 25214903917L + 11;
      long r1 = r;
      r = r * 25214903917L + 11;
      seen[s.sample(r1, r)]++;
    }
    for (int w = 0; w < COUNTS.length; w++) {
      double p = s.probability(w);
      double sd = Math.sqrt(p * (1 - p) / n);
      assertThat(seen[w] / (double) n).as("word " + w).isCloseTo(p, within(5 * sd + 1e-6));
    }
  }
}
