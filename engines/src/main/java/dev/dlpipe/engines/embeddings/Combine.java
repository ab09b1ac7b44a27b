package dev.dlpipe.engines.embeddings;

/**
 * How the weights trained by several workers from the same starting point become the next round's
 * weights. Each worker's change of a row is {@code delta = trained - start}; a worker "touched" a
 * row when it updated it ({@code n} = its number of updates of the row).
 */
public enum Combine {
  /**
   * {@code start + Σ delta}: every worker's updates are kept, as if the workers had trained one
   * after the other from slightly stale weights (asynchronous SGD). Rows no worker touched stay.
   */
  SUM,
  /**
   * {@code start + Σ n·delta / Σ n}: the touched rows' changes averaged, weighted by the updates
   * each worker made.
   */
  WEIGHTED,
  /**
   * {@code start + Σ delta / k}, k the workers that touched the row: the plain average of the
   * touched rows (Spark MLlib's Word2Vec averages every row over the workers that changed it).
   */
  AVERAGE,
  /**
   * Between the two, per row: {@code start + Σ delta / k'} with {@code k' = clamp(N·alpha, 1, k)},
   * N the updates of the row by all workers in the round and alpha the round's learning rate. A row
   * updated so often that one worker's updates alone would have moved it to where the others move
   * it too (N·alpha large) is averaged; a row updated seldom, whose updates add up, is summed.
   */
  ADAPTIVE;

  /** The command-line name. */
  public String optionName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The mode named {@code s} (sum, weighted, average). */
  public static Combine named(String s) {
    for (Combine c : values()) {
      if (c.optionName().equals(s)) {
        return c;
      }
    }
    throw dev.dlpipe.engines.UserError.of(
        "unknown combination '" + s + "'",
        "the workers' weights can be combined by sum, weighted, average or adaptive",
        "pass --combine sum, weighted, average or adaptive");
  }
}
