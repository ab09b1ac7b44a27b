package dev.dlpipe.engines.embeddings;

import dev.dlpipe.engines.UserError;
import java.io.Serializable;

/**
 * Word2Vec hyperparameters, with word2vec.c's meaning and defaults.
 *
 * @param cbow continuous bag of words (true, word2vec.c's default) or skip-gram
 * @param dim vector size ({@code -size}, default 100)
 * @param window maximum distance between the current and a context word ({@code -window}, 5); each
 *     position uses a window drawn uniformly from 1..window
 * @param negative negative samples per word ({@code -negative}, 5; 0 = none)
 * @param hs hierarchical softmax ({@code -hs}, off)
 * @param sample subsampling threshold ({@code -sample}; 0 = off)
 * @param alpha starting learning rate ({@code -alpha}; word2vec.c: 0.05 for CBOW, 0.025 for
 *     skip-gram); it falls linearly to {@code minAlpha} over all iterations
 * @param minAlpha the learning rate at the end (gensim's {@code min_alpha}); word2vec.c's is {@code
 *     alpha * 1e-4} ({@link #defaultMinAlpha})
 * @param iter passes over the corpus ({@code -iter}, 5)
 * @param minCount words seen fewer times are left out ({@code -min-count}, 5)
 * @param seed seed of every random choice (initial vectors, windows, samples)
 * @param initRange word vectors start uniform in {@code [-initRange, initRange) / dim}: 1 is gensim
 *     4's initialisation (the default), 0.5 word2vec.c's. On the reference corpus the wider start
 *     gives about a tenth more correct analogies at the same learning rate.
 */
public record Word2VecParams(
    boolean cbow,
    int dim,
    int window,
    int negative,
    boolean hs,
    double sample,
    double alpha,
    double minAlpha,
    int iter,
    long minCount,
    long seed,
    double initRange)
    implements Serializable {

  /** Gensim 4's initial range (word2vec.c's is 0.5). */
  public static final double DEFAULT_INIT_RANGE = 1.0;

  /** Word2vec.c's default starting learning rate for the model. */
  public static double defaultAlpha(boolean cbow) {
    return cbow ? 0.05 : 0.025;
  }

  /** Word2vec.c's final learning rate: {@code alpha * 1e-4}. */
  public static double defaultMinAlpha(double alpha) {
    return alpha * 1e-4;
  }

  public Word2VecParams {
    check(dim >= 1 && dim <= 10_000, "--dim " + dim, "between 1 and 10000");
    check(window >= 1 && window <= 1000, "--window " + window, "between 1 and 1000");
    check(negative >= 0 && negative <= 1000, "--negative " + negative, "between 0 and 1000");
    check(
        negative > 0 || hs,
        "--negative 0 without --hs",
        "nothing to train: pass --hs or --negative N");
    check(
        sample >= 0 && sample < 1,
        "--sample " + sample,
        "0 (off) or a small fraction such as 1e-4");
    check(alpha > 0 && alpha < 10, "--alpha " + alpha, "a positive learning rate such as 0.025");
    check(
        minAlpha > 0 && minAlpha <= alpha,
        "--min-alpha " + minAlpha,
        "a rate above 0 and at most --alpha (" + alpha + ")");
    check(iter >= 1 && iter <= 10_000, "--iter " + iter, "between 1 and 10000");
    check(minCount >= 1, "--min-count " + minCount, "1 or more");
    check(
        initRange > 0 && initRange <= 100,
        "--init-range " + initRange,
        "a positive range such as 1 (gensim 4) or 0.5 (word2vec.c)");
  }

  private static void check(boolean ok, String what, String expected) {
    if (!ok) {
      throw UserError.of(
          "invalid Word2Vec setting " + what,
          "the value is outside what word2vec can train with",
          "pass " + expected);
    }
  }

  /** A one-line description, e.g. {@code cbow|dim:100|window:5|negative:5|hs:0|sample:1e-4|...}. */
  public String describe() {
    return (cbow ? "cbow" : "skipgram")
        + "|dim:"
        + dim
        + "|window:"
        + window
        + "|negative:"
        + negative
        + "|hs:"
        + (hs ? 1 : 0)
        + "|sample:"
        + sample
        + "|alpha:"
        + alpha
        + "|min-alpha:"
        + minAlpha
        + "|iter:"
        + iter
        + "|min-count:"
        + minCount
        + "|seed:"
        + seed
        + "|init-range:"
        + initRange;
  }
}
