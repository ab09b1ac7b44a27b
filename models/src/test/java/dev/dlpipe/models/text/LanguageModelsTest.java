package dev.dlpipe.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dlpipe.engines.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

class LanguageModelsTest {
  private static final int VOCAB = 20;

  /** Eight sentences over words 4..19, lengths 3 to 7, with a regular structure to learn. */
  private static List<int[]> corpus() {
    List<int[]> out = new ArrayList<>();
    Random rnd = new Random(3);
    for (int i = 0; i < 8; i++) {
      int[] s = new int[3 + i % 5];
      for (int t = 0; t < s.length; t++) {
        s[t] = 4 + rnd.nextInt(VOCAB - 4);
      }
      out.add(s);
    }
    return out;
  }

  private static LmConfig tiny(LmConfig.Kind kind) {
    return new LmConfig(kind, VOCAB, 16, 32, 1, 0, 0.03, LmConfig.DEFAULT_CLIP, 11);
  }

  @ParameterizedTest
  @EnumSource(LmConfig.Kind.class)
  void everyKindMemorisesATinyCorpus(LmConfig.Kind kind) {
    ComputationGraph g = LanguageModels.build(tiny(kind));
    MultiDataSet batch = LmBatches.of(corpus(), kind);
    TokenLoss before = LanguageModels.loss(g, batch);
    for (int i = 0; i < 100; i++) {
      g.fit(batch);
    }
    TokenLoss after = LanguageModels.loss(g, batch);
    // 8 sentences: 37 words and 8 EOS predicted.
    assertThat(before.tokens()).isEqualTo(45);
    assertThat(before.mean()).isCloseTo(Math.log(VOCAB), within(0.3));
    // The first word of each sentence is a random pick among 8 (ln 8 nats each); the rest is
    // determined by the prefix, so a model that memorised the corpus is near 8 ln 8 / 45.
    double floor = 8 * Math.log(8) / 45;
    assertThat(after.mean()).as("%s loss after 100 steps", kind).isBetween(floor, floor + 0.05);
    if (kind == LmConfig.Kind.BILSTM) {
      // Backward, the last word follows EOS: the same floor.
      assertThat(LanguageModels.loss(g, batch, 1).mean()).isBetween(floor, floor + 0.05);
    }
  }

  @Test
  void sparseLabelsGiveDl4jsMaskedScore() {
    ComputationGraph g = LanguageModels.build(tiny(LmConfig.Kind.LSTM));
    MultiDataSet batch = LmBatches.of(corpus(), LmConfig.Kind.LSTM);
    TokenLoss loss = LanguageModels.loss(g, batch);
    // DL4J's score: the masked sum of per-token losses over the minibatch size.
    double score = g.score(batch);
    assertThat(score * 8).isCloseTo(loss.nll(), within(1e-3 * loss.nll()));
  }

  @Test
  void batchesPutBosFirstEosLastAndPadWithZero() {
    MultiDataSet b =
        LmBatches.of(List.of(new int[] {7, 8, 9}, new int[] {5}), LmConfig.Kind.BILSTM);
    assertThat(b.getFeatures(0).reshape(2, 4).toIntMatrix())
        .isEqualTo(new int[][] {{2, 7, 8, 9}, {2, 5, 0, 0}});
    assertThat(b.getLabels(0).reshape(2, 4).toIntMatrix())
        .isEqualTo(new int[][] {{7, 8, 9, 3}, {5, 3, 0, 0}});
    assertThat(b.getFeatures(1).reshape(2, 4).toIntMatrix())
        .isEqualTo(new int[][] {{3, 9, 8, 7}, {3, 5, 0, 0}});
    assertThat(b.getLabels(1).reshape(2, 4).toIntMatrix())
        .isEqualTo(new int[][] {{9, 8, 7, 2}, {5, 2, 0, 0}});
    assertThat(b.getFeaturesMaskArray(0).toIntMatrix())
        .isEqualTo(new int[][] {{1, 1, 1, 1}, {1, 1, 0, 0}});
  }

