package dev.dlpipe.engines.text;

import com.ibm.icu.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Splits text into tokens at Unicode word boundaries (UAX #29, via ICU4J's word {@link
 * BreakIterator}).
 *
 * <p>Every segment between two boundaries that is not pure white space becomes a token: words and
 * numbers ("don't", "3.14", "東京") stay whole, and each punctuation mark is a token of its own,
 * because sequence models and translation need the full stream, not only the words. With {@code
 * lowercase}, tokens are lower cased with {@link Locale#ROOT} (no locale-dependent dotless-i
 * surprises).
 *
 * <p>An instance holds an ICU break iterator and is <b>not thread-safe</b>: use one per thread
 * (Spark: one per partition). Construction costs a few microseconds; tokenizing allocates only the
 * token strings.
 */
public final class WordTokenizer {
  private final BreakIterator words;
  private final boolean lowercase;

  /** Creates a tokenizer; {@code lowercase} lower-cases every token with the root locale. */
  public WordTokenizer(boolean lowercase) {
    this.words = BreakIterator.getWordInstance(com.ibm.icu.util.ULocale.ROOT);
    this.lowercase = lowercase;
  }

  /** Whether tokens are lower-cased. */
  public boolean lowercase() {
    return lowercase;
  }

  /** Calls {@code sink} with each token of {@code text}, in order. */
  public void tokenize(CharSequence text, Consumer<String> sink) {
    if (text.length() == 0) {
      return;
    }
    words.setText(text);
    int start = words.first();
    for (int end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
      if (!isBlank(text, start, end)) {
        String token = text.subSequence(start, end).toString();
        sink.accept(lowercase ? token.toLowerCase(Locale.ROOT) : token);
      }
    }
  }

  /** Returns the tokens of {@code text}, in order. */
  public List<String> tokenize(CharSequence text) {
    List<String> tokens = new ArrayList<>();
    tokenize(text, tokens::add);
    return tokens;
  }

  private static boolean isBlank(CharSequence text, int start, int end) {
    for (int i = start; i < end; ) {
      int cp = Character.codePointAt(text, i);
      // Control characters (a stray \u0000, \t already counts as white space) never make a token.
      if (!Character.isWhitespace(cp)
          && !Character.isSpaceChar(cp)
          && !Character.isISOControl(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }
}
