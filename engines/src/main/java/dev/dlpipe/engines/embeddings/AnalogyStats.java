package dev.dlpipe.engines.embeddings;

import java.io.Serializable;
import java.util.List;

/**
 * Counts of an analogy evaluation, per section: questions in the file, questions seen (all four
 * words among the evaluated words) and answered correctly. Mergeable: evaluate parts of the
 * questions anywhere and {@link #add} the counts.
 */
public final class AnalogyStats implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> sections;
  private final long[] questions;
  private final long[] seen;
  private final long[] correct;

  /** Zero counts for these sections. */
  public AnalogyStats(List<String> sections) {
    this.sections = List.copyOf(sections);
    int n = sections.size();
    questions = new long[n];
    seen = new long[n];
    correct = new long[n];
  }

  void count(int section, boolean wasSeen, boolean wasCorrect) {
    questions[section]++;
    if (wasSeen) {
      seen[section]++;
    }
    if (wasCorrect) {
      correct[section]++;
    }
  }

  /** Adds {@code other}'s counts (same sections) to these; returns this. */
  public AnalogyStats add(AnalogyStats other) {
    if (!other.sections.equals(sections)) {
      throw new IllegalArgumentException("different sections");
    }
    for (int i = 0; i < questions.length; i++) {
      questions[i] += other.questions[i];
      seen[i] += other.seen[i];
      correct[i] += other.correct[i];
    }
    return this;
  }

  /** Section names; index 0 holds questions before the first section line (usually none). */
  public List<String> sections() {
    return sections;
  }

  public long questions(int s) {
    return questions[s];
  }

  public long seen(int s) {
    return seen[s];
  }

  public long correct(int s) {
    return correct[s];
  }

  /** Questions in the file (compute-accuracy's "total"). */
  public long totalQuestions() {
    return sum(questions, 0, questions.length);
  }

  /** Questions seen, all sections. */
  public long totalSeen() {
    return sum(seen, 0, seen.length);
  }

  /** Correct answers, all sections. */
  public long totalCorrect() {
    return sum(correct, 0, correct.length);
  }

  /** Seen questions of sections 0..5 (compute-accuracy's semantic questions). */
  public long semanticSeen() {
    return sum(seen, 0, semanticEnd());
  }

  public long semanticCorrect() {
    return sum(correct, 0, semanticEnd());
  }

  public long syntacticSeen() {
    return sum(seen, semanticEnd(), seen.length);
  }

  public long syntacticCorrect() {
    return sum(correct, semanticEnd(), correct.length);
  }

  private int semanticEnd() {
    return Math.min(sections.size(), AnalogyQuestions.SEMANTIC_SECTIONS + 1);
  }

  /** {@code correct / seen}, or NaN when nothing was seen. */
  public static double accuracy(long correct, long seen) {
    return seen == 0 ? Double.NaN : correct / (double) seen;
  }

  private static long sum(long[] a, int from, int to) {
    long s = 0;
    for (int i = from; i < to; i++) {
      s += a[i];
    }
    return s;
  }
}
