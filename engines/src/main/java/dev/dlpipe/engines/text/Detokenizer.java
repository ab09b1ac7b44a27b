package dev.dlpipe.engines.text;

import java.util.List;

/**
 * Turns model output tokens back into text, undoing what {@link WordTokenizer} split off: no space
 * before closing punctuation ({@code . , ! ? ; : ) ] } %}) or inside a contraction ({@code 's
 * n't}), none after opening brackets, and a hyphen or apostrophe between two word tokens is glued
 * to both. It cannot restore white space the tokenizer did not keep (two spaces, tabs), so
 * detokenized text is what a person would type, not the byte-exact source.
 *
 * <p>With {@code capitalizeFirst}, the first letter is upper-cased: models trained on lower-cased
 * corpora then produce sentence-cased output for cased references.
 */
public final class Detokenizer {
  private Detokenizer() {}

  /** Joins {@code tokens} into text (see the class documentation). */
  public static String join(List<String> tokens, boolean capitalizeFirst) {
    StringBuilder sb = new StringBuilder();
    String previous = null;
    for (String t : tokens) {
      if (t.isEmpty()) {
        continue;
      }
      if (previous != null && spaceBetween(previous, t)) {
        sb.append(' ');
      }
      sb.append(t);
      previous = t;
    }
    if (capitalizeFirst) {
      for (int i = 0; i < sb.length(); ) {
        int cp = sb.codePointAt(i);
        if (Character.isLetter(cp)) {
          String upper = new String(Character.toChars(Character.toTitleCase(cp)));
          sb.replace(i, i + Character.charCount(cp), upper);
          break;
        }
        i += Character.charCount(cp);
      }
    }
    return sb.toString();
  }

  private static boolean spaceBetween(String left, String right) {
    if (isOneOf(right, ".", ",", "!", "?", ";", ":", ")", "]", "}", "%", "...")) {
      return false;
    }
    if (isOneOf(left, "(", "[", "{")) {
      return false;
    }
    if (isOneOf(right, "-", "'") || isOneOf(left, "-", "'")) {
      return false;
    }
    String r = right.toLowerCase(java.util.Locale.ROOT);
    return !(r.startsWith("'") || r.equals("n't"));
  }

  private static boolean isOneOf(String s, String... options) {
    for (String o : options) {
      if (s.equals(o)) {
        return true;
      }
    }
    return false;
  }
}
