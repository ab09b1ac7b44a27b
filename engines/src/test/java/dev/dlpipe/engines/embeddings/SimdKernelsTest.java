package dev.dlpipe.engines.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The SIMD kernels give the plain loops' results (up to float rounding: fused multiply-adds and
 * another summation order) at every length around the lane widths, at offsets into larger arrays.
 * Runs with the Vector API module, as the build's test JVM has it ({@code conf/jvm.options}).
 */
class SimdKernelsTest {
  @Test
  void theTestJvmTrainsWithSimd() {
    assertThat(Word2VecTrainer.simd()).isTrue();
  }

  @Test
  void dotAxpyAndAddMatchThePlainLoops() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int n = 1; n <= 70; n++) {
      float[] a = random(rng, n + 40);
      float[] b = random(rng, n + 40);
      int ao = rng.nextInt(20);
      int bo = rng.nextInt(20);
      float want = Word2VecTrainer.scalarDot(a, ao, b, bo, n);
      assertThat(SimdKernels.dot(a, ao, b, bo, n)).as("dot n=%d", n).isCloseTo(want, within(1e-4f));

      float g = (float) rng.nextDouble(-1, 1);
      float[] y1 = a.clone();
      float[] y2 = a.clone();
      Word2VecTrainer.scalarAxpy(y1, ao, g, b, bo, n);
      SimdKernels.axpy(y2, ao, g, b, bo, n);
      for (int i = 0; i < y1.length; i++) {
        assertThat(y2[i]).as("axpy n=%d i=%d", n, i).isCloseTo(y1[i], within(1e-5f));
      }
      float[] z1 = a.clone();
      float[] z2 = a.clone();
      Word2VecTrainer.scalarAdd(z1, ao, b, bo, n);
      SimdKernels.add(z2, ao, b, bo, n);
      assertThat(z2).as("add n=%d", n).containsExactly(z1);
    }
  }

  private static float[] random(SplittableRandom rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    return x;
  }
}
