package dev.dlpipe.engines.go;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Ladders on 9x9: white E5 hemmed in by black D5, E6 and F4 runs up and to the right when black
 * ataris at E4. GNU Go 3.8 agrees on each case ({@code attack E5} answers {@code 1 E4} without a
 * breaker and with one at J9; with one at H8 or G7, after black E4, {@code defend E5} answers
 * {@code 1 F5}).
 */
class LadderTest {
  static Board chase(String... whiteBreakers) {
    Game g = new Game(9, 7, false, false);
    g.setup(v(g, "E5"), Board.WHITE);
    for (String s : new String[] {"D5", "E6", "F4"}) {
      g.setup(v(g, s), Board.BLACK);
    }
    for (String s : whiteBreakers) {
      g.setup(v(g, s), Board.WHITE);
    }
    return g.board();
  }

  static int v(Game g, String vertex) {
    return Vertex.fromGtp(g.board(), vertex);
  }

  static int v(Board b, String vertex) {
    return Vertex.fromGtp(b, vertex);
  }

  @Test
  void aLadderWithoutBreakerCapturesAndCannotBeEscaped() {
    Board b = chase();
    assertThat(Ladder.isCapture(b, v(b, "E4"), Board.BLACK)).isTrue();
    // F5 is a ladder too, running down and to the left (GNU Go: after black F5, defend E5 = 0);
    // D4 is no atari at all.
    assertThat(Ladder.isCapture(b, v(b, "F5"), Board.BLACK)).isTrue();
    assertThat(Ladder.isCapture(b, v(b, "D4"), Board.BLACK)).isFalse();
    b.play(v(b, "E4"), Board.BLACK);
    assertThat(Ladder.isEscape(b, v(b, "F5"), Board.WHITE)).isFalse();
  }

  @Test
  void aBreakerOnTheDiagonalTurnsTheLadderIntoAnEscape() {
    for (String breaker : new String[] {"H8", "G7"}) {
      Board b = chase(breaker);
      assertThat(Ladder.isCapture(b, v(b, "E4"), Board.BLACK)).as(breaker).isFalse();
      b.play(v(b, "E4"), Board.BLACK);
      assertThat(Ladder.isEscape(b, v(b, "F5"), Board.WHITE)).as(breaker).isTrue();
    }
  }

  @Test
  void aStoneOffThePathBreaksNothing() {
    Board b = chase("J9");
    assertThat(Ladder.isCapture(b, v(b, "E4"), Board.BLACK)).isTrue();
  }

  @Test
  void thePreyEscapesByCapturingAnAttackerInAtari() {
    // White D6 and E7 leave black E6, part of the ladder's wall, with one liberty (F6): white
    // takes it instead of running (GNU Go: defend E5 = 1 F6).
    Board b = chase("D6", "E7");
    b.play(v(b, "E4"), Board.BLACK);
    assertThat(b.isInAtari(v(b, "E5"))).isTrue();
    assertThat(Ladder.captured(b, v(b, "E5"), 0)).isFalse();
    Board plain = chase();
    plain.play(v(plain, "E4"), Board.BLACK);
    assertThat(Ladder.captured(plain, v(plain, "E5"), 0)).isTrue();
  }

  @Test
  void leePlanesMarkLadderCapturesForThePlayerToMove() {
    Game g = new Game(9, 7, false, false);
    g.setup(v(g, "E5"), Board.WHITE);
    for (String s : new String[] {"D5", "E6", "F4"}) {
      g.setup(v(g, s), Board.BLACK);
    }
    float[] planes = Features.leePlanes(g); // black to move
    int area = 81;
    int e4 = 5 * 9 + 4; // row-major from the top: E4 is x=4, y=9-4=5
    int f5 = 4 * 9 + 5;
    assertThat(planes[9 * area + e4]).isEqualTo(1f);
    assertThat(planes[9 * area + f5]).isEqualTo(1f);
    int ladderCaptures = 0;
    for (int i = 0; i < area; i++) {
      ladderCaptures += planes[9 * area + i] > 0 ? 1 : 0;
    }
    assertThat(ladderCaptures).isEqualTo(2);
  }
}
