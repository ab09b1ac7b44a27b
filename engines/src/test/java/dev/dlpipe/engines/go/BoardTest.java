package dev.dlpipe.engines.go;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Go rules on small boards drawn as text: X black, O white, . empty; the top row is row 5 (GTP).
 */
class BoardTest {
  /** A game whose board holds the drawn position (setup stones), black to move. */
  static Game position(String ascii, boolean allowSuicide, boolean superko) {
    String[] rows = ascii.strip().split("\n");
    Game g = new Game(rows.length, 0, allowSuicide, superko);
    for (int y = 0; y < rows.length; y++) {
      String row = rows[y].strip().replace(" ", "");
      for (int x = 0; x < row.length(); x++) {
        char c = row.charAt(x);
        if (c == 'X' || c == 'O') {
          g.setup(g.board().point(x, y), c == 'X' ? Board.BLACK : Board.WHITE);
        }
      }
    }
    return g;
  }

  static int at(Game g, String vertex) {
    return Vertex.fromGtp(g.board(), vertex);
  }

  static String drawn(String ascii) {
    StringBuilder sb = new StringBuilder();
    for (String r : ascii.strip().split("\n")) {
      sb.append(r.strip().replace(" ", "")).append('\n');
    }
    return sb.toString();
  }

  @Test
  void capturesAStoneAndAChainAndCountsPrisoners() {
    Game g =
        position(
            """
            . X X . .
            X O O . .
            . X X . .
            . . O . .
            . X X O .
            """,
            false,
            false);
    // White B4-C4 has one liberty, D4.
    assertThat(g.board().liberties(at(g, "B4"))).isEqualTo(1);
    g.play(at(g, "D4"), Board.BLACK);
    assertThat(g.board().captures(Board.BLACK)).isEqualTo(2);
    // White captures nothing by playing next to black B1-C1 (it still has A1 and B2/C2).
    g.play(at(g, "A2"), Board.WHITE);
    assertThat(g.board().captures(Board.WHITE)).isZero();
    assertThat(g.board().toString())
        .isEqualTo(
            drawn(
                """
                . X X . .
                X . . X .
                . X X . .
                O . O . .
                . X X O .
                """));
  }

  @Test
  void koForbidsTheImmediateRetakeOnly() {
    Game g =
        position(
            """
            . X O . .
            X . X O .
            . X O . .
            . . . . .
            . . . . .
            """,
            false,
            false);
    g.setToMove(Board.WHITE);
    g.play(at(g, "B4"), Board.WHITE); // captures C4, a single stone, with a single stone: ko
    assertThat(g.board().captures(Board.WHITE)).isEqualTo(1);
    assertThat(g.illegalReason(at(g, "C4"), Board.BLACK)).isEqualTo("ko");
    g.play(at(g, "E1"), Board.BLACK); // a ko threat elsewhere
    g.play(at(g, "E2"), Board.WHITE);
    assertThat(g.isLegal(at(g, "C4"), Board.BLACK)).isTrue();
    g.play(at(g, "C4"), Board.BLACK);
    assertThat(g.board().captures(Board.BLACK)).isEqualTo(1);
    assertThat(g.board().color(at(g, "B4"))).isEqualTo(Board.EMPTY);
  }

  @Test
  void positionalSuperkoForbidsRecreatingAnEarlierPosition() {
    String ko =
        """
        . X O . .
        X . X O .
        . X O . .
        . . . . .
        . . . . .
        """;
    for (boolean superko : new boolean[] {false, true}) {
      Game g = position(ko, false, superko);
      g.setToMove(Board.WHITE);
      g.play(at(g, "B4"), Board.WHITE); // takes the ko
      g.play(Board.PASS, Board.BLACK); // passes clear the simple-ko ban...
      g.play(Board.PASS, Board.WHITE);
      // ...so retaking now would recreate the starting position: legal with simple ko only.
      assertThat(g.illegalReason(at(g, "C4"), Board.BLACK))
          .isEqualTo(superko ? "positional superko" : null);
    }
  }

