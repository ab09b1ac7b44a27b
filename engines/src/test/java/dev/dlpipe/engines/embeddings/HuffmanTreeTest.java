package dev.dlpipe.engines.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HuffmanTreeTest {
  @Test
  void word2vecCsTreeForSmallCounts() {
    // Counts 5, 3, 2, 1: word2vec.c joins words 3 and 2 (1, 2) into node 4 (3); then node 4 and
    // word 1 (a tie, which takes the new node first) into node 5 (6); then word 0 and node 5 into
    // the
    // root, node 6. Inner-node ids are node - V (root 2, node 5 -> 1, node 4 -> 0); the branch bit
    // is
    // 1 for the second of each joined pair.
    HuffmanTree t = HuffmanTree.build(new long[] {5, 3, 2, 1});
    assertThat(path(t, 0)).isEqualTo("2:0");
    assertThat(path(t, 1)).isEqualTo("2:1 1:1");
    assertThat(path(t, 2)).isEqualTo("2:1 1:0 0:1");
    assertThat(path(t, 3)).isEqualTo("2:1 1:0 0:0");
  }

  @Test
  void codesArePrefixFreeAndFrequentWordsShort() {
    long[] counts = new long[200];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = 100_000 / (i + 1);
    }
    HuffmanTree t = HuffmanTree.build(counts);
    Set<String> codes = new HashSet<>();
    for (int w = 0; w < counts.length; w++) {
      StringBuilder c = new StringBuilder();
      for (int k = t.start(w); k < t.start(w) + t.length(w); k++) {
        c.append(t.codes()[k]);
        assertThat(t.points()[k]).isBetween(0, counts.length - 2);
      }
      assertThat(t.points()[t.start(w)]).isEqualTo(counts.length - 2);
      codes.add(c.toString());
    }
    for (String a : codes) {
      for (String b : codes) {
        assertThat(a.equals(b) || !b.startsWith(a)).as(a + " prefix of " + b).isTrue();
      }
    }
    assertThat(codes).hasSize(counts.length);
    assertThat(t.length(0)).isLessThan(t.length(199));
  }

  private static String path(HuffmanTree t, int w) {
    StringBuilder sb = new StringBuilder();
    for (int k = t.start(w); k < t.start(w) + t.length(w); k++) {
      sb.append(sb.length() > 0 ? " " : "").append(t.points()[k]).append(':').append(t.codes()[k]);
    }
    return sb.toString();
  }
}
