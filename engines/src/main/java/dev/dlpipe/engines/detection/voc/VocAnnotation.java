package dev.dlpipe.engines.detection.voc;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A PASCAL VOC annotation file ({@code Annotations/<image id>.xml}): the image's file name and
 * size, and its objects in file order.
 *
 * @param filename the {@code <filename>} text, e.g. {@code 2007_000027.jpg}
 * @param width image width, pixels
 * @param height image height, pixels
 * @param depth number of colour channels (3 for RGB JPEGs)
 * @param objects the {@code <object>} elements, in file order (an unmodifiable copy)
 */
public record VocAnnotation(
    String filename, int width, int height, int depth, List<VocObject> objects)
    implements Serializable {
  public VocAnnotation {
    Objects.requireNonNull(filename, "filename");
    objects = List.copyOf(objects);
  }

  /** The objects named {@code className}, difficult ones included, in file order. */
  public List<VocObject> objectsOf(String className) {
    return objects.stream().filter(o -> o.name().equals(className)).toList();
  }
}