  @Test
  void suicideIsIllegalUnlessAllowedAndCapturingIsNotSuicide() {
    String corner =
        """
        . X O . .
        X O . . .
        . . . . .
        . . . . .
        . . . . .
        """;
    Game strict = position(corner, false, false);
    // Black at A5 joins A4, which keeps its liberty A3: legal.
    assertThat(strict.illegalReason(at(strict, "A5"), Board.BLACK)).isNull();
    Game g =
        position(
            """
            . X . . .
            X . . . .
            . . . . .
            . . . . .
            . . . . .
            """,
            false,
            false);
    assertThat(g.illegalReason(at(g, "A5"), Board.WHITE)).isEqualTo("suicide");
    assertThatThrownBy(() -> g.play(at(g, "A5"), Board.WHITE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("illegal move A5 for white: suicide")
        .hasMessageContaining("X....");

    Game tromp = position(g.board().toString(), true, false);
    tromp.play(at(tromp, "A5"), Board.WHITE); // allowed: the stone removes itself
    assertThat(tromp.board().color(at(tromp, "A5"))).isEqualTo(Board.EMPTY);
    assertThat(tromp.board().captures(Board.BLACK)).isEqualTo(1);

    // White A5 captures black B5 (whose only liberty is A5), so it is not suicide.
    Game capture = position(corner, false, false);
    capture.play(at(capture, "A5"), Board.WHITE);
    assertThat(capture.board().color(at(capture, "B5"))).isEqualTo(Board.EMPTY);
    assertThat(capture.board().captures(Board.WHITE)).isEqualTo(1);
  }

  @Test
  void snapbackRecapturesMoreThanWasTaken() {
    // White A2-B2-C2-C1 has two liberties, A1 and B1. Black throws in at B1; white takes it with
    // A1,
    // which joins the white chain and leaves it one liberty, B1: black retakes five stones (not a
    // ko).
    Game g =
        position(
            """
            . . . . .
            . . . . .
            X X X X .
            O O O X .
            . . O X .
            """,
            false,
            false);
    g.play(at(g, "B1"), Board.BLACK);
    g.play(at(g, "A1"), Board.WHITE);
    assertThat(g.board().captures(Board.WHITE)).isEqualTo(1);
    assertThat(g.illegalReason(at(g, "B1"), Board.BLACK)).isNull();
    g.play(at(g, "B1"), Board.BLACK);
    assertThat(g.board().captures(Board.BLACK)).isEqualTo(5);
    assertThat(g.board().toString())
        .isEqualTo(
            drawn(
                """
                . . . . .
                . . . . .
                X X X X .
                . . . X .
                . X . X .
                """));
  }

  @Test
  void trompTaylorAreaCountsStonesAndSingleColourRegionsAndNotSekiLiberties() {
    Game g =
        position(
            """
            X X O O .
            X . . O O
            X X O O .
            . X O . .
            . X O . .
            """,
            false,
            false);
    // Black: 7 stones + A2, A1. White: 8 stones + E5 + {E3, E2, D2, D1, E1}. B4, C4 touch both:
    // nobody's.
    assertThat(g.board().areaScore()).isEqualTo(9 - 14);
    assertThat(g.trompTaylorScore()).isEqualTo(-5.0);
    // With white C1 dead, the white region reaches black B1 and becomes neutral.
    boolean[] dead = new boolean[g.board().cells()];
    dead[at(g, "C1")] = true;
    assertThat(g.board().areaScore(dead)).isEqualTo(9 - 8);
  }

  /** A seki on 7x7 (GNU Go 3.8 lists C7 C6 C5 D5 and E7 E6 E5 as seki; see GnuGoScoringTest). */
  static final String SEKI =
      """
      . X O . X O .
      X X O . X O O
      X X O O X O O
      X X X X O O O
      X X X X O O O
      X X X X O O O
      . X X X O O .
      """;

  @Test
  void sekiIsScoredWithItsStonesAliveAndItsSharedLibertiesNeutral() {
    Game g = position(SEKI, false, false);
    Board b = g.board();
    // The inner white chain (C7 C6 C5 D5) and inner black chain (E7 E6 E5) share their only two
    // liberties, D7 and D6; neither has an eye.
    assertThat(b.liberties(at(g, "C7"))).isEqualTo(2);
    assertThat(b.liberties(at(g, "E7"))).isEqualTo(2);
    assertThat(b.chainSize(at(g, "C7"))).isEqualTo(4);
    assertThat(b.chainSize(at(g, "E7"))).isEqualTo(3);
    // Whoever fills a shared liberty puts their own chain in atari and the other side takes it:
    // that is why it is seki.
    for (String fill : new String[] {"D7", "D6"}) {
      for (byte c : new byte[] {Board.BLACK, Board.WHITE}) {
        Game h = new Game(g);
        h.play(at(h, fill), c);
        String other = fill.equals("D7") ? "D6" : "D7";
        assertThat(h.board().isInAtari(at(h, fill))).as("%s fills %s", c, fill).isTrue();
        h.play(at(h, other), Board.opponent(c));
        assertThat(h.board().color(at(h, fill)))
            .as("%s fill captured", fill)
            .isEqualTo(Board.EMPTY);
      }
    }
    // Area: black 23 stones + eyes A7, A1 = 25; white 20 stones + eyes G7, G1 = 22; D7 and D6 touch
    // both colours and count for nobody. With komi 7: W+4, GNU Go's final_score.
    assertThat(b.areas(null)).containsExactly(25, 22);
    assertThat(b.areaScore()).isEqualTo(3);
    assertThat(b.areaScore(new boolean[b.cells()])).isEqualTo(3);
    byte[] owner = new byte[b.cells()];
    b.owners(owner);
    assertThat(owner[at(g, "D7")]).isEqualTo(Board.EMPTY);
    assertThat(owner[at(g, "D6")]).isEqualTo(Board.EMPTY);
    assertThat(owner[at(g, "A7")]).isEqualTo(Board.BLACK);
    assertThat(owner[at(g, "G1")]).isEqualTo(Board.WHITE);
    assertThat(owner[at(g, "C7")]).isEqualTo(Board.WHITE);
  }

  @Test
  void randomGamesKeepChainsHashesAndLibertiesConsistent() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int game = 0; game < 50; game++) {
      Board b = new Board(9);
      int[] scratch = new int[b.cells()];
      byte c = Board.BLACK;
      int passes = 0;
      for (int move = 0; move < 400 && passes < 2; move++) {
        int p = b.randomMove(c, rng, scratch);
        assertThat(b.isLegal(p, c)).isTrue();
        b.play(p, c);
        passes = p == Board.PASS ? passes + 1 : 0;
        c = Board.opponent(c);
      }
      Board fresh = new Board(9);
      for (int p = 0; p < b.cells(); p++) {
        byte col = b.color(p);
        if (col == Board.BLACK || col == Board.WHITE) {
          assertThat(b.liberties(p)).as("liberties at %s", Vertex.gtp(b, p)).isPositive();
          fresh.place(p, col);
        }
      }
      assertThat(fresh.hash()).isEqualTo(b.hash());
    }
  }

