package dev.dlpipe.engines.detection.voc;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Mergeable matching statistics of one class: the number of positives (non-difficult objects) and,
 * per detection, its score, tie-break {@code sequence} and {@link MatchOutcome}. AP is a function
 * of this alone ({@link VocAp#compute}), so per-image statistics can be computed anywhere (one per
 * Spark task) and merged in any order with {@link #add}: the result is the same as evaluating all
 * images at once, because voc_eval's matching of a detection depends only on the higher-ranked
 * detections of the same image.
 *
 * <p>Mutable for allocation-light accumulation: {@link #add} and {@link #record} change this
 * object. Not thread-safe.
 */
public final class ClassMatches implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String className;
  private long positives;
  private int size;
  private double[] scores = new double[8];
  private long[] sequences = new long[8];
  private byte[] outcomes = new byte[8];

  /** Empty statistics (no positives, no detections) for {@code className}. */
  public ClassMatches(String className) {
    this.className = className;
  }

  /** The class these statistics are for. */
  public String className() {
    return className;
  }

  /** Non-difficult ground-truth objects of the class: the denominator of recall ("npos"). */
  public long positives() {
    return positives;
  }

  /** Number of detections recorded. */
  public int detections() {
    return size;
  }

  /** Adds {@code count} non-difficult objects to the positives. */
  public ClassMatches addPositives(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("positives cannot be negative: " + count);
    }
    positives += count;
    return this;
  }

  /** Records one matched detection. */
  public ClassMatches record(double score, long sequence, MatchOutcome outcome) {
    if (size == scores.length) {
      int n = Math.max(8, size * 2);
      scores = Arrays.copyOf(scores, n);
      sequences = Arrays.copyOf(sequences, n);
      outcomes = Arrays.copyOf(outcomes, n);
    }
    scores[size] = score;
    sequences[size] = sequence;
    outcomes[size] = (byte) outcome.ordinal();
    size++;
    return this;
  }

  /** Adds {@code other} (same class) into this; returns this. Associative and commutative. */
  public ClassMatches add(ClassMatches other) {
    if (!className.equals(other.className)) {
      throw new IllegalArgumentException(
          "cannot merge statistics of class " + other.className + " into " + className);
    }
    positives += other.positives;
    for (int i = 0; i < other.size; i++) {
      record(other.scores[i], other.sequences[i], outcome(other.outcomes[i]));
    }
    return this;
  }

  /** Score of recorded detection {@code i} (recording order). */
  public double score(int i) {
    return scores[checked(i)];
  }

  /** Tie-break sequence of recorded detection {@code i} (recording order). */
  public long sequence(int i) {
    return sequences[checked(i)];
  }

  /** Outcome of recorded detection {@code i} (recording order). */
  public MatchOutcome outcome(int i) {
    return outcome(outcomes[checked(i)]);
  }

  private int checked(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("detection " + i + " of " + size);
    }
    return i;
  }

  private static MatchOutcome outcome(byte b) {
    return MatchOutcome.values()[b];
  }

  /**
   * Recorded detections in ranking order: score descending, then sequence ascending, then recording
   * order (a stable sort).
   */
  int[] rankingOrder() {
    Integer[] idx = new Integer[size];
    for (int i = 0; i < size; i++) {
      idx[i] = i;
    }
    Arrays.sort(
        idx,
        (a, b) -> {
          // Larger scores first, as voc_eval's sort of -confidence. Scores are finite; == (unlike
          // Double.compare) treats 0.0 and -0.0 as the tie numpy sees.
          double sa = scores[a];
          double sb = scores[b];
          if (sa != sb) {
            return sa > sb ? -1 : 1;
          }
          return Long.compare(sequences[a], sequences[b]);
        });
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = idx[i];
    }
    return out;
  }
}
