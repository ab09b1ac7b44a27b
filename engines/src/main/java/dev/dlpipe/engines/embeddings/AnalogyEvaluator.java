package dev.dlpipe.engines.embeddings;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Analogy accuracy counted exactly as word2vec.c's {@code compute-accuracy <vectors> <restrict>}
 * counts it:
 *
 * <ul>
 *   <li>only the first {@code restrict} words of the file are used (0 = all), each vector scaled to
 *       unit length in float arithmetic; words are upper-cased (ASCII) and a question word matches
 *       the first word equal to it; words of 50 bytes or more never match (compute-accuracy keeps
 *       50 bytes of a word);
 *   <li>a question is <i>seen</i> when all four of its words are among those words;
 *   <li>the answer is the word whose vector has the largest dot product, strictly above 0, with
 *       {@code (b - a) + c}, leaving out a, b and c themselves (the first such word wins a tie);
 *   <li>it is correct when that word equals the expected one.
 * </ul>
 *
 * The dot products are summed in the same order as compute-accuracy's, one float at a time, so ties
 * and near-ties fall the same way; they run over blocks of questions at once, which makes the work
 * vectorizable without changing any sum.
 */
public final class AnalogyEvaluator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** compute-accuracy's max_w: a vocabulary word keeps at most this many bytes. */
  static final int MAX_WORD_BYTES = 50;

  /** Questions evaluated together. */
  private static final int BATCH = 256;

  private final String[] words;
  private final FloatRows unit;
  private final Map<String, Integer> index;

  private AnalogyEvaluator(String[] words, FloatRows unit) {
    this.words = words;
    this.unit = unit;
    this.index = new HashMap<>(words.length * 2);
    for (int i = words.length - 1; i >= 0; i--) {
      if (words[i] != null) {
        index.put(words[i], i);
      }
    }
  }

  /** The evaluator over the first {@code restrict} words of {@code vectors} (0 = all). */
  public static AnalogyEvaluator of(WordVectors vectors, int restrict) {
    int n = restrict > 0 ? Math.min(restrict, vectors.size()) : vectors.size();
    int dim = vectors.dim();
    String[] w = new String[n];
    FloatRows unit = new FloatRows(n, dim);
    for (int i = 0; i < n; i++) {
      String word = vectors.words()[i];
      w[i] =
          word.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= MAX_WORD_BYTES
              ? null
              : AnalogyQuestions.upper(word);
      float[] src = vectors.vectors().block(i);
      int so = vectors.vectors().offset(i);
      float[] dst = unit.block(i);
      int d0 = unit.offset(i);
      float len = 0;
      for (int a = 0; a < dim; a++) {
        len += src[so + a] * src[so + a];
      }
      len = (float) Math.sqrt(len);
      for (int a = 0; a < dim; a++) {
        dst[d0 + a] = src[so + a] / len;
      }
    }
    return new AnalogyEvaluator(w, unit);
  }

  /** Number of words questions are answered from. */
  public int words() {
    return words.length;
  }

  /** Evaluates {@code questions} (any subset of {@code all}'s questions). */
  public AnalogyStats evaluate(AnalogyQuestions all, List<AnalogyQuestions.Question> questions) {
    AnalogyStats stats = new AnalogyStats(all.sections());
    int dim = unit.dim();
    int[] qa = new int[BATCH];
    int[] qb = new int[BATCH];
    int[] qc = new int[BATCH];
    int[] qs = new int[BATCH];
    String[] qd = new String[BATCH];
    float[][] vecT = new float[dim][BATCH];
    float[] acc = new float[BATCH];
    float[] best = new float[BATCH];
    int[] bestRow = new int[BATCH];
    int pending = 0;
    for (int k = 0; k <= questions.size(); k++) {
      if (k < questions.size()) {
        AnalogyQuestions.Question q = questions.get(k);
        Integer a = index.get(q.a());
        Integer b = index.get(q.b());
        Integer c = index.get(q.c());
        Integer d = index.get(q.expected());
        if (a == null || b == null || c == null || d == null) {
          stats.count(q.section(), false, false);
          continue;
        }
        qa[pending] = a;
        qb[pending] = b;
        qc[pending] = c;
        qs[pending] = q.section();
        qd[pending] = q.expected();
        pending++;
        if (pending < BATCH) {
          continue;
        }
      }
      if (pending == 0) {
        continue;
      }
      prepare(pending, qa, qb, qc, vecT);
      scan(pending, qa, qb, qc, vecT, acc, best, bestRow);
      for (int j = 0; j < pending; j++) {
        boolean correct = bestRow[j] >= 0 && qd[j].equals(words[bestRow[j]]);
        stats.count(qs[j], true, correct);
      }
      pending = 0;
    }
    return stats;
  }

  /** vecT[a][j] = (M[b] - M[a]) + M[c] for question j, zero for unused slots. */
  private void prepare(int n, int[] qa, int[] qb, int[] qc, float[][] vecT) {
    int dim = unit.dim();
    for (float[] row : vecT) {
      java.util.Arrays.fill(row, 0f);
    }
    for (int j = 0; j < n; j++) {
      float[] ba = unit.block(qa[j]);
      int oa = unit.offset(qa[j]);
      float[] bb = unit.block(qb[j]);
      int ob = unit.offset(qb[j]);
      float[] bc = unit.block(qc[j]);
      int oc = unit.offset(qc[j]);
      for (int a = 0; a < dim; a++) {
        vecT[a][j] = (bb[ob + a] - ba[oa + a]) + bc[oc + a];
      }
    }
  }

  private void scan(
      int n,
      int[] qa,
      int[] qb,
      int[] qc,
      float[][] vecT,
      float[] acc,
      float[] best,
      int[] bestRow) {
    int dim = unit.dim();
    java.util.Arrays.fill(best, 0f);
    java.util.Arrays.fill(bestRow, -1);
    int rows = words.length;
    for (int c = 0; c < rows; c++) {
      float[] m = unit.block(c);
      int mo = unit.offset(c);
      java.util.Arrays.fill(acc, 0f);
      for (int a = 0; a < dim; a++) {
        float x = m[mo + a];
        float[] v = vecT[a];
        for (int j = 0; j < BATCH; j++) {
          acc[j] += v[j] * x;
        }
      }
      for (int j = 0; j < n; j++) {
        if (acc[j] > best[j] && c != qa[j] && c != qb[j] && c != qc[j]) {
          best[j] = acc[j];
          bestRow[j] = c;
        }
      }
    }
  }
}
