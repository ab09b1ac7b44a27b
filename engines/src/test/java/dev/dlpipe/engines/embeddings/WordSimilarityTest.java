package dev.dlpipe.engines.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * gensim 4.2's {@code evaluate_word_pairs} on word2vec.c's CBOW vectors (the bundled WordSim-353
 * words of them): Spearman 0.30715579070323534, Pearson 0.32588603480135997, 19 of 353 pairs out of
 * vocabulary.
 */
class WordSimilarityTest {
  @Test
  void equalsGensimOnWord2VecVectors() {
    WordSimilarity.Result r =
        WordSimilarity.evaluate(
            Word2VecFiles.read(Word2VecFiles.sample("wordsim353_vectors_cbow100.bin"), 0),
            Word2VecFiles.text(Word2VecFiles.sample("wordsim353.tsv")));
    assertThat(r.pairs()).isEqualTo(334);
    assertThat(r.oov()).isEqualTo(19);
    assertThat(r.skipped()).isZero();
    assertThat(r.oovPercent()).isCloseTo(5.382436260623229, within(1e-12));
    assertThat(r.spearman()).isCloseTo(0.30715579070323534, within(1e-12));
    assertThat(r.pearson()).isCloseTo(0.32588603480135997, within(1e-6));
  }

  @Test
  void commentsMalformedLinesAndCase() {
    WordVectors v =
        new WordVectors(
            new String[] {"a", "b", "c", "A"},
            rows(new float[][] {{1, 0}, {1, 1}, {0, 1}, {-1, 0}}));
    WordSimilarity.Result r =
        WordSimilarity.evaluate(v, "# comment\nA\tb\t1\na\tc\t0.5\nb\tc\t3\nb\tzz\t2\nbad line\n");
    // "A" looks up the first spelling, "a"; the pair with zz is out of vocabulary.
    assertThat(r.pairs()).isEqualTo(3);
    assertThat(r.oov()).isEqualTo(1);
    assertThat(r.skipped()).isEqualTo(1);
    // model: cos(a,b)=0.707, cos(a,c)=0, cos(b,c)=0.707 -> ranks 2.5,1,2.5 vs gold 1,0.5,3 -> 2,1,3
    assertThat(r.spearman())
        .isCloseTo(
            Spearman.pearson(new double[] {2, 1, 3}, new double[] {2.5, 1, 2.5}), within(1e-12));
  }

  static FloatRows rows(float[][] v) {
    FloatRows m = new FloatRows(v.length, v[0].length);
    for (int i = 0; i < v.length; i++) {
      m.setRow(i, v[i]);
    }
    return m;
  }
}
