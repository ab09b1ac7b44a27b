package dev.dlpipe.engines.embeddings;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Analogy questions in word2vec's {@code questions-words.txt} format, read the way word2vec.c's
 * {@code compute-accuracy} reads them: a stream of white-space separated words; {@code ":"} (or the
 * word {@code exit}, in any case) ends a section and the next word names the new one; every other
 * group of four words is a question "a is to b as c is to d". Words are upper-cased (ASCII letters
 * only, as C's {@code toupper}); sections 1 to 5 count as semantic, the rest as syntactic.
 *
 * @param sections section names in order (a question before the first ':' line belongs to section
 *     0, named "")
 * @param questions every question, in file order
 */
public record AnalogyQuestions(List<String> sections, List<Question> questions)
    implements Serializable {

  /** compute-accuracy counts sections 1..5 (QID &lt;= 5) as semantic. */
  public static final int SEMANTIC_SECTIONS = 5;

  /**
   * One question: {@code a : b :: c : expected}, upper-cased.
   *
   * @param section index into {@link #sections()}
   */
  public record Question(int section, String a, String b, String c, String expected)
      implements Serializable {}

  public AnalogyQuestions {
    sections = List.copyOf(sections);
    questions = List.copyOf(questions);
  }

  /** Whether section {@code s} (an index into {@link #sections()}) is semantic. */
  public boolean semantic(int s) {
    return s <= SEMANTIC_SECTIONS;
  }

  /** Parses questions from the file's text. */
  public static AnalogyQuestions parse(CharSequence text) {
    List<String> tokens = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && isSpace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSpace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        tokens.add(text.subSequence(start, i).toString());
      }
    }
    List<String> sections = new ArrayList<>();
    sections.add("");
    List<Question> questions = new ArrayList<>();
    int t = 0;
    while (t < tokens.size()) {
      String st1 = upper(tokens.get(t++));
      if (st1.equals(":") || st1.equals("EXIT")) {
        if (t >= tokens.size()) {
          break;
        }
        sections.add(tokens.get(t++));
        continue;
      }
      if (t + 3 > tokens.size()) {
        break;
      }
      String st2 = upper(tokens.get(t++));
      String st3 = upper(tokens.get(t++));
      String st4 = upper(tokens.get(t++));
      questions.add(new Question(sections.size() - 1, st1, st2, st3, st4));
    }
    return new AnalogyQuestions(sections, questions);
  }

  /** C's {@code isspace} in the C locale. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }

  /** C's {@code toupper} in the C locale: ASCII letters only. */
  public static String upper(String s) {
    char[] c = null;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= 'a' && ch <= 'z') {
        if (c == null) {
          c = s.toCharArray();
        }
        c[i] = (char) (ch - 32);
      }
    }
    return c == null ? s : new String(c);
  }
}
