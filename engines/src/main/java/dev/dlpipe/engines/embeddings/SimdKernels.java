package dev.dlpipe.engines.embeddings;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Word2Vec's three vector kernels on the JDK's Vector API (SIMD lanes of the CPU's preferred width:
 * 16 floats with AVX-512, 8 with AVX2). Loaded only when the {@code jdk.incubator.vector} module is
 * in the boot layer ({@code --add-modules jdk.incubator.vector}, in {@code conf/jvm.options});
 * {@link Word2VecTrainer} falls back to plain loops otherwise.
 */
final class SimdKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private SimdKernels() {}

  static float dot(float[] a, int ao, float[] b, int bo, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    for (; i < bound; i += S.length()) {
      acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }

  /** {@code y[yo..yo+n) += g * x[xo..xo+n)}. */
  static void axpy(float[] y, int yo, float g, float[] x, int xo, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    FloatVector gv = FloatVector.broadcast(S, g);
    for (; i < bound; i += S.length()) {
      FloatVector.fromArray(S, x, xo + i)
          .fma(gv, FloatVector.fromArray(S, y, yo + i))
          .intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] += g * x[xo + i];
    }
  }

  /** {@code y[yo..yo+n) += x[xo..xo+n)}. */
  static void add(float[] y, int yo, float[] x, int xo, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += S.length()) {
      FloatVector.fromArray(S, y, yo + i)
          .add(FloatVector.fromArray(S, x, xo + i))
          .intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] += x[xo + i];
    }
  }
}
