package dev.dlpipe.engines.bleu;

import java.util.List;
import java.util.regex.Pattern;

/**
 * sacreBLEU's tokenizers, by their signature names: {@code 13a} (mteval-v13a, the default), {@code
 * intl} (mteval-v14 international), {@code char} and {@code none}. A tokenizer returns the line
 * with tokens separated by single spaces; n-grams are then taken from Python-style white-space
 * splitting.
 */
public enum BleuTokenizer {
  /** mteval-v13a.pl's tokenization, sacreBLEU's default. */
  TOK_13A("13a") {
    private final Pattern[] patterns = {
      // Language-dependent part (Western languages): split off these ASCII symbols.
      Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])"),
      // Period and comma unless preceded by a digit.
      Pattern.compile("([^0-9])([\\.,])"),
      // Period and comma unless followed by a digit.
      Pattern.compile("([\\.,])([^0-9])"),
      // Dash when preceded by a digit.
      Pattern.compile("([0-9])(-)"),
    };
    private final String[] replacements = {" $1 ", "$1 $2 ", " $1 $2", "$1 $2 "};

    @Override
    public String tokenize(String line) {
      line =
          line.replace("<skipped>", "")
              .replace("-\n", "")
              .replace("\n", " ")
              .replace("&quot;", "\"")
              .replace("&amp;", "&")
              .replace("&lt;", "<")
              .replace("&gt;", ">");
      line = " " + line + " ";
      for (int i = 0; i < patterns.length; i++) {
        line = patterns[i].matcher(line).replaceAll(replacements[i]);
      }
      return PyText.normalizeSpaces(line);
    }
  },

  /** mteval-v14.pl --international-tokenization: Unicode punctuation and symbols split off. */
  INTL("intl") {
    private final Pattern[] patterns = {
      // Punctuation preceded by a non-digit.
      Pattern.compile("(\\P{N})(\\p{P})"),
      // Punctuation followed by a non-digit.
      Pattern.compile("(\\p{P})(\\P{N})"),
      // Symbols.
      Pattern.compile("(\\p{S})"),
    };
    private final String[] replacements = {"$1 $2 ", " $1 $2", " $1 "};

    @Override
    public String tokenize(String line) {
      for (int i = 0; i < patterns.length; i++) {
        line = patterns[i].matcher(line).replaceAll(replacements[i]);
      }
      return PyText.normalizeSpaces(line);
    }
  },

  /** Every character is a token (white space then disappears in n-gram splitting). */
  CHAR("char") {
    @Override
    public String tokenize(String line) {
      StringBuilder sb = new StringBuilder(line.length() * 2);
      for (int i = 0; i < line.length(); ) {
        int cp = line.codePointAt(i);
        if (i > 0) {
          sb.append(' ');
        }
        sb.appendCodePoint(cp);
        i += Character.charCount(cp);
      }
      return sb.toString();
    }
  },

  /** No tokenization: tokens are the white-space separated fields. */
  NONE("none") {
    @Override
    public String tokenize(String line) {
      return line;
    }
  };

  private final String signatureName;

  BleuTokenizer(String signatureName) {
    this.signatureName = signatureName;
  }

  /** Tokenizes one segment. Thread-safe. */
  public abstract String tokenize(String line);

  /** The name in sacreBLEU's signature and on the command line. */
  public String signatureName() {
    return signatureName;
  }

  /**
   * The tokenizer with the given signature name ({@code 13a}, {@code intl}, {@code char}, {@code
   * none}).
   */
  public static BleuTokenizer named(String name) {
    for (BleuTokenizer t : values()) {
      if (t.signatureName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown BLEU tokenizer '" + name + "'; known: " + List.of("13a", "intl", "char", "none"));
  }
}
