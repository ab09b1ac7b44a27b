package dev.dlpipe.engines.detection.voc;

/** What voc_eval decided for one detection. */
public enum MatchOutcome {
  /** Best IoU above the threshold with a non-difficult object not matched before: a hit. */
  TRUE_POSITIVE,
  /**
   * No object of the class in the image, best IoU at or below the threshold, or the best object was
   * already matched by a higher-ranked detection (a duplicate).
   */
  FALSE_POSITIVE,
  /**
   * Best IoU above the threshold with a difficult object: neither hit nor miss. The detection still
   * takes a place in the ranking, with unchanged cumulative counts, as in voc_eval.
   */
  IGNORED
}
