package dev.dlpipe.engines.embeddings;

import java.io.Serializable;

/**
 * The trainable weights of a Word2Vec model, word2vec.c's arrays: {@code syn0} (the word vectors, V
 * × dim), {@code syn1neg} (output vectors for negative sampling, V × dim, or null) and {@code syn1}
 * (hierarchical-softmax inner nodes, V-1 × dim, or null).
 */
public final class Word2VecWeights implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FloatRows syn0;
  private final FloatRows syn1neg;
  private final FloatRows syn1;

  public Word2VecWeights(FloatRows syn0, FloatRows syn1neg, FloatRows syn1) {
    this.syn0 = syn0;
    this.syn1neg = syn1neg;
    this.syn1 = syn1;
  }

  /**
   * Word2vec.c's initialisation, widened by {@link Word2VecParams#initRange()}: word vectors
   * uniform in [-r, r) / dim from word2vec.c's LCG started at {@code seed} (word2vec.c starts at 1
   * and uses r = 0.5), output weights zero.
   */
  public static Word2VecWeights init(int vocabSize, Word2VecParams p) {
    int dim = p.dim();
    FloatRows syn0 = new FloatRows(vocabSize, dim);
    long next = p.seed();
    float width = (float) (2 * p.initRange());
    for (int r = 0; r < vocabSize; r++) {
      float[] b = syn0.block(r);
      int o = syn0.offset(r);
      for (int c = 0; c < dim; c++) {
        next = next * 25214903917L + 11;
        b[o + c] = (((next & 0xFFFF) / 65536f) - 0.5f) * width / dim;
      }
    }
    FloatRows neg = p.negative() > 0 ? new FloatRows(vocabSize, dim) : null;
    FloatRows hs = p.hs() ? new FloatRows(Math.max(0, vocabSize - 1), dim) : null;
    return new Word2VecWeights(syn0, neg, hs);
  }

  public FloatRows syn0() {
    return syn0;
  }

  /** Null without negative sampling. */
  public FloatRows syn1neg() {
    return syn1neg;
  }

  /** Null without hierarchical softmax. */
  public FloatRows syn1() {
    return syn1;
  }

  /** The matrices in a fixed order (syn0, syn1neg, syn1), nulls included. */
  public FloatRows[] matrices() {
    return new FloatRows[] {syn0, syn1neg, syn1};
  }

  /** A deep copy. */
  public Word2VecWeights copy() {
    return new Word2VecWeights(
        syn0.copy(), syn1neg == null ? null : syn1neg.copy(), syn1 == null ? null : syn1.copy());
  }

  /** Number of trainable parameters. */
  public long parameters() {
    long n = 0;
    for (FloatRows m : matrices()) {
      if (m != null) {
        n += m.rows() * m.dim();
      }
    }
    return n;
  }
}
