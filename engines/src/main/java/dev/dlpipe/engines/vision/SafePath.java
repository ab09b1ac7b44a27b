package dev.dlpipe.engines.vision;

import java.util.ArrayList;
import java.util.List;

/**
 * File names taken from data (COCO's {@code file_name}, VOC's {@code <filename>}, ids from an image
 * set) must name a file below the dataset's images root. This checks the name alone, before any
 * filesystem is asked: no absolute path ({@code /x}, {@code \x}, {@code C:...}), no URI scheme
 * ({@code file:}, {@code hdfs:}), no {@code ..} segment, no empty name, no NUL or control
 * character. Backslashes count as separators, so a Windows-style {@code ..\..\x} is refused too.
 */
public final class SafePath {
  private SafePath() {}

  /**
   * The name as a clean relative path ({@code /}-separated, {@code .} segments and repeated
   * separators dropped), or null when it could escape the root; {@link #why} says why.
   */
  public static String relative(String name) {
    return why(name) == null ? clean(name) : null;
  }

  /** Why {@code name} is refused, or null when it is a safe relative path. */
  public static String why(String name) {
    if (name == null || name.isBlank()) {
      return "the file name is empty";
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < 0x20) {
        return "the file name contains a control character";
      }
    }
    String n = name.replace('\\', '/');
    if (n.startsWith("/")) {
      return "the file name is an absolute path";
    }
    if (n.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return "the file name starts with a drive letter or URI scheme";
    }
    for (String segment : n.split("/")) {
      if (segment.equals("..")) {
        return "the file name has a '..' segment, which could leave the images root";
      }
    }
    if (clean(name).isEmpty()) {
      return "the file name names no file";
    }
    return null;
  }

  private static String clean(String name) {
    List<String> parts = new ArrayList<>();
    for (String segment : name.replace('\\', '/').split("/")) {
      if (!segment.isEmpty() && !segment.equals(".")) {
        parts.add(segment);
      }
    }
    return String.join("/", parts);
  }
}
