package dev.dlpipe.models.go;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlpipe.engines.go.Board;
import dev.dlpipe.engines.go.Features;
import dev.dlpipe.engines.go.Game;
import dev.dlpipe.engines.go.Mcts;
import dev.dlpipe.engines.go.Sgf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class PolicyValueNetTest {
  private static Path projectRoot() {
    String root = System.getProperty("dlpipe.project.root");
    return root != null ? Paths.get(root) : Paths.get("..").toAbsolutePath().normalize();
  }

  /**
   * Copies of a 9x9 game of uniformly random legal moves (seeded) before every {@code every}-th of
   * its first {@code moves} moves: real positions at several stages, not random planes.
   */
  private static List<Game> randomGame(long seed, int moves, int every) {
    Game g = new Game(9, 7.5, false, true);
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    List<Game> out = new ArrayList<>();
    for (int move = 0; move < moves; move++) {
      if (move % every == 0) {
        out.add(new Game(g));
      }
      List<Integer> legal = new ArrayList<>();
      for (int p = 0; p < 81; p++) {
        int pt = g.board().point(p % 9, p / 9);
        if (g.isLegal(pt, g.toMove())) {
          legal.add(pt);
        }
      }
      g.play(legal.get(r.nextInt(legal.size())), g.toMove());
    }
    return out;
  }

  @Test
  void headsHaveTheShapesAndRangesOfAlphaGoZero() {
    PolicyValueConfig c = PolicyValueConfig.tiny();
    ComputationGraph net = PolicyValueNet.build(c);
    INDArray planes = Nd4j.rand(DataType.FLOAT, 3, Features.PLANES, 9, 9);
    INDArray[] out = net.output(planes);
    assertThat(out[0].shape()).containsExactly(3, 82);
    assertThat(out[1].shape()).containsExactly(3, 1);
    for (double s : out[0].sum(1).toDoubleVector()) {
      assertThat(s).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
    for (double v : out[1].toDoubleVector()) {
      assertThat(v).isBetween(-1.0, 1.0);
    }
    // 4 blocks x 2 convs of 3x3x32x32 plus the stem dominate; the order of magnitude is the check.
    assertThat(net.numParams()).isBetween(70_000L, 120_000L);
  }

  @Test
  void aNewNetworkKnowsNothing() {
    // Real positions of a real game at several stages, not only random planes.
    ComputationGraph net = PolicyValueNet.build(PolicyValueConfig.tiny());
    List<float[]> planes = new ArrayList<>();
    for (Game g : randomGame(4, 40, 8)) {
      planes.add(Features.planes(g));
    }
    float[] flat = new float[planes.size() * Features.PLANES * 81];
    for (int i = 0; i < planes.size(); i++) {
      System.arraycopy(planes.get(i), 0, flat, i * Features.PLANES * 81, Features.PLANES * 81);
    }
    INDArray[] out =
        net.output(
            false,
            Nd4j.create(flat, new long[] {planes.size(), Features.PLANES, 9, 9}, DataType.FLOAT));
    for (double p : out[0].reshape(-1).toDoubleVector()) {
      assertThat(p).isCloseTo(1.0 / 82, org.assertj.core.data.Offset.offset(1e-6));
    }
    for (double v : out[1].reshape(-1).toDoubleVector()) {
      assertThat(v).isEqualTo(0.0);
    }
  }

  @Test
  void plainJavaEvaluationGivesTheNetworksOutputs() {
    // 6 filters (not a multiple of the kernel's 4-channel blocks) and every parameter random,
    // batch norm statistics included, so the folding is checked, not just zeros and ones.
    ComputationGraph net =
        PolicyValueNet.build(
            new PolicyValueConfig(9, 2, 6, 8, 1e-4, 0.01, PolicyValueConfig.Optimizer.ADAM, 5));
    java.util.Random r = new java.util.Random(8);
    for (var e : net.paramTable().entrySet()) {
      INDArray p = e.getValue();
      for (long i = 0; i < p.length(); i++) {
        double v =
            e.getKey().endsWith("log10stdev")
                ? r.nextDouble() - 0.5
                : e.getKey().endsWith("gamma") ? 0.5 + r.nextDouble() : r.nextGaussian() * 0.3;
        p.putScalar(i, v);
      }
    }
    List<Game> positions = randomGame(2, 48, 6);
    int b = positions.size();
    float[][] javaPriors = new float[b][];
    float[] javaValues = new float[b];
    float[][] dl4jPriors = new float[b][];
    float[] dl4jValues = new float[b];
    new NetworkPolicyValueFn(net, 9, 3, true, true).evaluate(positions, javaPriors, javaValues);
    new NetworkPolicyValueFn(net, 9, 3, true, false).evaluate(positions, dl4jPriors, dl4jValues);
    for (int i = 0; i < b; i++) {
      for (int m = 0; m < 82; m++) {
        assertThat(javaPriors[i][m])
            .isCloseTo(dl4jPriors[i][m], org.assertj.core.data.Offset.offset(2e-5f));
      }
      assertThat(javaValues[i])
          .isCloseTo(dl4jValues[i], org.assertj.core.data.Offset.offset(2e-5f));
    }
    long informative = 0;
    for (int i = 0; i < b; i++) {
      informative += Math.abs(dl4jValues[i]) < 0.95f ? 1 : 0;
    }
    assertThat(informative).isPositive();
  }

  @ParameterizedTest
  @EnumSource(PolicyValueConfig.Optimizer.class)
  void learnsMovesAndOutcomeOfRealGamesAndDrivesASearch(PolicyValueConfig.Optimizer optimizer)
      throws Exception {
    // AlphaGo's self-play games (19x19): the first 24 moves of game 1 as supervised examples.
    Path sgf = projectRoot().resolve("sample-data/go/sgf/alphago/AG vs AG - G1 - English.sgf");
    Sgf.Record record = Sgf.read(Files.readString(sgf, StandardCharsets.UTF_8), sgf.toString());
    List<float[]> planes = new ArrayList<>();
    List<Integer> moves = new ArrayList<>();
    Sgf.replay(
        record,
        sgf.toString(),
        false,
        false,
        (game, number, color, point) -> {
          if (number <= 24) {
            planes.add(Features.planes(game));
            Board b = game.board();
            moves.add(point == Board.PASS ? 361 : b.y(point) * 19 + b.x(point));
          }
        });
    int m = planes.size();
    double rate = optimizer == PolicyValueConfig.Optimizer.ADAM ? 0.005 : 0.05;
    PolicyValueConfig c = new PolicyValueConfig(19, 1, 8, 16, 1e-4, rate, optimizer, 3);
    ComputationGraph net = PolicyValueNet.build(c);
    float[] flat = new float[m * Features.PLANES * 361];
    INDArray policy = Nd4j.zeros(DataType.FLOAT, m, 362);
    INDArray value = Nd4j.zeros(DataType.FLOAT, m, 1);
    for (int i = 0; i < m; i++) {
      System.arraycopy(planes.get(i), 0, flat, i * planes.get(i).length, planes.get(i).length);
      policy.putScalar(i, moves.get(i), 1f);
      // Game 1 ended W+R: the player to move wins when it is White (odd moves).
      value.putScalar(i, 0, i % 2 == 0 ? -1f : 1f);
    }
    INDArray input = Nd4j.create(flat, new long[] {m, Features.PLANES, 19, 19}, DataType.FLOAT);
    MultiDataSet data = new MultiDataSet(new INDArray[] {input}, new INDArray[] {policy, value});
    double before = net.score(data);
    for (int i = 0; i < 40; i++) {
      net.fit(data);
    }
    double after = net.score(data);
    assertThat(after).isLessThan(before * 0.5);
    INDArray predicted = net.output(input)[0].argMax(1);
    int right = 0;
    for (int i = 0; i < m; i++) {
      right += predicted.getInt(i) == moves.get(i) ? 1 : 0;
    }
    assertThat(right).isGreaterThan(m / 2);

    // The trained network drives MCTS from the empty board: legal moves, batched evaluations.
    NetworkPolicyValueFn fn = new NetworkPolicyValueFn(net, 19, 5, true);
    Game game = new Game(19, 7.5, false, false);
    Mcts mcts = new Mcts(fn, Mcts.Config.play(16, 5));
    for (int i = 0; i < 3; i++) {
      Mcts.Result r = mcts.search(game);
      assertThat(r.bestMove() == Board.PASS || game.isLegal(r.bestMove(), game.toMove())).isTrue();
      game.play(r.bestMove(), game.toMove());
      mcts.advance(game, r.bestMove());
    }
    assertThat(fn.evaluations()).isGreaterThan(16);
  }
}
