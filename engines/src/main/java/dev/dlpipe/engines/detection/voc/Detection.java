package dev.dlpipe.engines.detection.voc;

import java.io.Serializable;
import java.util.Objects;

/**
 * One detection of one class, as a line of a py-faster-rcnn detection file ({@code
 * comp4_det_test_<class>.txt}: {@code image_id score xmin ymin xmax ymax}).
 *
 * <p>{@code sequence} fixes the order of detections with equal scores: evaluation sorts by score
 * descending, then by {@code sequence} ascending. {@link DetectionFile} sets it to the 0-based line
 * index, which reproduces a stable sort of the file. A distributed job must carry the same number
 * (e.g. the line index) so that any partitioning gives the same result.
 *
 * @param imageId the image id (annotation file name without {@code .xml})
 * @param score confidence; higher is more confident; finite
 * @param box the box in VOC pixel coordinates (1-based, inclusive)
 * @param sequence tie-break rank among detections of the same class with equal scores
 */
public record Detection(String imageId, double score, VocBox box, long sequence)
    implements Serializable {
  public Detection {
    Objects.requireNonNull(imageId, "imageId");
    Objects.requireNonNull(box, "box");
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException(
          "detection score must be finite, got " + score + " for image " + imageId);
    }
  }
}
