package dev.dlpipe.models.go;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlpipe.engines.go.Board;
import dev.dlpipe.engines.go.Features;
import dev.dlpipe.engines.go.SelfPlay;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.MultiDataSet;

/** Self-play with a real (tiny, untrained) network, and training minibatches built from it. */
class PolicyValueBatchesTest {
  private static final PolicyValueConfig TINY =
      new PolicyValueConfig(9, 1, 8, 16, 1e-4, 0.05, PolicyValueConfig.Optimizer.NESTEROVS, 7);
  private static final SelfPlay.Settings SETTINGS =
      new SelfPlay.Settings(9, 7.5, 12, 4, 1.5, 0.12, 0.25, 4, -1, 0, 30, 0);

  @Test
  void aSelfPlayGameReplaysIdenticallyOnAnotherCopyOfTheNetwork() throws Exception {
    ComputationGraph net = PolicyValueNet.build(TINY);
    SelfPlay.Record a = SelfPlay.play(new NetworkPolicyValueFn(net, 9, 11, true), SETTINGS, 11);
    // Another executor: the network deserialized from the broadcast bytes.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(net, bytes, false);
    ComputationGraph copy =
        ModelSerializer.restoreComputationGraph(
            new ByteArrayInputStream(bytes.toByteArray()), false);
    SelfPlay.Record b = SelfPlay.play(new NetworkPolicyValueFn(copy, 9, 11, true), SETTINGS, 11);
    assertThat(b.moves()).isEqualTo(a.moves());
    assertThat(b.visits()).isDeepEqualTo(a.visits());
    assertThat(b.values()).isEqualTo(a.values());
    assertThat(b.result()).isEqualTo(a.result());
  }

  @Test
  void planesAndPolicyTurnTogetherAndTrainingLowersTheLoss() {
    ComputationGraph net = PolicyValueNet.build(TINY);
    SelfPlay.Record r = SelfPlay.play(new NetworkPolicyValueFn(net, 9, 3, true), SETTINGS, 3);
    TrainingGame g = TrainingGame.replay(9, 7.5, r.moves(), r.visits(), r.winner());
    assertThat(g.size()).isEqualTo(r.moves().length);
    int i = Math.min(5, g.size() - 1);
    MultiDataSet plain = PolicyValueBatches.batch(List.of(new PolicyValueBatches.Sample(g, i, 0)));
    MultiDataSet turned = PolicyValueBatches.batch(List.of(new PolicyValueBatches.Sample(g, i, 5)));
    float[] planes = plain.getFeatures(0).reshape(-1).toFloatVector();
    assertThat(turned.getFeatures(0).reshape(-1).toFloatVector())
        .isEqualTo(Features.transformPlanes(5, planes, 9));
    float[] policy = plain.getLabels(0).reshape(-1).toFloatVector();
    assertThat(turned.getLabels(0).reshape(-1).toFloatVector())
        .isEqualTo(Features.transformPolicy(5, policy, 9));
    double sum = 0;
    for (float p : policy) {
      sum += p;
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    byte winner = r.winner();
    float expected = winner == Board.EMPTY ? 0 : winner == g.toMove()[i] ? 1 : -1;
    assertThat(turned.getLabels(1).getFloat(0)).isEqualTo(expected);

    List<PolicyValueBatches.Sample> all = new ArrayList<>();
    for (int k = 0; k < g.size(); k++) {
      all.add(new PolicyValueBatches.Sample(g, k, k % 8));
    }
    MultiDataSet batch = PolicyValueBatches.batch(all);
    PolicyValueBatches.Scores before = PolicyValueBatches.score(net, batch);
    for (int k = 0; k < 30; k++) {
      net.fit(batch);
    }
    PolicyValueBatches.Scores after = PolicyValueBatches.score(net, batch);
    assertThat(after.positions()).isEqualTo(g.size());
    assertThat(after.meanPolicyLoss()).isLessThan(before.meanPolicyLoss());
    assertThat(after.valueMse()).isLessThan(before.valueMse());
  }

  @Test
  void positionsLeftOutOfTheValueTargetDoNotMoveTheValueHead() {
    SelfPlay.Record r =
        SelfPlay.play(
            new NetworkPolicyValueFn(PolicyValueNet.build(TINY), 9, 3, true), SETTINGS, 4);
    TrainingGame g = TrainingGame.replay(9, 7.5, r.moves(), r.visits(), r.winner());
    List<PolicyValueBatches.Sample> policyOnly = new ArrayList<>();
    List<PolicyValueBatches.Sample> both = new ArrayList<>();
    for (int k = 0; k < g.size(); k++) {
      policyOnly.add(new PolicyValueBatches.Sample(g, k, 0, false));
      both.add(new PolicyValueBatches.Sample(g, k, 0, true));
    }
    MultiDataSet masked = PolicyValueBatches.batch(policyOnly);
    assertThat(masked.getLabelsMaskArray(1).sumNumber().doubleValue()).isZero();
    assertThat(PolicyValueBatches.batch(both).getLabelsMaskArrays()).isNull();

    // A new network's value output layer starts at zero; with every value target masked it
    // gets no gradient (and L2 keeps zero at zero), while the policy learns.
    ComputationGraph net = PolicyValueNet.build(TINY);
    PolicyValueBatches.Scores before = PolicyValueBatches.score(net, masked);
    for (int k = 0; k < 10; k++) {
      net.fit(masked);
    }
    PolicyValueBatches.Scores after = PolicyValueBatches.score(net, masked);
    assertThat(after.meanPolicyLoss()).isLessThan(before.meanPolicyLoss());
    assertThat(net.output(false, masked.getFeatures(0))[1].reshape(-1).toDoubleVector())
        .containsOnly(0.0);
    for (int k = 0; k < 10; k++) {
      net.fit(PolicyValueBatches.batch(both));
    }
    assertThat(
            java.util.Arrays.stream(
                    net.output(false, masked.getFeatures(0))[1].reshape(-1).toDoubleVector())
                .anyMatch(v -> v != 0.0))
        .isTrue();
  }
}
