package dev.dlpipe.engines.embeddings;

import java.io.Serializable;

/**
 * Draws negative samples from the unigram distribution raised to the power 0.75, as word2vec.c
 * does. Word2vec.c fills a table of 10⁸ ints (400 MB, which every Spark executor would have to
 * hold); this is Vose's alias method instead: two arrays of vocabulary size, O(1) per draw, and the
 * exact distribution rather than its quantization into 10⁸ slots.
 */
public final class NegativeSampler implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Word2vec.c's exponent. */
  public static final double POWER = 0.75;

  private final int[] alias;

  /** Probability of keeping the column's own word, scaled to 2³² (as an unsigned int). */
  private final int[] keep;

  private NegativeSampler(int[] alias, int[] keep) {
    this.alias = alias;
    this.keep = keep;
  }

  /** The sampler for word counts (any order), weights {@code count^0.75}. */
  public static NegativeSampler build(long[] counts) {
    int n = counts.length;
    if (n == 0) {
      throw new IllegalArgumentException("empty vocabulary");
    }
    double[] p = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = Math.pow(counts[i], POWER);
      sum += p[i];
    }
    int[] small = new int[n];
    int[] large = new int[n];
    int ns = 0;
    int nl = 0;
    for (int i = 0; i < n; i++) {
      p[i] = p[i] * n / sum;
      if (p[i] < 1.0) {
        small[ns++] = i;
      } else {
        large[nl++] = i;
      }
    }
    int[] alias = new int[n];
    double[] prob = new double[n];
    while (ns > 0 && nl > 0) {
      int s = small[--ns];
      int l = large[--nl];
      prob[s] = p[s];
      alias[s] = l;
      p[l] = (p[l] + p[s]) - 1.0;
      if (p[l] < 1.0) {
        small[ns++] = l;
      } else {
        large[nl++] = l;
      }
    }
    while (nl > 0) {
      int l = large[--nl];
      prob[l] = 1.0;
      alias[l] = l;
    }
    while (ns > 0) {
      // Left over only through rounding: these columns are (almost exactly) full.
      int s = small[--ns];
      prob[s] = 1.0;
      alias[s] = s;
    }
    int[] keep = new int[n];
    for (int i = 0; i < n; i++) {
      long k = (long) Math.floor(prob[i] * 4294967296.0);
      keep[i] = (int) Math.min(k, 0xFFFFFFFFL);
    }
    return new NegativeSampler(alias, keep);
  }

  /** Vocabulary size. */
  public int size() {
    return alias.length;
  }

  /**
   * A word drawn with two random 64-bit values (word2vec.c's LCG outputs; the high bits are used).
   */
  public int sample(long r1, long r2) {
    int column = (int) (((r1 >>> 32) * alias.length) >>> 32);
    long coin = (r2 >>> 16) & 0xFFFFFFFFL;
    return coin < Integer.toUnsignedLong(keep[column]) || keep[column] == -1
        ? column
        : alias[column];
  }

  /** The probability of drawing word {@code w} (for tests). */
  public double probability(int w) {
    double p = 0;
    int n = alias.length;
    for (int c = 0; c < n; c++) {
      double k = keep[c] == -1 ? 1.0 : Integer.toUnsignedLong(keep[c]) / 4294967296.0;
      if (c == w) {
        p += k;
      }
      if (alias[c] == w) {
        p += 1.0 - k;
      }
    }
    return p / n;
  }
}
