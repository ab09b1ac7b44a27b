package dev.dlpipe.pipelines.ops;

/**
 * How many records a run read, wrote and rejected. Every job must reconcile: read = written +
 * rejected.
 *
 * @param read input records read
 * @param written records written to the job's main table
 * @param rejected records sent to the quarantine table
 */
public record RowCounts(long read, long written, long rejected) {
  /** Whether read = written + rejected. */
  public boolean reconciles() {
    return read == written + rejected;
  }

  @Override
  public String toString() {
    return "read "
        + read
        + " = written "
        + written
        + " + rejected "
        + rejected
        + (reconciles() ? "" : " (DOES NOT RECONCILE)");
  }
}
