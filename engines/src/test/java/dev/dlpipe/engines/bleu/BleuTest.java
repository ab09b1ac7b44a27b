package dev.dlpipe.engines.bleu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlpipe.engines.bleu.Bleu.Options;
import dev.dlpipe.engines.bleu.Bleu.Smoothing;
import java.util.List;
import org.junit.jupiter.api.Test;

class BleuTest {
  private final Bleu bleu = new Bleu(Options.corpus());

  @Test
  void emptyHypothesisLinesCountNothingButTheirReferenceLength() {
    BleuStats s = bleu.segment("", List.of("a b c"));
    assertThat(s.sysLen()).isZero();
    assertThat(s.refLen()).isEqualTo(3);
    assertThat(s.total()).containsOnly(0);
    // A whole corpus of empty hypotheses: no match, score 0, BP 0.
    BleuScore score = bleu.corpus(List.of("", ""), List.of(List.of("a b", "c d")));
    assertThat(score.score()).isZero();
    assertThat(score.bp()).isZero();
  }

  @Test
  void closestReferenceLengthPrefersTheShorterOnTies() {
    // Hypothesis of 3 tokens, references of 2 and 4: both 1 away, the shorter (2) wins.
    assertThat(bleu.segment("a b c", List.of("a b c d", "a b")).refLen()).isEqualTo(2);
    // Longer than every reference: the longest reference is the closest.
    assertThat(bleu.segment("a b c d e f", List.of("a b", "a b c d")).refLen()).isEqualTo(4);
    // Shorter than every reference.
    assertThat(bleu.segment("a", List.of("a b c", "a b c d e")).refLen()).isEqualTo(3);
  }

  @Test
  void matchesAreClippedByTheMostAnyReferenceHas() {
    BleuStats s = bleu.segment("the the the the", List.of("the cat", "the the dog"));
    assertThat(s.correct()[0]).isEqualTo(2);
    assertThat(s.total()[0]).isEqualTo(4);
  }

  @Test
  void emptyReferencesAreIgnoredAndAllEmptyIsAnError() {
    assertThat(bleu.segment("a b", List.of("", "a b")))
        .isEqualTo(bleu.segment("a b", List.of("a b")));
    assertThatThrownBy(() -> bleu.corpus(List.of("x", "y"), List.of(List.of("x", ""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("segment 2: empty reference: every reference of this segment is empty");
    // A varying number of references shows as nrefs:var.
    BleuScore varying =
        bleu.corpus(List.of("a", "b"), List.of(List.of("a", "b"), List.of("a", "")));
    assertThat(varying.signature()).startsWith("nrefs:var|");
  }

  @Test
  void lineCountMismatchIsAClearError() {
    assertThatThrownBy(() -> bleu.corpus(List.of("a", "b", "c"), List.of(List.of("a", "b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the hypotheses have 3 lines but reference stream 1 has 2: system and reference streams"
                + " must have the same number of lines");
  }

  @Test
  void whiteSpaceIsPythons() {
    // U+00A0 and U+202F separate tokens in Python's str.split(), not in Java's
    // Character.isWhitespace.
    assertThat(PyText.split("a\u00a0b\u202fc  d\u001ce")).containsExactly("a", "b", "c", "d", "e");
    assertThat(PyText.rstrip("x \u3000\t")).isEqualTo("x");
    assertThat(PyText.split("\ufeffa b")).containsExactly("\ufeffa", "b");
  }

  @Test
  void tokenizersFollowMteval() {
    assertThat(
            BleuTokenizer.TOK_13A.tokenize("Hello, world. It costs $3.50 (2-3 days) &amp; more."))
        .isEqualTo("Hello , world . It costs $ 3.50 ( 2 - 3 days ) & more .");
    assertThat(BleuTokenizer.INTL.tokenize("Preis: 3,50€ „gut“ 2017."))
        .isEqualTo("Preis : 3,50 € „ gut “ 2017.");
    assertThat(BleuTokenizer.CHAR.tokenize("ab c")).isEqualTo("a b   c");
    assertThat(BleuTokenizer.named("none")).isEqualTo(BleuTokenizer.NONE);
    assertThatThrownBy(() -> BleuTokenizer.named("zh"))
        .hasMessageContaining("unknown BLEU tokenizer 'zh'");
  }

  @Test
  void numbersFormatLikePythonHalfEvenOnTheExactValue() {
    assertThat(BleuScore.fixed(0.125, 2)).isEqualTo("0.12");
    assertThat(BleuScore.fixed(0.375, 2)).isEqualTo("0.38");
    assertThat(BleuScore.fixed(2.675, 2)).isEqualTo("2.67"); // 2.67499999... in binary
    assertThat(BleuScore.fixed(1.0, 3)).isEqualTo("1.000");
  }

  @Test
  void statisticsAreMergeable() {
    List<String> hyps = List.of("the cat sat on the mat", "a dog", "", "one two three four five");
    List<String> refs =
        List.of("the cat sat on a mat", "the dog", "nothing", "one two three five four");
    BleuStats sum = new BleuStats(4);
    BleuStats left = new BleuStats(4);
    BleuStats right = new BleuStats(4);
    for (int i = 0; i < hyps.size(); i++) {
      BleuStats s = bleu.segment(hyps.get(i), List.of(refs.get(i)));
      sum.add(s);
      (i < 2 ? left : right).add(s);
    }
    assertThat(left.add(right)).isEqualTo(sum);
    assertThat(bleu.score(sum, 1)).isEqualTo(bleu.corpus(hyps, List.of(refs)));
  }

  @Test
  void smoothingSignaturesCarryTheirValues() {
    assertThat(new Bleu(Options.sentence().withSmoothing(Smoothing.FLOOR, null)).signature(1))
        .isEqualTo("nrefs:1|case:mixed|eff:yes|tok:13a|smooth:floor[0.10]|version:2.6.0");
    assertThat(new Bleu(Options.corpus().withSmoothing(Smoothing.ADD_K, 2.0)).signature(2))
        .isEqualTo("nrefs:2|case:mixed|eff:no|tok:13a|smooth:add-k[2.00]|version:2.6.0");
  }

  @Test
  void addKSmoothsOrdersAboveOne() {
    BleuScore s =
        new Bleu(Options.sentence().withSmoothing(Smoothing.ADD_K, null))
            .sentence("a b c d", List.of("a b x y"));
    assertThat(s.counts()).containsExactly(2, 2, 1, 1);
    assertThat(s.totals()).containsExactly(4, 4, 3, 2);
  }
}
