package dev.dlpipe.engines.embeddings;

import java.util.HashMap;
import java.util.Map;

/**
 * Words and their vectors, in file order (word2vec.c writes the most frequent word first).
 *
 * @param words the words; row {@code i} of {@code vectors} is word {@code i}'s vector
 * @param vectors words × dim
 */
public record WordVectors(String[] words, FloatRows vectors) {
  public WordVectors {
    if (words.length != vectors.rows()) {
      throw new IllegalArgumentException(
          words.length + " words but " + vectors.rows() + " vectors");
    }
  }

  /** Number of words. */
  public int size() {
    return words.length;
  }

  /** Vector size. */
  public int dim() {
    return vectors.dim();
  }

  /** Each word's first row (a word listed twice keeps its first, more frequent, entry). */
  public Map<String, Integer> index() {
    Map<String, Integer> m = new HashMap<>(words.length * 2);
    for (int i = words.length - 1; i >= 0; i--) {
      m.put(words[i], i);
    }
    return m;
  }
}
