package dev.dlpipe.engines.embeddings;

import dev.dlpipe.engines.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** Nearest words by cosine similarity, as word2vec.c's {@code distance} tool lists them. */
public final class Neighbors {
  private Neighbors() {}

  /** A word and its cosine similarity to the query. */
  public record Neighbor(String word, double cosine) {}

  /**
   * The {@code k} words closest to {@code word} (itself left out), most similar first.
   *
   * @throws UserError when the word has no vector
   */
  public static List<Neighbor> of(WordVectors vectors, String word, int k) {
    Integer q = vectors.index().get(word);
    if (q == null) {
      throw UserError.of(
          "'" + word + "' has no vector",
          "it is not among the " + vectors.size() + " words of the file (words are case-sensitive)",
          "try another spelling, e.g. lower case");
    }
    FloatRows m = vectors.vectors();
    int dim = m.dim();
    float[] qb = m.block(q);
    int qo = m.offset(q);
    double qn = 0;
    for (int a = 0; a < dim; a++) {
      qn += (double) qb[qo + a] * qb[qo + a];
    }
    qn = Math.sqrt(qn);
    PriorityQueue<Neighbor> top =
        new PriorityQueue<>(k + 1, (x, y) -> Double.compare(x.cosine(), y.cosine()));
    for (int c = 0; c < vectors.size(); c++) {
      if (c == q) {
        continue;
      }
      float[] b = m.block(c);
      int o = m.offset(c);
      double dot = 0;
      double n = 0;
      for (int a = 0; a < dim; a++) {
        dot += (double) qb[qo + a] * b[o + a];
        n += (double) b[o + a] * b[o + a];
      }
      double cos = dot / (qn * Math.sqrt(n));
      if (top.size() < k) {
        top.add(new Neighbor(vectors.words()[c], cos));
      } else if (k > 0 && cos > top.peek().cosine()) {
        top.poll();
        top.add(new Neighbor(vectors.words()[c], cos));
      }
    }
    List<Neighbor> out = new ArrayList<>(top);
    out.sort((x, y) -> Double.compare(y.cosine(), x.cosine()));
    return out;
  }
}
