package dev.dlpipe.engines.embeddings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word-pair similarity evaluation (WordSim-353 format) as gensim's {@code
 * KeyedVectors.evaluate_word_pairs} does it with its defaults: lines starting with '#' are
 * comments; other lines are {@code word1 TAB word2 TAB score} (lines that are not are skipped);
 * words are upper-cased and looked up among the first {@value #RESTRICT} words (the first, most
 * frequent, spelling wins); pairs with a word outside them are out of vocabulary and left out; the
 * model's score is the cosine similarity; the result is Spearman's (and Pearson's) correlation of
 * the human and model scores.
 */
public final class WordSimilarity {
  /** gensim's restrict_vocab default. */
  public static final int RESTRICT = 300_000;

  private WordSimilarity() {}

  /**
   * The evaluation of one pairs file.
   *
   * @param pairs pairs scored (both words known)
   * @param oov pairs with an unknown word
   * @param skipped lines that are neither comments nor pairs
   * @param spearman Spearman's rho (NaN with fewer than 2 pairs)
   * @param pearson Pearson's r
   */
  public record Result(long pairs, long oov, long skipped, double spearman, double pearson) {
    /** Share of pairs out of vocabulary, in percent (gensim's oov_ratio). */
    public double oovPercent() {
      return pairs + oov == 0 ? 0 : 100.0 * oov / (pairs + oov);
    }
  }

  /** Evaluates the pairs in {@code text} against {@code vectors}. */
  public static Result evaluate(WordVectors vectors, String text) {
    int n = Math.min(RESTRICT, vectors.size());
    Map<String, Integer> known = new HashMap<>(n * 2);
    for (int i = n - 1; i >= 0; i--) {
      known.put(vectors.words()[i].toUpperCase(Locale.ROOT), i);
    }
    List<Double> gold = new ArrayList<>();
    List<Double> model = new ArrayList<>();
    long oov = 0;
    long skipped = 0;
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      double score;
      if (f.length != 3) {
        skipped++;
        continue;
      }
      try {
        score = Double.parseDouble(f[2].strip());
      } catch (NumberFormatException e) {
        skipped++;
        continue;
      }
      Integer a = known.get(f[0].toUpperCase(Locale.ROOT));
      Integer b = known.get(f[1].toUpperCase(Locale.ROOT));
      if (a == null || b == null) {
        oov++;
        continue;
      }
      gold.add(score);
      model.add(cosine(vectors.vectors(), a, b));
    }
    double[] g = gold.stream().mapToDouble(Double::doubleValue).toArray();
    double[] m = model.stream().mapToDouble(Double::doubleValue).toArray();
    return new Result(
        g.length,
        oov,
        skipped,
        g.length < 2 ? Double.NaN : Spearman.rho(g, m),
        g.length < 2 ? Double.NaN : Spearman.pearson(g, m));
  }

  /** Cosine similarity of rows a and b. */
  public static double cosine(FloatRows m, int a, int b) {
    float[] x = m.block(a);
    int xo = m.offset(a);
    float[] y = m.block(b);
    int yo = m.offset(b);
    double dot = 0;
    double nx = 0;
    double ny = 0;
    for (int i = 0; i < m.dim(); i++) {
      dot += (double) x[xo + i] * y[yo + i];
      nx += (double) x[xo + i] * x[xo + i];
      ny += (double) y[yo + i] * y[yo + i];
    }
    return dot / Math.sqrt(nx * ny);
  }
}
