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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a VOC image set ({@code ImageSets/Main/test.txt}): one image id per line, surrounding white
 * space stripped, blank lines skipped. Class-specific sets ({@code <class>_test.txt}, lines {@code
 * id 1}) and duplicate ids are refused: voc_eval would count a duplicated image's objects twice in
 * the positives but let only one copy be matched.
 */
public final class ImageSet {
  private ImageSet() {}

  /** The image ids of {@code file}, in file order. */
  public static List<String> read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw cannotRead(file.toString(), e);
    }
  }

  /**
   * The image ids in {@code in} (UTF-8, not closed here), in line order; {@code source} names the
   * file in errors.
   */
  public static List<String> read(InputStream in, String source) {
    List<String> ids = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String id = line.strip();
        if (id.isEmpty()) {
          continue;
        }
        if (id.chars().anyMatch(Character::isWhitespace)) {
          throw UserError.of(
              "bad image set line " + source + ":" + lineNo,
              "\"" + id + "\" holds more than an image id (a class-specific image set?)",
              "pass the main image set (ImageSets/Main/<split>.txt), one id per line");
        }
        if (!seen.add(id)) {
          throw UserError.of(
              "duplicate image id " + id + " at " + source + ":" + lineNo,
              "each image may appear once, or its objects would count twice",
              "remove the repeated line");
        }
        ids.add(id);
      }
    } catch (IOException e) {
      throw cannotRead(source, e);
    }
    return ids;
  }

  private static UserError cannotRead(String source, IOException e) {
    return UserError.of(
        "cannot read image set " + source,
        "reading failed (" + e + ")",
        "check that the file exists and is readable UTF-8 text",
        e);
  }
}
