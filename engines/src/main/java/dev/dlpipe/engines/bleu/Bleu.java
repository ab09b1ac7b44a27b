package dev.dlpipe.engines.bleu;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * BLEU exactly as sacreBLEU 2.x computes it (tested number for number against sacreBLEU 2.6.0 on
 * WMT17).
 *
 * <p>Statistics first, formula last: {@link #segment} turns one hypothesis and its references into
 * {@link BleuStats}; any number of those are summed (on one machine or across Spark partitions);
 * {@link #score} applies BLEU's formula to the sum. Per segment: optional lower-casing, trailing
 * white space removed, the tokenizer, Python-style white-space splitting, n-grams of orders 1 to 4
 * clipped by the maximum count in any reference, and the reference length closest to the hypothesis
 * length (ties: the shorter).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Bleu implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The sacreBLEU version whose semantics this reproduces; it appears in signatures. */
  public static final String SACREBLEU_VERSION = "2.6.0";

  /** Smoothing methods (Chen and Cherry 2014), with sacreBLEU's default values. */
  public enum Smoothing {
    /** No smoothing. */
    NONE("none", null),
    /** Method 1: a floor value for zero precisions. */
    FLOOR("floor", 0.1),
    /** Method 2: add k to matched and total counts for orders above 1. */
    ADD_K("add-k", 1.0),
    /** Method 3, NIST's (mteval-v13a): 1/2^k for the k-th zero precision. sacreBLEU's default. */
    EXP("exp", null);

    private final String signatureName;
    private final Double defaultValue;

    Smoothing(String signatureName, Double defaultValue) {
      this.signatureName = signatureName;
      this.defaultValue = defaultValue;
    }

    public String signatureName() {
      return signatureName;
    }

    /**
     * The smoothing with this signature name ({@code none}, {@code floor}, {@code add-k}, {@code
     * exp}).
     */
    public static Smoothing named(String name) {
      for (Smoothing s : values()) {
        if (s.signatureName.equals(name)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "unknown smoothing '" + name + "'; known: none, floor, add-k, exp");
    }
  }

  /**
   * BLEU's parameters, named as in sacreBLEU.
   *
   * @param tokenizer the tokenizer
   * @param lowercase lower-case hypotheses and references first
   * @param smoothing the smoothing method
   * @param smoothValue the value for floor/add-k, or null for the method's default
   * @param effectiveOrder stop at the highest order that has hypothesis n-grams (for sentence BLEU)
   * @param maxOrder the highest n-gram order (4)
   */
  public record Options(
      BleuTokenizer tokenizer,
      boolean lowercase,
      Smoothing smoothing,
      Double smoothValue,
      boolean effectiveOrder,
      int maxOrder)
      implements Serializable {
    public Options {
      Objects.requireNonNull(tokenizer, "tokenizer");
      Objects.requireNonNull(smoothing, "smoothing");
      if (maxOrder < 1) {
        throw new IllegalArgumentException("maxOrder must be at least 1, got " + maxOrder);
      }
    }

    /** sacreBLEU's corpus defaults: 13a, mixed case, exp smoothing, no effective order, 4-grams. */
    public static Options corpus() {
      return new Options(BleuTokenizer.TOK_13A, false, Smoothing.EXP, null, false, 4);
    }

    /** {@code sacrebleu.sentence_bleu}'s defaults: as {@link #corpus()} with effective order on. */
    public static Options sentence() {
      return new Options(BleuTokenizer.TOK_13A, false, Smoothing.EXP, null, true, 4);
    }

    public Options withTokenizer(BleuTokenizer t) {
      return new Options(t, lowercase, smoothing, smoothValue, effectiveOrder, maxOrder);
    }

    public Options withLowercase(boolean lc) {
      return new Options(tokenizer, lc, smoothing, smoothValue, effectiveOrder, maxOrder);
    }

    public Options withSmoothing(Smoothing s, Double value) {
      return new Options(tokenizer, lowercase, s, value, effectiveOrder, maxOrder);
    }

    public Options withEffectiveOrder(boolean eff) {
      return new Options(tokenizer, lowercase, smoothing, smoothValue, eff, maxOrder);
    }
  }

  private final Options options;

  public Bleu(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public Options options() {
    return options;
  }

  /** Lower-casing (optional), trailing white space removal and tokenization of one segment. */
  public String preprocess(String segment) {
    String s = options.lowercase() ? segment.toLowerCase(Locale.ROOT) : segment;
    return options.tokenizer().tokenize(PyText.rstrip(s));
  }

  /**
   * The statistics of one hypothesis against its references. Empty references are ignored, as
   * sacreBLEU does to allow a varying number of references per segment.
   *
   * @throws IllegalArgumentException when every reference is empty
   */
  public BleuStats segment(String hypothesis, List<String> references) {
    int maxOrder = options.maxOrder();
    Map<String, Integer> refNgrams = null;
    List<Integer> refLens = new ArrayList<>(references.size());
    for (String ref : references) {
      if (ref == null || ref.isEmpty()) {
        continue;
      }
      List<String> tokens = PyText.split(preprocess(ref));
      refLens.add(tokens.size());
      Map<String, Integer> ngrams = ngrams(tokens, maxOrder);
      if (refNgrams == null) {
        refNgrams = ngrams;
      } else {
        for (Map.Entry<String, Integer> e : ngrams.entrySet()) {
          refNgrams.merge(e.getKey(), e.getValue(), Math::max);
        }
      }
    }
    if (refNgrams == null) {
      throw new IllegalArgumentException(
          "empty reference: every reference of this segment is empty");
    }
    List<String> hyp = PyText.split(preprocess(hypothesis));
    BleuStats stats = new BleuStats(maxOrder);
    stats.sysLen = hyp.size();
    stats.refLen = closestRefLen(hyp.size(), refLens);
    for (Map.Entry<String, Integer> e : ngrams(hyp, maxOrder).entrySet()) {
      int n = order(e.getKey()) - 1;
      stats.total[n] += e.getValue();
      Integer inRef = refNgrams.get(e.getKey());
      if (inRef != null) {
        stats.correct[n] += Math.min(e.getValue(), inRef);
      }
    }
    return stats;
  }

  /** Number of non-empty references of a segment (for the signature's {@code nrefs}). */
  static int nonEmpty(List<String> references) {
    int n = 0;
    for (String r : references) {
      if (r != null && !r.isEmpty()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Corpus BLEU of {@code hypotheses} against reference streams ({@code references.get(r).get(i)}
   * is reference r of segment i).
   *
   * @throws IllegalArgumentException when a reference stream's length differs from the hypotheses'
   */
  public BleuScore corpus(List<String> hypotheses, List<List<String>> references) {
    if (references.isEmpty()) {
      throw new IllegalArgumentException("no reference stream given");
    }
    for (int r = 0; r < references.size(); r++) {
      if (references.get(r).size() != hypotheses.size()) {
        throw new IllegalArgumentException(
            "the hypotheses have "
                + hypotheses.size()
                + " lines but reference stream "
                + (r + 1)
                + " has "
                + references.get(r).size()
                + ": system and reference streams must have the same number of lines");
      }
    }
    BleuStats sum = new BleuStats(options.maxOrder());
    Set<Integer> refCounts = new HashSet<>();
    List<String> refs = new ArrayList<>(references.size());
    for (int i = 0; i < hypotheses.size(); i++) {
      refs.clear();
      for (List<String> stream : references) {
        refs.add(stream.get(i));
      }
      try {
        sum.add(segment(hypotheses.get(i), refs));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("segment " + (i + 1) + ": " + e.getMessage(), e);
      }
      refCounts.add(nonEmpty(refs));
    }
    return score(sum, refCounts.size() == 1 ? refCounts.iterator().next() : -1);
  }

  /**
   * Sentence BLEU of one hypothesis (use {@link Options#sentence()} for sacreBLEU's sentence_bleu).
   */
  public BleuScore sentence(String hypothesis, List<String> references) {
    return score(segment(hypothesis, references), nonEmpty(references));
  }

  /**
   * BLEU from summed statistics.
   *
   * @param numRefs references per segment for the signature; -1 when it varies
   */
  public BleuScore score(BleuStats stats, int numRefs) {
    int maxOrder = options.maxOrder();
    if (stats.maxOrder() != maxOrder) {
      throw new IllegalArgumentException(
          "statistics of order " + stats.maxOrder() + " for BLEU of order " + maxOrder);
    }
    double[] correct = new double[maxOrder];
    double[] total = new double[maxOrder];
    boolean anyCorrect = false;
    for (int n = 0; n < maxOrder; n++) {
      correct[n] = stats.correct[n];
      total[n] = stats.total[n];
      anyCorrect |= stats.correct[n] != 0;
    }
    long sysLen = stats.sysLen;
    long refLen = stats.refLen;
    double bp = 1.0;
    if (sysLen < refLen) {
      bp = sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0;
    }
    double[] precisions = new double[maxOrder];
    String signature = signature(numRefs);
    if (!anyCorrect) {
      return new BleuScore(0.0, correct, total, precisions, bp, sysLen, refLen, signature);
    }
    Smoothing smoothing = options.smoothing();
    double smoothValue =
        options.smoothValue() != null
            ? options.smoothValue()
            : smoothing.defaultValue == null ? 0 : smoothing.defaultValue;
    double smoothMteval = 1.0;
    int effOrder = maxOrder;
    for (int n = 1; n <= maxOrder; n++) {
      if (smoothing == Smoothing.ADD_K && n > 1) {
        correct[n - 1] += smoothValue;
        total[n - 1] += smoothValue;
      }
      if (total[n - 1] == 0) {
        break;
      }
      if (options.effectiveOrder()) {
        effOrder = n;
      }
      if (correct[n - 1] == 0) {
        if (smoothing == Smoothing.EXP) {
          smoothMteval *= 2;
          precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
        } else if (smoothing == Smoothing.FLOOR) {
          precisions[n - 1] = 100.0 * smoothValue / total[n - 1];
        }
      } else {
        precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
      }
    }
    double logSum = 0;
    for (int n = 0; n < effOrder; n++) {
      logSum += precisions[n] == 0 ? -9999999999.0 : Math.log(precisions[n]);
    }
    double score = bp * Math.exp(logSum / effOrder);
    return new BleuScore(score, correct, total, precisions, bp, sysLen, refLen, signature);
  }

  /**
   * sacreBLEU's signature for these options, e.g. {@code
   * nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0}.
   */
  public String signature(int numRefs) {
    String smooth = options.smoothing().signatureName();
    Double def = options.smoothing().defaultValue;
    if (def != null) {
      double v = options.smoothValue() != null ? options.smoothValue() : def;
      smooth += "[" + BleuScore.fixed(v, 2) + "]";
    }
    return "nrefs:"
        + (numRefs < 0 ? "var" : String.valueOf(numRefs))
        + "|case:"
        + (options.lowercase() ? "lc" : "mixed")
        + "|eff:"
        + (options.effectiveOrder() ? "yes" : "no")
        + "|tok:"
        + options.tokenizer().signatureName()
        + "|smooth:"
        + smooth
        + "|version:"
        + SACREBLEU_VERSION;
  }

  private static int closestRefLen(int hypLen, List<Integer> refLens) {
    int closestDiff = -1;
    int closestLen = -1;
    for (int refLen : refLens) {
      int diff = Math.abs(hypLen - refLen);
      if (closestDiff == -1 || diff < closestDiff) {
        closestDiff = diff;
        closestLen = refLen;
      } else if (diff == closestDiff && refLen < closestLen) {
        closestLen = refLen;
      }
    }
    return closestLen;
  }

  /**
   * N-gram counts keyed by the n-gram's tokens joined with single spaces (tokens never hold
   * spaces).
   */
  private static Map<String, Integer> ngrams(List<String> tokens, int maxOrder) {
    Map<String, Integer> counts = new HashMap<>(tokens.size() * maxOrder * 2);
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      key.setLength(0);
      for (int n = 1; n <= maxOrder && i + n <= tokens.size(); n++) {
        if (n > 1) {
          key.append(' ');
        }
        key.append(tokens.get(i + n - 1));
        counts.merge(key.toString(), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static int order(String ngram) {
    int n = 1;
    for (int i = 0; i < ngram.length(); i++) {
      if (ngram.charAt(i) == ' ') {
        n++;
      }
    }
    return n;
  }
}
