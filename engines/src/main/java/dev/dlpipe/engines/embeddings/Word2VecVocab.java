package dev.dlpipe.engines.embeddings;

import dev.dlpipe.engines.text.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words a Word2Vec model has vectors for: every word seen at least {@code minCount} times,
 * ordered by count descending and, for equal counts, by the word in code point order (the order of
 * {@link Vocabulary#ORDER}, so ids do not depend on how the corpus was partitioned). Word2vec.c
 * orders equal counts by first occurrence and keeps a {@code </s>} entry at index 0; neither
 * changes training, and a vectors file written from this vocabulary lists the words in this order.
 */
public final class Word2VecVocab implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] words;
  private final long[] counts;
  private final long trainWords;
  private transient volatile Map<String, Integer> ids;

  private Word2VecVocab(String[] words, long[] counts) {
    this.words = words;
    this.counts = counts;
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    this.trainWords = total;
  }

  /**
   * Builds the vocabulary from word counts (any order, each word once).
   *
   * @param counts words and their number of occurrences
   * @param minCount words seen fewer times are left out
   */
  public static Word2VecVocab build(Iterable<Vocabulary.TokenCount> counts, long minCount) {
    List<Vocabulary.TokenCount> kept = new ArrayList<>();
    for (Vocabulary.TokenCount tc : counts) {
      if (tc.count() >= minCount) {
        kept.add(tc);
      }
    }
    kept.sort(Vocabulary.ORDER);
    String[] w = new String[kept.size()];
    long[] c = new long[kept.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = kept.get(i).token();
      c[i] = kept.get(i).count();
    }
    return new Word2VecVocab(w, c);
  }

  /** Number of words. */
  public int size() {
    return words.length;
  }

  /** The word with id {@code i}. */
  public String word(int i) {
    return words[i];
  }

  /** Occurrences of word {@code i} in the corpus. */
  public long count(int i) {
    return counts[i];
  }

  /** All counts, by id (shared, do not modify). */
  long[] counts() {
    return counts;
  }

  /** Words of the corpus that are in the vocabulary: the words one epoch trains on. */
  public long trainWords() {
    return trainWords;
  }

  /** The id of {@code word}, or -1 when it is not in the vocabulary. */
  public int id(String word) {
    Map<String, Integer> m = ids;
    if (m == null) {
      m = new HashMap<>(words.length * 2);
      for (int i = 0; i < words.length; i++) {
        m.put(words[i], i);
      }
      ids = m;
    }
    Integer id = m.get(word);
    return id == null ? -1 : id;
  }

  /** The words in id order (a copy). */
  public String[] words() {
    return words.clone();
  }
}
