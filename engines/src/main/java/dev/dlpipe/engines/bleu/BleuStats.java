package dev.dlpipe.engines.bleu;

import java.io.Serializable;
import java.util.Arrays;

/**
 * BLEU's sufficient statistics, summable over segments, partitions and machines: hypothesis length,
 * the closest reference length, and per n-gram order the matched ({@code correct}) and hypothesis
 * ({@code total}) n-gram counts. The score is a function of the sum only, as in sacreBLEU.
 *
 * <p>Mutable for allocation-free accumulation: {@link #add(BleuStats)} adds in place.
 */
public final class BleuStats implements Serializable {
  private static final long serialVersionUID = 1L;

  long sysLen;
  long refLen;
  final long[] correct;
  final long[] total;

  /** Zero statistics for n-grams up to {@code maxOrder}. */
  public BleuStats(int maxOrder) {
    correct = new long[maxOrder];
    total = new long[maxOrder];
  }

  /** Statistics with the given values (arrays are copied). */
  public BleuStats(long sysLen, long refLen, long[] correct, long[] total) {
    if (correct.length != total.length) {
      throw new IllegalArgumentException("correct and total must have one entry per n-gram order");
    }
    this.sysLen = sysLen;
    this.refLen = refLen;
    this.correct = correct.clone();
    this.total = total.clone();
  }

  /** Adds {@code other} into this; returns this. */
  public BleuStats add(BleuStats other) {
    if (other.correct.length != correct.length) {
      throw new IllegalArgumentException("cannot add statistics of different n-gram orders");
    }
    sysLen += other.sysLen;
    refLen += other.refLen;
    for (int n = 0; n < correct.length; n++) {
      correct[n] += other.correct[n];
      total[n] += other.total[n];
    }
    return this;
  }

  public long sysLen() {
    return sysLen;
  }

  public long refLen() {
    return refLen;
  }

  /** Matched n-gram counts, index n-1 for order n (a copy). */
  public long[] correct() {
    return correct.clone();
  }

  /** Hypothesis n-gram counts, index n-1 for order n (a copy). */
  public long[] total() {
    return total.clone();
  }

  public int maxOrder() {
    return correct.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BleuStats s
        && s.sysLen == sysLen
        && s.refLen == refLen
        && Arrays.equals(s.correct, correct)
        && Arrays.equals(s.total, total);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sysLen) * 31 + Arrays.hashCode(correct);
  }

  @Override
  public String toString() {
    return "BleuStats[sys_len="
        + sysLen
        + ", ref_len="
        + refLen
        + ", correct="
        + Arrays.toString(correct)
        + ", total="
        + Arrays.toString(total)
        + "]";
  }
}
