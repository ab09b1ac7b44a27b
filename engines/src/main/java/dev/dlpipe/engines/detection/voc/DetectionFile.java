package dev.dlpipe.engines.detection.voc;

import dev.dlpipe.engines.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads py-faster-rcnn detection files: one detection per line, {@code image_id score xmin ymin
 * xmax ymax}, boxes in VOC pixel coordinates (1-based, inclusive), one file per class ({@code
 * dets/<class>.txt}, or {@code comp4_det_test_<class>.txt} as py-faster-rcnn writes them).
 *
 * <p>Each {@link Detection}'s {@code sequence} is its 0-based line index, so equal scores keep file
 * order (see {@link Detection}). Fields are separated by runs of white space (the reference splits
 * at single spaces only, and crashes on anything else); blank lines are skipped (the reference
 * crashes on them). A line with another field count, a non-numeric or non-finite value is a {@link
 * UserError} naming file and line.
 */
public final class DetectionFile {
  private DetectionFile() {}

  /**
   * Every {@code <class>.txt} of {@code dir}, by class name (sorted); a class without a file has no
   * detections.
   */
  public static Map<String, List<Detection>> readDirectory(Path dir) {
    Map<String, List<Detection>> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String className = className(f.getFileName().toString());
        if (className != null) {
          out.put(className, read(f));
        }
      }
    } catch (IOException e) {
      throw UserError.of(
          "cannot list detection directory " + dir,
          "listing failed (" + e + ")",
          "pass a directory holding one <class>.txt per class",
          e);
    }
    return out;
  }

  /** The detections of {@code file} in file order; a missing file is an error, not "no boxes". */
  public static List<Detection> read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw cannotRead(file.toString(), e);
    }
  }

  /**
   * The detections in {@code in} (UTF-8, not closed here) in line order; {@code source} names the
   * file in errors. For files on other filesystems (HDFS): the caller opens the stream.
   */
  public static List<Detection> read(InputStream in, String source) {
    List<Detection> out = new ArrayList<>();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      long lineIndex = 0;
      while ((line = r.readLine()) != null) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty()) {
          out.add(parseLine(trimmed, lineIndex, source));
        }
        lineIndex++;
      }
    } catch (IOException e) {
      throw cannotRead(source, e);
    }
    return out;
  }

  /**
   * The class name of a detection file name: {@code <class>.txt} gives {@code <class>}; null for
   * other names (not a detection file).
   */
  public static String className(String fileName) {
    return fileName.endsWith(".txt") && fileName.length() > ".txt".length()
        ? fileName.substring(0, fileName.length() - ".txt".length())
        : null;
  }

  private static UserError cannotRead(String source, IOException e) {
    return UserError.of(
        "cannot read detection file " + source,
        "reading failed (" + e + ")",
        "check that the file exists and is readable UTF-8 text",
        e);
  }

  private static Detection parseLine(String line, long lineIndex, String file) {
    String[] f = line.split("\\s+");
    if (f.length != 6) {
      throw badLine(file, lineIndex, "has " + f.length + " fields, not 6");
    }
    double[] v = new double[5];
    for (int i = 0; i < 5; i++) {
      try {
        v[i] = Double.parseDouble(f[i + 1]);
      } catch (NumberFormatException e) {
        throw badLine(
            file, lineIndex, "field " + (i + 2) + " \"" + f[i + 1] + "\" is not a number");
      }
      if (!Double.isFinite(v[i])) {
        throw badLine(file, lineIndex, "field " + (i + 2) + " \"" + f[i + 1] + "\" is not finite");
      }
    }
    return new Detection(f[0], v[0], new VocBox(v[1], v[2], v[3], v[4]), lineIndex);
  }

  private static UserError badLine(String file, long lineIndex, String why) {
    return UserError.of(
        "bad detection at " + file + ":" + (lineIndex + 1),
        "the line " + why,
        "write one detection per line as 'image_id score xmin ymin xmax ymax'");
  }
}
