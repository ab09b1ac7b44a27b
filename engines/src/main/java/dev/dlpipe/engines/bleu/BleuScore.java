package dev.dlpipe.engines.bleu;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * A BLEU score with everything sacreBLEU reports: the score (0-100), matched and total n-gram
 * counts, the precisions (0-100), the brevity penalty, system and reference lengths, and the
 * signature.
 *
 * @param score BLEU, 0-100
 * @param counts matched n-grams per order (after add-k smoothing, as sacreBLEU reports them)
 * @param totals hypothesis n-grams per order
 * @param precisions n-gram precisions, 0-100
 * @param bp brevity penalty
 * @param sysLen hypothesis length in tokens
 * @param refLen reference length in tokens (closest reference per segment)
 * @param signature sacreBLEU's signature, e.g. {@code
 *     nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0}
 */
public record BleuScore(
    double score,
    double[] counts,
    double[] totals,
    double[] precisions,
    double bp,
    long sysLen,
    long refLen,
    String signature) {

  /** sys_len / ref_len, 0 when there is no reference token. */
  public double ratio() {
    return refLen == 0 ? 0 : (double) sysLen / refLen;
  }

  /**
   * The line sacreBLEU prints: {@code BLEU|<signature> = 28.30 59.9/34.0/21.8/14.4 (BP = 1.000
   * ratio = 1.026 hyp_len = 62873 ref_len = 61287)}; without the signature when {@code
   * withSignature} is false.
   */
  public String format(int width, boolean withSignature) {
    return (withSignature ? "BLEU|" + signature : "BLEU")
        + " = "
        + fixed(score, width)
        + " "
        + verbose();
  }

  /** The part after the score: precisions, BP, ratio and lengths. */
  public String verbose() {
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < precisions.length; i++) {
      p.append(i == 0 ? "" : "/").append(fixed(precisions[i], 1));
    }
    return p
        + " (BP = "
        + fixed(bp, 3)
        + " ratio = "
        + fixed(ratio(), 3)
        + " hyp_len = "
        + sysLen
        + " ref_len = "
        + refLen
        + ")";
  }

  /**
   * Formats like Python's {@code f"{x:.{digits}f}"}: the exact binary value rounded half to even.
   * (Java's {@code %.Nf} rounds the shortest decimal form half up, which differs on ties such as
   * 0.125.)
   */
  public static String fixed(double x, int digits) {
    return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BleuScore s
        && Double.compare(s.score, score) == 0
        && Arrays.equals(s.counts, counts)
        && Arrays.equals(s.totals, totals)
        && Arrays.equals(s.precisions, precisions)
        && Double.compare(s.bp, bp) == 0
        && s.sysLen == sysLen
        && s.refLen == refLen
        && s.signature.equals(signature);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(score) * 31 + signature.hashCode();
  }

  @Override
  public String toString() {
    return format(2, true);
  }
}
