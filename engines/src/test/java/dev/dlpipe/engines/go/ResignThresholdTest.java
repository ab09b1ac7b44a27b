package dev.dlpipe.engines.go;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResignThresholdTest {
  /**
   * A game black wins: black's values (even moves) dip to {@code winnerLow} at move 2, then white's
   * (odd moves) fall to -0.99 from move 5 on.
   */
  private static ResignThreshold.PlayedOut blackWins(float winnerLow) {
    float[] v = {0.1f, -0.1f, winnerLow, -0.2f, 0.3f, -0.99f, 0.9f, -0.99f};
    return new ResignThreshold.PlayedOut(v, Board.BLACK);
  }

  @Test
  void theThresholdIsTheHighestThatKeepsFalsePositivesAtTheTarget() {
    List<ResignThreshold.PlayedOut> games = new ArrayList<>();
    games.add(blackWins(-0.95f));
    games.add(blackWins(-0.9f));
    for (int i = 0; i < 18; i++) {
      games.add(blackWins(0.2f));
    }
    // 5% of 20 games: one false positive allowed. Up to -0.9 only the -0.95 game resigns wrongly;
    // at -0.89 the -0.9 game does too.
    ResignThreshold.Choice c = ResignThreshold.choose(games, 0.05, 20);
    assertThat(c.threshold()).isEqualTo(-0.90);
    assertThat(c.falsePositives()).isEqualTo(1);
    assertThat(c.games()).isEqualTo(20);
    assertThat(c.resigns()).isTrue();
    assertThat(c.reason()).contains("resign below -0.90", "1 of 20");
    assertThat(ResignThreshold.falsePositives(games, -0.89)).isEqualTo(2);

    // Winners who never look lost would allow any threshold: the ceiling (a 10% chance) holds.
    List<ResignThreshold.PlayedOut> confident = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      confident.add(blackWins(0.2f));
    }
    assertThat(ResignThreshold.choose(confident, 0.05, 20).threshold())
        .isEqualTo(ResignThreshold.CEILING);
    // At 0.15 black's first value (0.1) is already below: black resigns at move 1 in every game.
    assertThat(ResignThreshold.falsePositives(games, 0.15)).isEqualTo(20);
  }

  @Test
  void theFirstPlayerBelowTheThresholdIsTheOneWhoResigns() {
    // White (the loser) falls below -0.5 at move 1, before black's dip at move 2: a right call.
    float[] v = {0.4f, -0.6f, -0.8f, -0.9f};
    assertThat(ResignThreshold.falsePositive(v, Board.BLACK, -0.5)).isFalse();
    // At -0.7 white's -0.6 is not low enough; black's -0.8 comes first and black won.
    assertThat(ResignThreshold.falsePositive(v, Board.BLACK, -0.7)).isTrue();
    // Strictly below: a value equal to the threshold does not resign.
    assertThat(ResignThreshold.falsePositive(v, Board.BLACK, -0.9)).isFalse();
    // Resigning a draw throws away half a point: a false positive.
    assertThat(ResignThreshold.falsePositive(v, Board.EMPTY, -0.5)).isTrue();
  }

  @Test
  void tooFewGamesOrTooManyFalsePositivesMeanNeverResign() {
    List<ResignThreshold.PlayedOut> few = List.of(blackWins(0.2f), blackWins(0.2f));
    ResignThreshold.Choice c = ResignThreshold.choose(few, 0.05, 20);
    assertThat(c.threshold()).isEqualTo(-1.0);
    assertThat(c.resigns()).isFalse();
    assertThat(c.reason()).contains("2 played-out games", "at least 20");

    // Every winner's value touches -1: any threshold above -1 resigns wrongly in all of them.
    List<ResignThreshold.PlayedOut> hopeless = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      hopeless.add(blackWins(-1f));
    }
    ResignThreshold.Choice h = ResignThreshold.choose(hopeless, 0.05, 20);
    assertThat(h.threshold()).isEqualTo(-1.0);
    assertThat(h.reason()).startsWith("never resign: already at -0.99");
  }
}