  @Test
  void heuristicPlayoutsAnswerAtarisAndAvoidSelfAtari() {
    Game g =
        position(
            """
            . X O . .
            X O . . .
            . . . . .
            . . O O O
            . . O X .
            """,
            false,
            false);
    Board b = g.board();
    SplittableRandom rng = new SplittableRandom(1);
    int[] scratch = new int[b.cells()];
    // Black D1 is in atari (liberty E1); extending there leaves D1-E1 with no liberty at all.
    int e1 = at(g, "E1");
    assertThat(b.isSelfAtari(e1, Board.BLACK)).isTrue();
    // After white's C5, black B5 has one liberty, A5: white's playout answer is to capture there.
    int c5 = at(g, "C5");
    assertThat(Vertex.gtp(b, b.heuristicMove(Board.WHITE, c5, rng, scratch))).isEqualTo("A5");
    // Without a forcing answer, random moves never self-atari when something else is available.
    for (int i = 0; i < 200; i++) {
      int p = b.heuristicMove(Board.BLACK, Board.PASS, rng, scratch);
      assertThat(b.isSelfAtari(p, Board.BLACK)).isFalse();
    }
  }

  @Test
  void tripleKoCyclesUnderSimpleKoAndIsStoppedByPositionalSuperko() {
    // Three kos (rows 7-9, 4-6, 1-3 on the left). In each, a black stone at C can be taken at B and
    // a
    // white stone at B retaken at C. Start: black holds kos 1 and 2, white holds ko 3.
    String start =
        """
        . X O . . . . . .
        X . X O . . . . .
        . X O . . . . . .
        . X O . . . . . .
        X . X O . . . . .
        . X O . . . . . .
        . X O . . . . . .
        X O . O . . . . .
        . X O . . . . . .
        """;
    String[] cycle = {"B8", "C2", "B5", "C8", "B2", "C5"}; // W, B, W, B, W, B: each takes a ko
    for (boolean superko : new boolean[] {false, true}) {
      Game g = position(start, false, superko);
      g.setToMove(Board.WHITE);
      for (int i = 0; i < 5; i++) {
        int before = g.board().captures(Board.BLACK) + g.board().captures(Board.WHITE);
        g.play(at(g, cycle[i]), g.toMove());
        assertThat(g.board().captures(Board.BLACK) + g.board().captures(Board.WHITE))
            .as("move %d captures", i + 1)
            .isEqualTo(before + 1);
      }
      // The sixth capture would recreate the starting position.
      assertThat(g.illegalReason(at(g, cycle[5]), Board.BLACK))
          .isEqualTo(superko ? "positional superko" : null);
    }
  }
}
