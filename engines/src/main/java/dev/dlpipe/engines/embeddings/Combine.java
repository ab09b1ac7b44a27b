package dev.dlpipe.engines.embeddings;

/**
 * How the weights trained by P workers from the same starting point become the next round's
 * weights. Each worker's change of a row is {@code delta = trained - start}.
 *
 * <p>Measured on word2vec.c's reference corpus (CBOW, 5 epochs, 4 rounds per epoch, 4 workers):
 * {@link #AVERAGE} 447 correct analogies of 10,508 (word2vec.c on one machine: 450), {@link #SUM}
 * 3, {@link #TOUCHED} 31. Summing overshoots on the rows every worker moves to the same place (the
 * frequent words); averaging at the plain rate keeps only 1/P of the progress of the rows that are
 * still learning; averaging with every worker learning P times faster does both right.
 */
public enum Combine {
  /**
   * Workers learn at P times the learning rate; {@code start + Σ delta / P} (an untouched row
   * counts as no change). Where updates add up (a row far from where it settles), this moves a row
   * exactly as far as one machine on all the data would; where every worker drives a row to the
   * same place (frequent words), the average lands there instead of P times past it. The P-fold
   * rate is also its limit: with CBOW's alpha 0.05, one worker at 4 times the rate finds about 300
   * analogies instead of 527 and at 8 times diverges, so 8 or more workers need short slices (the
   * word2vec pipeline's default rounds) or fewer workers with more threads each.
   */
  AVERAGE,
  /**
   * {@code start + Σ delta} at the plain learning rate: every worker's updates kept, as if they had
   * trained one after another from stale weights. Overshoots on frequent words.
   */
  SUM,
  /**
   * {@code start + Σ delta / k} at the plain learning rate, k the workers that touched the row:
   * Spark MLlib's way. Keeps only 1/k of the progress of rows still learning.
   */
  TOUCHED;

  /** The command-line name. */
  public String optionName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** How much faster than the run's learning rate each of {@code workers} workers learns. */
  public double rateScale(int workers) {
    return this == AVERAGE ? workers : 1;
  }

  /** The mode named {@code s} (average, sum, touched). */
  public static Combine named(String s) {
    for (Combine c : values()) {
      if (c.optionName().equals(s)) {
        return c;
      }
    }
    throw dev.dlpipe.engines.UserError.of(
        "unknown combination '" + s + "'",
        "the workers' weights can be combined by average, sum or touched",
        "pass --combine average, sum or touched");
  }
}
