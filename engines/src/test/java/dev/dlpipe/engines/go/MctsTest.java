package dev.dlpipe.engines.go;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MCTS with the uniform-prior, random-rollout evaluator on 9x9 tactics (seeded: deterministic). The
 * tactics settings (3,000 simulations, 8 rollouts per leaf, c_puct 1.0: uniform priors need less
 * exploration than a network's) found both answers with 10 of 10 seeds when measured; with one
 * rollout per leaf only 6-7 of 10 did.
 */
class MctsTest {
  private static Mcts mcts(int playouts) {
    return new Mcts(new RandomRolloutFn(11), Mcts.Config.play(playouts, 5));
  }

  private static Mcts tactics() {
    return new Mcts(new RandomRolloutFn(101, 8), Mcts.Config.play(3000, 1).withCPuct(1.0));
  }

  @Test
  void passIsSearchedOnlyFromItsMoveOn() {
    // A network sure that passing is best.
    PolicyValueFn passer =
        (positions, priors, values) -> {
          for (int i = 0; i < positions.size(); i++) {
            java.util.Arrays.fill(priors[i], 1e-4f);
            priors[i][81] = 1f;
            values[i] = 0f;
          }
        };
    Game g = new Game(9, 7.5, false, true);
    // (On the empty board passing loses to the komi once the opponent passes too, so the search
    // need not choose it, but it looks at it.)
    Mcts.Result always = new Mcts(passer, Mcts.Config.play(32, 1)).search(g);
    assertThat(always.visits()[81]).isPositive();
    Mcts.Result later = new Mcts(passer, Mcts.Config.play(32, 1).withPassFrom(2)).search(g);
    assertThat(later.bestMove()).isNotEqualTo(Board.PASS);
    assertThat(later.visits()[81]).isZero();
    g.play(later.bestMove(), g.toMove());
    g.play(
        g.board().point(0, 0) == later.bestMove() ? g.board().point(1, 1) : g.board().point(0, 0),
        g.toMove());
    // Move 3: passing is searched again.
    assertThat(new Mcts(passer, Mcts.Config.play(32, 1).withPassFrom(2)).search(g).visits()[81])
        .isPositive();
  }

  @Test
  void anUninformedSearchHasNoFavouriteCorner() {
    // A new network: uniform priors, value 0 everywhere. Every move ties; lowest-index
    // tie-breaking had sent every search (and so a whole self-play line) to the first row.
    PolicyValueFn nothing =
        (positions, priors, values) -> {
          for (int i = 0; i < positions.size(); i++) {
            java.util.Arrays.fill(priors[i], 1f);
            values[i] = 0f;
          }
        };
    java.util.Set<Integer> chosen = new java.util.HashSet<>();
    int firstRow = 0;
    int visitedFirstRow = 0;
    int visited = 0;
    for (long seed = 1; seed <= 20; seed++) {
      Game g = new Game(9, 7.5, false, true);
      Mcts.Result r = new Mcts(nothing, Mcts.Config.play(64, seed)).search(g);
      chosen.add(r.bestMove());
      firstRow += r.bestMove() != Board.PASS && g.board().y(r.bestMove()) == 0 ? 1 : 0;
      for (int p = 0; p < 81; p++) {
        visited += r.visits()[p];
        visitedFirstRow += p / 9 == 0 ? r.visits()[p] : 0;
      }
    }
    assertThat(chosen).hasSizeGreaterThanOrEqualTo(12);
    assertThat(firstRow).isLessThanOrEqualTo(6);
    // The first row is 9 of 82 moves: about 11% of the visits, not most of them.
    assertThat((double) visitedFirstRow / visited).isLessThan(0.25);
  }

  @Test
  void findsAOneMoveCaptureOfFourStones() {
    Game g =
        BoardTest.position(
            """
            . . . . . . . . .
            . . . . . . . . .
            . . X X X X . . .
            . X O O O O . . .
            . . X X X X . . .
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .
            """,
            false,
            true);
    Mcts.Result r = tactics().search(g);
    assertThat(Vertex.gtp(g.board(), r.bestMove())).isEqualTo("G6");
    assertThat(r.bestValue()).isPositive();
  }

  @Test
  void escapesAtariByConnectingToALivingGroup() {
    // Black A6-D6 has one liberty, E6; playing there connects it to the two-eyed group on the right
    // (eyes G6, J6). Random rollouts give E6 0.84 and other moves at most 0.68.
    Game g =
        BoardTest.position(
            """
            . . . . . . . . .
            . . . . . . . . .
            O O O O O X X X X
            X X X X . X . X .
            O O O O O X X X X
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .
            . . . . . . . . .
            """,
            false,
            true);
    assertThat(g.board().liberties(Vertex.fromGtp(g.board(), "A6"))).isEqualTo(1);
    Mcts.Result r = tactics().search(g);
    assertThat(Vertex.gtp(g.board(), r.bestMove())).isEqualTo("E6");
  }

  @Test
  void raveFindsTheCaptureAndTheEscapeWithOneRolloutPerLeaf() {
    // RAVE shares each playout's verdict with every move it contains, so one rollout per leaf and
    // fewer simulations suffice.
    String[] boards = {
      """
      . . . . . . . . .
      . . . . . . . . .
      . . X X X X . . .
      . X O O O O . . .
      . . X X X X . . .
      . . . . . . . . .
      . . . . . . . . .
      . . . . . . . . .
      . . . . . . . . .
      """,
      """
      . . . . . . . . .
      . . . . . . . . .
      O O O O O X X X X
      X X X X . X . X .
      O O O O O X X X X
      . . . . . . . . .
      . . . . . . . . .
      . . . . . . . . .
      . . . . . . . . .
      """
    };
    String[] answers = {"G6", "E6"};
    for (int i = 0; i < boards.length; i++) {
      Game g = BoardTest.position(boards[i], false, true);
      Mcts rave =
          new Mcts(
              new RandomRolloutFn(101, 1, true),
              Mcts.Config.play(2000, 1).withCPuct(1.0).withRave(1000));
      assertThat(Vertex.gtp(g.board(), rave.search(g).bestMove())).isEqualTo(answers[i]);
    }
  }

  @Test
  void raveBeatsThePlainSearchAtTheSameNumberOfPlayouts() {
    // One seeded 9x9 game each way: RAVE at 1,000 simulations of one playout against the plain
    // search at 250 simulations of four playouts (measured: RAVE won 4 of 4 at 4x these budgets).
    int raveWins = 0;
    for (int i = 0; i < 2; i++) {
      byte raveColor = i == 0 ? Board.BLACK : Board.WHITE;
      Game g = new Game(9, 7, false, false);
      Mcts rave =
          new Mcts(
              new RandomRolloutFn(i, 1, true),
              Mcts.Config.play(1000, i).withCPuct(1.0).withRave(1000));
      Mcts plain =
          new Mcts(
              new RandomRolloutFn(i + 99, 4, true), Mcts.Config.play(250, i + 99).withCPuct(2.0));
      while (!g.over() && g.moves().size() < 243) {
        int mv = (g.toMove() == raveColor ? rave : plain).search(g).bestMove();
        g.play(mv, g.toMove());
        rave.advance(g, mv);
        plain.advance(g, mv);
      }
      double score = g.trompTaylorScore();
      raveWins += (raveColor == Board.BLACK ? score > 0 : score < 0) ? 1 : 0;
    }
    assertThat(raveWins).isEqualTo(2);
  }

  @Test
  void theTreeBelowThePlayedMoveIsReused() {
    Game g = new Game(9, 7, false, true);
    Mcts m = mcts(400);
    Mcts.Result r = m.search(g);
    int move = r.bestMove();
    int childVisits = r.visits()[g.board().y(move) * 9 + g.board().x(move)];
    g.play(move, g.toMove());
    m.advance(g, move);
    assertThat(m.rootVisits()).isEqualTo(childVisits - 1).isPositive();
    assertThat(m.search(g).visits()).isNotEmpty();
  }

  @Test
  void visitCountsCoverThePlayouts() {
    Game g = new Game(9, 7, false, true);
    Mcts.Result r = mcts(500).search(g);
    int sum = 0;
    for (int v : r.visits()) {
      sum += v;
    }
    assertThat(sum).isEqualTo(500);
    assertThat(r.visits()).hasSize(82);
  }

  @Test
  void selfPlayNoiseAndTemperatureStillGiveLegalMoves() {
    Game g = new Game(9, 7, false, true);
    Mcts m =
        new Mcts(new RandomRolloutFn(3), new Mcts.Config(1.5, 64, 8, 0.3, 0.25, -0.95, 0.25, 9));
    for (int i = 0; i < 30 && !g.over(); i++) {
      Mcts.Result r = m.search(g);
      int move = m.choose(g, r, 1.0);
      assertThat(g.isLegal(move, g.toMove())).isTrue();
      g.play(move, g.toMove());
      m.advance(g, move);
    }
    assertThat(g.moves()).hasSizeGreaterThan(10);
  }

  @Test
  void featurePlanesAndSymmetries() {
    Game g = new Game(9, 7, false, true);
    g.play(Vertex.fromGtp(g.board(), "C3"), Board.BLACK);
    g.play(Vertex.fromGtp(g.board(), "D4"), Board.WHITE);
    float[] planes = Features.planes(g);
    assertThat(planes).hasSize(17 * 81);
    int c3 = 6 * 9 + 2; // row-major from the top: row 3 is y = 6
    int d4 = 5 * 9 + 3;
    // Black to move: plane 0 = black now, plane 1 = white now, plane 2/3 = one move ago, 16 = ones.
    assertThat(planes[c3]).isEqualTo(1f);
    assertThat(planes[81 + d4]).isEqualTo(1f);
    assertThat(planes[2 * 81 + c3]).isEqualTo(1f);
    assertThat(planes[3 * 81 + d4]).isZero();
    assertThat(planes[16 * 81]).isEqualTo(1f);
    for (int s = 0; s < 8; s++) {
      float[] there = Features.transformPlanes(s, planes, 9);
      assertThat(Features.transformPlanes(Features.inverse(s), there, 9)).isEqualTo(planes);
    }
    // A policy moves with the planes: a one-hot move at C3 lands where C3's plane entry lands; pass
    // stays.
    float[] policy = new float[82];
    policy[c3] = 1f;
    policy[81] = 0.5f;
    for (int s = 0; s < 8; s++) {
      float[] moved = Features.transformPolicy(s, policy, 9);
      assertThat(moved[Features.transform(s, c3, 9)]).isEqualTo(1f);
      assertThat(Features.transformPlanes(s, planes, 9)[Features.transform(s, c3, 9)])
          .isEqualTo(1f);
      assertThat(moved[81]).isEqualTo(0.5f);
    }
    // The 8 images of a corner-adjacent point are 8 distinct points.
    java.util.Set<Integer> images = new java.util.HashSet<>();
    for (int s = 0; s < 8; s++) {
      images.add(Features.transform(s, 1, 9));
    }
    assertThat(images).hasSize(8);
    assertThat(List.of(Features.transform(1, 0, 9), Features.transform(2, 0, 9)))
        .containsExactly(8, 80);
  }

  @Test
  void leePlanesMarkLibertiesAndCaptures() {
    Game g =
        BoardTest.position(
            """
            . X O . .
            X O O . .
            . X . . .
            . . . . .
            . . . . .
            """,
            false,
            false);
    float[] planes = Features.leePlanes(g); // black to move
    int area = 25;
    int b5 = 1; // row-major from the top-left: B5 is (x=1, y=0)
    int c4 = 5 + 2;
    int c3 = 10 + 2;
    // Black B5 has 1 liberty (A5); white's chain C5-B4-C4 has 3 (D5, D4, C3).
    assertThat(planes[0 * area + b5]).isEqualTo(1f);
    assertThat(planes[(4 + 2) * area + c4]).isEqualTo(1f);
    // No capture for black anywhere yet: white has three liberties.
    assertThat(planes[8 * area + c3]).isZero();
    assertThat(planes).hasSize(Features.LEE_PLANES * area);

    // White C5 between black B5 and D5 has one liberty, C4: black capturing there takes 1 stone.
    Game capture =
        BoardTest.position(
            """
            . X O X .
            . . . . .
            . . . . .
            . . . . .
            . . . . .
            """,
            false,
            false);
    assertThat(Features.leePlanes(capture)[8 * area + c4]).isEqualTo(1f / 8);
  }
}