  @Test
  void theBidirectionalModelNeverSeesTheTokenItPredicts() {
    ComputationGraph g = LanguageModels.build(tiny(LmConfig.Kind.BILSTM));
    int[] sentence = {4, 5, 6, 7, 8, 9};
    int[] changed = sentence.clone();
    int k = 3; // change word w4 (position k in the sentence, step k+1 of BOS w1..wn)
    changed[k] = 15;
    INDArray[] a = outputs(g, sentence);
    INDArray[] b = outputs(g, changed);
    int steps = sentence.length + 1;
    for (int t = 0; t < steps; t++) {
      // Forward step t sees BOS w1..wt and predicts w(t+1): w(k+1) is first seen at step k+1.
      double fwdDiff = maxDiff(a[0], b[0], t);
      if (t <= k) {
        assertThat(fwdDiff).as("forward step %d", t).isZero();
      } else {
        assertThat(fwdDiff).as("forward step %d", t).isPositive();
      }
      // Backward step t sees EOS wn..w(n-t+1) and predicts w(n-t): w(k+1) is seen from n-t <= k.
      double bwdDiff = maxDiff(a[1], b[1], t);
      int predicts = sentence.length - t; // 1-based index of the predicted word (0 = BOS)
      if (predicts >= k + 1) {
        assertThat(bwdDiff).as("backward step %d", t).isZero();
      } else {
        assertThat(bwdDiff).as("backward step %d", t).isPositive();
      }
    }
  }

  private static INDArray[] outputs(ComputationGraph g, int[] sentence) {
    MultiDataSet b = LmBatches.of(List.of(sentence), LmConfig.Kind.BILSTM);
    return g.output(false, b.getFeatures(), b.getFeaturesMaskArrays(), b.getLabelsMaskArrays());
  }

  private static double maxDiff(INDArray a, INDArray b, int t) {
    return a.get(
            org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.point(t))
        .sub(
            b.get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(t)))
        .amaxNumber()
        .doubleValue();
  }

  @Test
  void gruLanguageModelPassesGradientChecks() {
    DataType previous = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      LmConfig c = new LmConfig(LmConfig.Kind.GRU, 9, 3, 4, 2, 0, 1, 1, 5);
      ComputationGraph g =
          new ComputationGraph(LanguageModels.configuration(c, DataType.DOUBLE, new NoOp(), false));
      g.init();
      MultiDataSet b =
          LmBatches.of(List.of(new int[] {4, 5, 6}, new int[] {7, 8}), LmConfig.Kind.GRU);
      boolean ok =
          GradientCheckUtil.checkGradients(
              new GradientCheckUtil.GraphConfig()
                  .net(g)
                  .inputs(cast(b.getFeatures()))
                  .labels(cast(b.getLabels()))
                  .inputMask(cast(b.getFeaturesMaskArrays()))
                  .labelMask(cast(b.getLabelsMaskArrays()))
                  .epsilon(1e-6)
                  .maxRelError(1e-5)
                  .minAbsoluteError(1e-9));
      assertThat(ok).isTrue();
    } finally {
      Nd4j.setDefaultDataTypes(previous, previous);
    }
  }

  private static INDArray[] cast(INDArray[] arrays) {
    INDArray[] out = new INDArray[arrays.length];
    for (int i = 0; i < arrays.length; i++) {
      out[i] = arrays[i].castTo(DataType.DOUBLE);
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(LmConfig.Kind.class)
  void configurationSurvivesJson(LmConfig.Kind kind) {
    ComputationGraph g = LanguageModels.build(tiny(kind));
    String json = g.getConfiguration().toJson();
    assertThat(org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(json))
        .isEqualTo(g.getConfiguration());
  }

  @Test
  void badSettingsAreUserErrors() {
    assertThatThrownBy(() -> new LmConfig(LmConfig.Kind.GRU, 100, 8, 8, 1, 1.0, 0.01, 1, 1))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("dropout 1.0 is out of range");
    assertThatThrownBy(() -> new LmConfig(LmConfig.Kind.GRU, 4, 8, 8, 1, 0, 0.01, 1, 1))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("has no words");
  }
}
