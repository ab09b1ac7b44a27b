package dev.dlpipe.engines.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetokenizerTest {
  private final WordTokenizer tokenizer = new WordTokenizer(true);

  @Test
  void undoesTheTokenizerOnMulti30kSentences() {
    for (String s :
        List.of(
            "A man in an orange hat starring at something.",
            "A Boston Terrier is running on lush green grass in front of a white fence.",
            "Two young, White males are outside near many bushes.",
            "A little girl climbing into a wooden playhouse (with a slide).",
            "A group of people stand in front of an igloo!")) {
      String back = Detokenizer.join(tokenizer.tokenize(s), true);
      assertThat(back.toLowerCase(java.util.Locale.ROOT))
          .isEqualTo(s.toLowerCase(java.util.Locale.ROOT));
      assertThat(back.charAt(0)).isUpperCase();
    }
  }

  @Test
  void gluesHyphensAndApostrophesAndKeepsOtherTokensApart() {
    assertThat(Detokenizer.join(List.of("a", "t", "-", "shirt", "'", "s", "color"), false))
        .isEqualTo("a t-shirt's color");
    assertThat(Detokenizer.join(List.of("ein", "mann", "schläft", "."), true))
        .isEqualTo("Ein mann schläft.");
    assertThat(Detokenizer.join(List.of(), true)).isEmpty();
  }
}
