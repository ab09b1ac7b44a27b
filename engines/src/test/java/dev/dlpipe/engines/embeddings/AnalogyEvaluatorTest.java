package dev.dlpipe.engines.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** compute-accuracy's rules on hand-made vectors. */
class AnalogyEvaluatorTest {
  private static final String[] WORDS = {"man", "king", "woman", "queen", "Queen", "x", "rare"};

  private static WordVectors vectors() {
    return new WordVectors(
        WORDS,
        WordSimilarityTest.rows(
            new float[][] {
              {1, 0, 0}, // man
              {1, 1, 0}, // king
              {0, 0, 1}, // woman
              {0, 1, 1}, // queen
              {0, 1, 1.01f}, // Queen: same upper-case spelling, later in the file
              {-1, -1, -1}, // x
              {0, 1, 1}, // rare: beyond --restrict 6
            }));
  }

  @Test
  void answersByCosineLeavingOutTheQuestionWords() {
    AnalogyQuestions q =
        AnalogyQuestions.parse(
            ": family\nman king woman queen\nMAN KING WOMAN QUEEN\nking man queen woman\n"
                + ": gram\nman king woman rare\nman king missing queen\n");
    AnalogyStats s = AnalogyEvaluator.of(vectors(), 6).evaluate(q, q.questions());
    assertThat(q.sections()).containsExactly("", "family", "gram");
    // king - man + woman is nearest to "Queen" (a hair closer than "queen"); it upper-cases to
    // QUEEN, so the answer counts as correct, as compute-accuracy compares the strings.
    // man - king + queen is nearest to woman.
    assertThat(s.seen(1)).isEqualTo(3);
    assertThat(s.correct(1)).isEqualTo(3);
    // "rare" is beyond the first 6 words and "missing" is unknown: not seen, still counted.
    assertThat(s.questions(2)).isEqualTo(2);
    assertThat(s.seen(2)).isZero();
    assertThat(s.totalQuestions()).isEqualTo(5);
    assertThat(s.semanticCorrect()).isEqualTo(3);
    assertThat(s.syntacticSeen()).isZero();
  }

  @Test
  void anAnswerNeedsAPositiveDotProduct() {
    WordVectors v =
        new WordVectors(
            new String[] {"a", "b", "c", "d"},
            WordSimilarityTest.rows(new float[][] {{1, 0}, {0, 1}, {-1, -1}, {1, 1}}));
    AnalogyQuestions q = AnalogyQuestions.parse(": s\na b c d\n");
    AnalogyStats s = AnalogyEvaluator.of(v, 0).evaluate(q, q.questions());
    // b - a + c = (-1.71, 0.29) (unit vectors): d = (0.71, 0.71) has dot -1 < 0, so no answer.
    assertThat(s.seen(1)).isEqualTo(1);
    assertThat(s.correct(1)).isZero();
  }

  @Test
  void countsAddUpAcrossParts() {
    AnalogyQuestions q =
        AnalogyQuestions.parse(
            ": family\nman king woman queen\nking man queen woman\nman king woman x\n");
    AnalogyEvaluator e = AnalogyEvaluator.of(vectors(), 0);
    AnalogyStats whole = e.evaluate(q, q.questions());
    List<AnalogyQuestions.Question> all = q.questions();
    AnalogyStats parts = e.evaluate(q, all.subList(0, 1)).add(e.evaluate(q, all.subList(1, 3)));
    assertThat(parts.totalCorrect()).isEqualTo(whole.totalCorrect()).isEqualTo(2);
    assertThat(parts.totalSeen()).isEqualTo(whole.totalSeen()).isEqualTo(3);
  }

  @Test
  void exitEndsASectionLikeAColon() {
    AnalogyQuestions q = AnalogyQuestions.parse("a b c d\nexit next\ne f g h\n");
    assertThat(q.sections()).containsExactly("", "next");
    assertThat(q.questions()).extracting(AnalogyQuestions.Question::section).containsExactly(0, 1);
    assertThat(q.questions().get(0).a()).isEqualTo("A");
  }
}
