package dev.dlpipe.engines.go;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Self-play and match games with the random-rollout evaluator (no network: the games' rules,
 * determinism and resignation are the subject) on 9x9 with few playouts.
 */
class SelfPlayTest {
  private static SelfPlay.Settings settings(double resignThreshold, double checkShare) {
    return new SelfPlay.Settings(
        9, 7.5, 16, 8, 1.5, 0.12, 0.25, 6, resignThreshold, checkShare, 60, 0);
  }

  @Test
  void aGameIsAFunctionOfItsSeed() {
    SelfPlay.Settings s = settings(-1, 0);
    SelfPlay.Record a = SelfPlay.play(new RandomRolloutFn(3), s, 77);
    SelfPlay.Record b = SelfPlay.play(new RandomRolloutFn(3), s, 77);
    SelfPlay.Record c = SelfPlay.play(new RandomRolloutFn(3), s, 78);
    assertThat(b.moves()).isEqualTo(a.moves());
    assertThat(b.visits()).isDeepEqualTo(a.visits());
    assertThat(b.values()).isEqualTo(a.values());
    assertThat(b.result()).isEqualTo(a.result());
    assertThat(c.moves()).isNotEqualTo(a.moves());
  }

  @Test
  void recordsReplayLegallyWithTheSearchPolicyOfEveryMove() {
    SelfPlay.Record r = SelfPlay.play(new RandomRolloutFn(5), settings(-1, 0), 1);
    assertThat(r.moves().length).isBetween(1, 60);
    assertThat(r.visits().length).isEqualTo(r.moves().length);
    Game g = new Game(9, 7.5, false, true);
    for (int i = 0; i < r.moves().length; i++) {
      int m = r.moves()[i];
      assertThat(r.visits()[i]).hasSize(82);
      assertThat(Arrays.stream(r.visits()[i]).sum()).isGreaterThanOrEqualTo(16);
      // After the sampled opening a most visited move is played (ties broken at random).
      if (i >= 6) {
        int most = Arrays.stream(r.visits()[i]).max().getAsInt();
        assertThat(r.visits()[i][m]).as("move " + (i + 1)).isEqualTo(most);
      }
      g.play(m == 81 ? Board.PASS : g.board().point(m % 9, m / 9), g.toMove());
    }
    assertThat(r.capped()).isEqualTo(!g.over());
    if (!r.capped()) {
      double score = g.trompTaylorScore();
      assertThat(r.result()).isEqualTo((score > 0 ? "B+" : "W+") + Math.abs(score));
    }
  }

  /** Black's view: every position is won for black. White resigns at once, or would. */
  private static final PolicyValueFn BLACK_WINS =
      (positions, priors, values) -> {
        for (int i = 0; i < positions.size(); i++) {
          Arrays.fill(priors[i], 1f);
          values[i] = positions.get(i).toMove() == Board.BLACK ? 1f : -1f;
        }
      };

  @Test
  void resignsBelowTheThresholdAndCheckGamesRecordWhoWouldHave() {
    SelfPlay.Record resigned = SelfPlay.play(BLACK_WINS, settings(-0.9, 0), 9);
    assertThat(resigned.resignedBy()).isEqualTo(Board.WHITE);
    assertThat(resigned.result()).isEqualTo("B+R");
    assertThat(resigned.moves()).hasSize(1);
    assertThat(resigned.resignCheck()).isFalse();

    SelfPlay.Record checked = SelfPlay.play(BLACK_WINS, settings(-0.9, 1.0), 9);
    assertThat(checked.resignCheck()).isTrue();
    assertThat(checked.resignedBy()).isEqualTo(Board.EMPTY);
    assertThat(checked.wouldResign()).isEqualTo(Board.WHITE);
    assertThat(checked.wouldResignAt()).isEqualTo(2);
    assertThat(checked.moves().length).isGreaterThan(1);
    assertThat(checked.resignFalsePositive()).isEqualTo(checked.winner() == Board.WHITE);

    // Resignation off: the game is played out, and it is a check game whatever the share.
    SelfPlay.Record off = SelfPlay.play(BLACK_WINS, settings(-1, 0), 9);
    assertThat(off.resignCheck()).isTrue();
    assertThat(off.resignedBy()).isEqualTo(Board.EMPTY);
    assertThat(off.wouldResign()).isEqualTo(Board.EMPTY);
    assertThat(off.moves().length).isGreaterThan(1);
  }

  @Test
  void aMatchGivesEachSideItsOwnEvaluator() {
    List<Byte> askedBlack = new ArrayList<>();
    List<Byte> askedWhite = new ArrayList<>();
    PolicyValueFn black = recording(askedBlack);
    PolicyValueFn white = recording(askedWhite);
    SelfPlay.Record r = SelfPlay.match(black, white, settings(-1, 0).forEvaluation(0), 4);
    assertThat(r.moves().length).isGreaterThan(2);
    // Roots are always the searcher's own positions.
    assertThat(askedBlack.get(0)).isEqualTo(Board.BLACK);
    assertThat(askedWhite.get(0)).isEqualTo(Board.WHITE);
    SelfPlay.Record again =
        SelfPlay.match(
            recording(new ArrayList<>()),
            recording(new ArrayList<>()),
            settings(-1, 0).forEvaluation(0),
            4);
    assertThat(again.moves()).isEqualTo(r.moves());
  }

  private static PolicyValueFn recording(List<Byte> toMove) {
    RandomRolloutFn inner = new RandomRolloutFn(1);
    return (positions, priors, values) -> {
      for (Game g : positions) {
        toMove.add(g.toMove());
      }
      inner.evaluate(positions, priors, values);
    };
  }

  @Test
  void planesOfARecordedGameEqualThoseOfTheGame() {
    SelfPlay.Record r = SelfPlay.play(new RandomRolloutFn(2), settings(-1, 0), 3);
    Game g = new Game(9, 7.5, false, true);
    List<byte[]> positions = new ArrayList<>();
    positions.add(g.recentPositions().get(0));
    float[] out = new float[Features.PLANES * 81];
    for (int i = 0; i < r.moves().length; i++) {
      Features.planes(positions.toArray(new byte[0][]), i, g.toMove(), 9, out, 0);
      assertThat(out).as("position " + i).isEqualTo(Features.planes(g));
      int m = r.moves()[i];
      g.play(m == 81 ? Board.PASS : g.board().point(m % 9, m / 9), g.toMove());
      positions.add(g.recentPositions().get(0));
    }
  }
}
