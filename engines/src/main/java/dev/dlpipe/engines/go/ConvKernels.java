package dev.dlpipe.engines.go;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 3x3 convolution inner loop of {@link ResNetInference}: on the JDK's Vector API when its
 * incubator module is in the boot layer ({@code conf/jvm.options}), else in plain loops.
 *
 * <p>Each step loads one vector of input cells and multiply-adds it into four output channels'
 * accumulators, which stay in registers across all input channels and the nine taps: one load per
 * four fused multiply-adds, and each output written once.
 */
final class ConvKernels {
  /** Whether the Vector API is used, unless {@code -Ddlpipe.go.simd=false}. */
  static final boolean SIMD =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !"false".equals(System.getProperty("dlpipe.go.simd"));

  private ConvKernels() {}

  /**
   * {@code out[o][p] = bias[o] + sum_{i,k} w[o][i][k] in[i][p + offsets[k]]} for {@code p} in
   * {@code [lo, hi)}, channels {@code len} apart.
   */
  static void conv3(
      float[] w,
      float[] bias,
      int cin,
      int cout,
      float[] in,
      float[] out,
      int len,
      int lo,
      int hi,
      int[] offsets) {
    int p = SIMD ? Simd.conv3(w, bias, cin, cout, in, out, len, lo, hi, offsets) : lo;
    for (; p < hi; p++) {
      for (int o = 0; o < cout; o++) {
        float acc = bias[o];
        for (int i = 0; i < cin; i++) {
          int wb = (o * cin + i) * 9;
          int ib = i * len + p;
          for (int k = 0; k < 9; k++) {
            acc += w[wb + k] * in[ib + offsets[k]];
          }
        }
        out[o * len + p] = acc;
      }
    }
  }

  /** Loaded only when {@link #SIMD}. */
  private static final class Simd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Does whole vectors from {@code lo}; returns where the scalar tail starts. */
    static int conv3(
        float[] w,
        float[] bias,
        int cin,
        int cout,
        float[] in,
        float[] out,
        int len,
        int lo,
        int hi,
        int[] offsets) {
      int v = S.length();
      int p = lo;
      for (; p + v <= hi; p += v) {
        int o = 0;
        for (; o + 4 <= cout; o += 4) {
          FloatVector a0 = FloatVector.broadcast(S, bias[o]);
          FloatVector a1 = FloatVector.broadcast(S, bias[o + 1]);
          FloatVector a2 = FloatVector.broadcast(S, bias[o + 2]);
          FloatVector a3 = FloatVector.broadcast(S, bias[o + 3]);
          int stride = cin * 9;
          for (int i = 0; i < cin; i++) {
            int w0 = (o * cin + i) * 9;
            int ib = i * len + p;
            for (int k = 0; k < 9; k++) {
              FloatVector xv = FloatVector.fromArray(S, in, ib + offsets[k]);
              a0 = xv.fma(FloatVector.broadcast(S, w[w0 + k]), a0);
              a1 = xv.fma(FloatVector.broadcast(S, w[w0 + stride + k]), a1);
              a2 = xv.fma(FloatVector.broadcast(S, w[w0 + 2 * stride + k]), a2);
              a3 = xv.fma(FloatVector.broadcast(S, w[w0 + 3 * stride + k]), a3);
            }
          }
          a0.intoArray(out, o * len + p);
          a1.intoArray(out, (o + 1) * len + p);
          a2.intoArray(out, (o + 2) * len + p);
          a3.intoArray(out, (o + 3) * len + p);
        }
        for (; o < cout; o++) {
          FloatVector a = FloatVector.broadcast(S, bias[o]);
          for (int i = 0; i < cin; i++) {
            int w0 = (o * cin + i) * 9;
            int ib = i * len + p;
            for (int k = 0; k < 9; k++) {
              a =
                  FloatVector.fromArray(S, in, ib + offsets[k])
                      .fma(FloatVector.broadcast(S, w[w0 + k]), a);
            }
          }
          a.intoArray(out, o * len + p);
        }
      }
      return p;
    }
  }
}
