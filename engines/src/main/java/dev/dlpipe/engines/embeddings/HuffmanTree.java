package dev.dlpipe.engines.embeddings;

import java.io.Serializable;

/**
 * Word2vec.c's Huffman tree over word counts, for hierarchical softmax: word {@code w} has a path
 * of {@code length(w)} inner nodes from the root ({@code point}, ids 0 .. V-2, the root is V-2) and
 * the branch taken at each ({@code code}, 0 or 1). Frequent words get short paths. Built with
 * word2vec.c's two-queue construction, so paths equal word2vec.c's for the same counts in the same
 * order. Stored flat: word {@code w}'s path is at {@code [start(w), start(w+1))}.
 */
public final class HuffmanTree implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] start;
  private final byte[] codes;
  private final int[] points;

  private HuffmanTree(int[] start, byte[] codes, int[] points) {
    this.start = start;
    this.codes = codes;
    this.points = points;
  }

  /** The tree for {@code counts}, which must be sorted descending (a {@link Word2VecVocab}). */
  public static HuffmanTree build(long[] counts) {
    int v = counts.length;
    if (v < 2) {
      // One word: no inner node; hierarchical softmax has nothing to learn.
      return new HuffmanTree(new int[v + 1], new byte[0], new int[0]);
    }
    long[] count = new long[2 * v - 1];
    int[] parent = new int[2 * v - 1];
    byte[] binary = new byte[2 * v - 1];
    System.arraycopy(counts, 0, count, 0, v);
    for (int a = v; a < count.length; a++) {
      count[a] = Long.MAX_VALUE / 4;
    }
    int pos1 = v - 1;
    int pos2 = v;
    for (int a = 0; a < v - 1; a++) {
      int min1;
      int min2;
      if (pos1 >= 0 && count[pos1] < count[pos2]) {
        min1 = pos1--;
      } else {
        min1 = pos2++;
      }
      if (pos1 >= 0 && count[pos1] < count[pos2]) {
        min2 = pos1--;
      } else {
        min2 = pos2++;
      }
      count[v + a] = count[min1] + count[min2];
      parent[min1] = v + a;
      parent[min2] = v + a;
      binary[min2] = 1;
    }
    int root = 2 * v - 2;
    int[] start = new int[v + 1];
    long total = 0;
    for (int w = 0; w < v; w++) {
      int len = 0;
      for (int b = w; b != root; b = parent[b]) {
        len++;
      }
      start[w] = (int) total;
      total += len;
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("Huffman paths exceed 2^31 entries");
      }
    }
    start[v] = (int) total;
    byte[] codes = new byte[(int) total];
    int[] points = new int[(int) total];
    for (int w = 0; w < v; w++) {
      int len = start[w + 1] - start[w];
      // Walk leaf -> root, filling the path from its end: point[0] is the root.
      int i = len - 1;
      int b = w;
      while (b != root) {
        codes[start[w] + i] = binary[b];
        int p = parent[b];
        points[start[w] + i] = p - v;
        b = p;
        i--;
      }
    }
    return new HuffmanTree(start, codes, points);
  }

  /** Where word {@code w}'s path starts in {@link #codes()} and {@link #points()}. */
  public int start(int w) {
    return start[w];
  }

  /** Length of word {@code w}'s path. */
  public int length(int w) {
    return start[w + 1] - start[w];
  }

  /** Branch bits of all paths, flat (shared). */
  public byte[] codes() {
    return codes;
  }

  /** Inner-node ids of all paths, flat (shared). */
  public int[] points() {
    return points;
  }

  int[] starts() {
    return start;
  }
}
