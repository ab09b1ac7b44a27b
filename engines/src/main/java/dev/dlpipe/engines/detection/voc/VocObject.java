package dev.dlpipe.engines.detection.voc;

import java.io.Serializable;
import java.util.Objects;

/**
 * One {@code <object>} of a VOC annotation file.
 *
 * @param name class name, e.g. {@code chair}; matched against detection class names exactly
 * @param pose the {@code <pose>} text ({@code Unspecified}, {@code Left}, ...); informative only
 * @param truncated the {@code <truncated>} flag; informative only, evaluation ignores it
 * @param difficult the {@code <difficult>} flag: such an object is neither a hit nor a miss (it is
 *     not counted in the number of positives, and a detection matching it is ignored)
 * @param box the {@code <bndbox>} as in the file (1-based inclusive pixel coordinates)
 */
public record VocObject(String name, String pose, boolean truncated, boolean difficult, VocBox box)
    implements Serializable {
  public VocObject {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pose, "pose");
    Objects.requireNonNull(box, "box");
  }
}
