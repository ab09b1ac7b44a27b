package dev.dlpipe.engines.detection.coco;

/**
 * numpy's summation of a contiguous float64 array ({@code np.add.reduce}, hence {@code np.mean}):
 * pairwise, in blocks of 128 with 8 interleaved accumulators. Reproduced so that means equal
 * numpy's to the last bit.
 */
final class NumpySum {
  private static final int BLOCK = 128;

  private NumpySum() {}

  /** Sum of {@code a[from, from + n)} in numpy's order. */
  static double pairwise(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else if (n <= BLOCK) {
      double[] r = new double[8];
      for (int j = 0; j < 8; j++) {
        r[j] = a[from + j];
      }
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
    }
  }
}
