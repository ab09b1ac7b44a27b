package dev.dlpipe.engines.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlpipe.engines.text.Vocabulary.TokenCount;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
  private static List<TokenCount> counts() {
    return List.of(
        new TokenCount("the", 10),
        new TokenCount("b", 3),
        new TokenCount("a", 3),
        new TokenCount("rare", 1),
        new TokenCount(".", 7));
  }

  @Test
  void specialsFirstThenCountDescendingThenToken() {
    Vocabulary v = Vocabulary.build(counts(), 1, 0, -1);
    assertThat(v.entries().stream().map(TokenCount::token))
        .containsExactly("<pad>", "<unk>", "<s>", "</s>", "the", ".", "a", "b", "rare");
    assertThat(v.id("the")).isEqualTo(4);
    assertThat(v.id("never seen")).isEqualTo(Vocabulary.UNK_ID);
    assertThat(v.token(Vocabulary.EOS_ID)).isEqualTo("</s>");
  }

  @Test
  void idsDoNotDependOnInputOrder() {
    List<TokenCount> shuffled = new ArrayList<>(counts());
    Collections.reverse(shuffled);
    assertThat(Vocabulary.build(shuffled, 1, 0, -1).entries())
        .isEqualTo(Vocabulary.build(counts(), 1, 0, -1).entries());
  }

  @Test
  void minCountAndMaxSizeCutTheTailIntoUnk() {
    Vocabulary v = Vocabulary.build(counts(), 2, 6, -1);
    assertThat(v.size()).isEqualTo(6);
    assertThat(v.entries().stream().map(TokenCount::token))
        .containsExactly("<pad>", "<unk>", "<s>", "</s>", "the", ".");
    // a (3) + b (3) + rare (1) now map to UNK.
    assertThat(v.entries().get(Vocabulary.UNK_ID).count()).isEqualTo(7);
    assertThat(v.id("a")).isEqualTo(Vocabulary.UNK_ID);
  }

  @Test
  void tiesUseCodePointOrderNotUtf16Order() {
    // U+FF5E (BMP, high) sorts before U+1D400 (supplementary) by code point, after it in UTF-16.
    Vocabulary v =
        Vocabulary.build(List.of(new TokenCount("𝐀", 2), new TokenCount("～", 2)), 1, 0, -1);
    assertThat(v.token(4)).isEqualTo("～");
    assertThat(v.token(5)).isEqualTo("𝐀");
  }

  @Test
  void rejectsSizesThatCannotHoldTheSpecials() {
    assertThatThrownBy(() -> Vocabulary.build(counts(), 1, 3, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 4");
    assertThatThrownBy(() -> Vocabulary.build(counts(), 0, 0, -1))
        .hasMessageContaining("minCount must be at least 1");
  }
}
