package dev.dlpipe.engines.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordTokenizerTest {
  private final WordTokenizer cased = new WordTokenizer(false);
  private final WordTokenizer lower = new WordTokenizer(true);

  @Test
  void keepsWordsWholeAndPunctuationSeparate() {
    assertThat(cased.tokenize("Two young, White males are outside near many bushes."))
        .containsExactly(
            "Two", "young", ",", "White", "males", "are", "outside", "near", "many", "bushes", ".");
  }

  @Test
  void followsUax29ForApostrophesNumbersAndAbbreviations() {
    assertThat(cased.tokenize("Don't pay $3.14 (approx.) at 10:30 in the U.S.A."))
        .containsExactly(
            "Don't", "pay", "$", "3.14", "(", "approx", ".", ")", "at", "10", ":", "30", "in",
            "the", "U.S.A", ".");
  }

  @Test
  void handlesGermanAndIdeographsAndSupplementaryCharacters() {
    assertThat(cased.tokenize("Ein Mann läuft über die Straße."))
        .containsExactly("Ein", "Mann", "läuft", "über", "die", "Straße", ".");
    // UAX #29 puts a boundary between every ideograph; ICU's dictionary segmentation groups them to
    // words.
    assertThat(String.join("", cased.tokenize("東京に行く"))).isEqualTo("東京に行く");
    assertThat(cased.tokenize("a 𝐀𝐁 b")).containsExactly("a", "𝐀𝐁", "b");
  }

  @Test
  void dropsWhiteSpaceAndControlCharacters() {
    assertThat(cased.tokenize(" \t a\u00a0 b\u0000c  ")).containsExactly("a", "b", "c");
    assertThat(cased.tokenize("")).isEmpty();
    assertThat(cased.tokenize("   ")).isEmpty();
  }

  @Test
  void lowercasesWithTheRootLocale() {
    assertThat(lower.tokenize("ISTANBUL İstanbul Straße"))
        .containsExactly("istanbul", "i̇stanbul", "straße");
  }
}
