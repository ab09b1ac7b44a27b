package dev.dlpipe.engines.bleu;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's notion of white space ({@code str.isspace}, {@code str.split()}, {@code str.rstrip()}),
 * which sacreBLEU's tokenizers and n-gram extraction use. It differs from Java's {@link
 * Character#isWhitespace}: Python also splits at no-break spaces (U+00A0, U+2007, U+202F) and at
 * U+001C..U+001F and U+0085.
 */
public final class PyText {
  private PyText() {}

  /** Whether {@code cp} is white space for Python 3's {@code str.isspace()}. */
  public static boolean isSpace(int cp) {
    return switch (cp) {
      case '\t',
          '\n',
          0x0B,
          '\f',
          '\r',
          0x1C,
          0x1D,
          0x1E,
          0x1F,
          ' ',
          0x85,
          0xA0,
          0x1680,
          0x2028,
          0x2029,
          0x202F,
          0x205F,
          0x3000 ->
          true;
      default -> cp >= 0x2000 && cp <= 0x200A;
    };
  }

  /** Python's {@code s.split()}: runs of white space separate fields; no empty fields. */
  public static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && isSpace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSpace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  /** Python's {@code s.rstrip()}. */
  public static String rstrip(String s) {
    int end = s.length();
    while (end > 0 && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  /** Python's {@code ' '.join(s.split())}. */
  public static String normalizeSpaces(String s) {
    return String.join(" ", split(s));
  }
}
