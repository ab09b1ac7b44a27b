package dev.dlpipe.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

class Seq2SeqTest {
  private static final int VOCAB = 24;

  /** A toy translation: the target is the source reversed, each word w mapped to 4 + (w+5) % 20. */
  private static int[] translate(int[] src) {
    int[] out = new int[src.length];
    for (int i = 0; i < src.length; i++) {
      out[i] = 4 + (src[src.length - 1 - i] + 5) % 20;
    }
    return out;
  }

  private static List<int[]> sources(int n, long seed) {
    Random rnd = new Random(seed);
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] s = new int[2 + rnd.nextInt(4)];
      for (int t = 0; t < s.length; t++) {
        s[t] = 4 + rnd.nextInt(20);
      }
      out.add(s);
    }
    return out;
  }

  private static Seq2SeqConfig tiny(Seq2SeqConfig.Attention attention) {
    return new Seq2SeqConfig(VOCAB, VOCAB, 16, 32, attention, 1, 0, 0.03, 1.0, 7);
  }

  @ParameterizedTest
  @EnumSource(Seq2SeqConfig.Attention.class)
  void learnsAToyTranslationAndDecodesIt(Seq2SeqConfig.Attention attention) {
    List<int[]> src = sources(12, 1);
    List<int[]> tgt = src.stream().map(Seq2SeqTest::translate).toList();
    ComputationGraph g = Seq2Seq.build(tiny(attention));
    MultiDataSet batch = Seq2SeqBatches.of(src, tgt);
    for (int i = 0; i < 100; i++) {
      g.fit(batch);
    }
    assertThat(LanguageModels.loss(g, batch).mean()).isLessThan(0.05);
    Decoder decoder = Decoder.of(g);
    List<int[]> greedy = decoder.greedy(src, 20);
    List<int[]> beam = decoder.beam(src, 3, 20, 0.6);
    for (int i = 0; i < src.size(); i++) {
      assertThat(greedy.get(i)).as("greedy %d", i).isEqualTo(tgt.get(i));
      assertThat(beam.get(i)).as("beam %d", i).isEqualTo(tgt.get(i));
    }
  }

  @ParameterizedTest
  @EnumSource(Seq2SeqConfig.Attention.class)
  void stepwiseDecoderComputesWhatTheTrainingGraphComputes(Seq2SeqConfig.Attention attention) {
    ComputationGraph g = Seq2Seq.build(tiny(attention));
    g.fit(Seq2SeqBatches.of(sources(6, 2), sources(6, 3))); // move the weights off their init
    List<int[]> src = List.of(new int[] {5, 6, 7, 8, 9, 10}, new int[] {11, 12}, new int[] {13});
    List<int[]> tgt = List.of(new int[] {4, 5}, new int[] {6, 7, 8, 9}, new int[] {10, 11, 12});
    MultiDataSet batch = Seq2SeqBatches.of(src, tgt);
    INDArray full = g.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(), null)[0];

    // The same sentence alone (no padding) gives the same probabilities: masks work.
    MultiDataSet alone = Seq2SeqBatches.of(List.of(src.get(1)), List.of(tgt.get(1)));
    INDArray single = g.output(false, alone.getFeatures(), alone.getFeaturesMaskArrays(), null)[0];
    for (int t = 0; t < 5; t++) {
      assertClose(
          single.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(t)),
          full.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.point(t)));
    }

    // Teacher-forced stepping through the decoder-only graph reproduces every output step.
    Decoder.Probe probe = Decoder.of(g).probe(src);
    INDArray tgtIn = batch.getFeatures(2);
    for (int t = 0; t < tgtIn.size(2); t++) {
      INDArray stepProbs =
          probe.step(
              tgtIn
                  .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1))
                  .dup());
      for (int i = 0; i < 3; i++) {
        if (t <= tgt.get(i).length) {
          assertClose(
              stepProbs.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(0)),
              full.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(t)));
        }
      }
    }
  }

  private static void assertClose(INDArray a, INDArray b) {
    assertThat(a.sub(b).amaxNumber().doubleValue()).isCloseTo(0.0, within(2e-6));
  }

  @ParameterizedTest
  @EnumSource(Seq2SeqConfig.Attention.class)
  void passesGradientChecks(Seq2SeqConfig.Attention attention) {
    DataType previous = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      Seq2SeqConfig c = new Seq2SeqConfig(9, 8, 3, 4, attention, 1, 0, 1, 1, 3);
      ComputationGraph g =
          new ComputationGraph(Seq2Seq.training(c, DataType.DOUBLE, new NoOp(), false));
      g.init();
      MultiDataSet b =
          Seq2SeqBatches.of(
              List.of(new int[] {4, 5, 6}, new int[] {7}),
              List.of(new int[] {5, 6}, new int[] {7, 4, 6}));
      boolean ok =
          GradientCheckUtil.checkGradients(
              new GradientCheckUtil.GraphConfig()
                  .net(g)
                  .inputs(cast(b.getFeatures()))
                  .labels(cast(b.getLabels()))
                  .inputMask(cast(b.getFeaturesMaskArrays()))
                  .labelMask(cast(b.getLabelsMaskArrays()))
                  .epsilon(1e-6)
                  .maxRelError(1e-4)
                  .minAbsoluteError(1e-8)
                  .subset(true)
                  .maxPerParam(12));
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

  @Test
  void batchesAndBuckets() {
    MultiDataSet b =
        Seq2SeqBatches.of(
            List.of(new int[] {9, 8}, new int[] {7}), List.of(new int[] {5}, new int[] {}));
    assertThat(b.getFeatures(0).reshape(2, 3).toIntMatrix())
        .isEqualTo(new int[][] {{9, 8, 3}, {7, 3, 0}});
    assertThat(b.getFeatures(1).reshape(2, 3).toIntMatrix())
        .isEqualTo(new int[][] {{3, 8, 9}, {3, 7, 0}});
    assertThat(b.getFeatures(2).reshape(2, 2).toIntMatrix())
        .isEqualTo(new int[][] {{2, 5}, {2, 0}});
    assertThat(b.getLabels(0).reshape(2, 2).toIntMatrix()).isEqualTo(new int[][] {{5, 3}, {3, 0}});
    assertThat(b.getFeaturesMaskArray(0).toIntMatrix())
        .isEqualTo(new int[][] {{1, 1, 1}, {1, 1, 0}});
    assertThat(b.getLabelsMaskArray(0).toIntMatrix()).isEqualTo(new int[][] {{1, 1}, {1, 0}});

    List<int[]> src = sources(50, 4);
    List<int[]> tgt = sources(50, 5);
    List<int[]> buckets = Seq2SeqBatches.buckets(src, tgt, 8, 1);
    assertThat(buckets).hasSize(7);
    assertThat(buckets.stream().flatMapToInt(java.util.Arrays::stream).sorted().toArray())
        .isEqualTo(java.util.stream.IntStream.range(0, 50).toArray());
    for (int[] bucket : buckets) {
      int min = Integer.MAX_VALUE;
      int max = 0;
      for (int i : bucket) {
        min = Math.min(min, tgt.get(i).length);
        max = Math.max(max, tgt.get(i).length);
      }
      assertThat(max - min).as("target lengths in one bucket").isLessThanOrEqualTo(1);
    }
    assertThat(Seq2SeqBatches.buckets(src, tgt, 8, 1))
        .usingRecursiveComparison()
        .isEqualTo(buckets);
  }

  @Test
  void survivesJsonAndModelSerializer() throws Exception {
    // Spark's parameter averaging ships the configuration as JSON and the weights as a model file.
    ComputationGraph g = Seq2Seq.build(tiny(Seq2SeqConfig.Attention.DOT));
    String json = g.getConfiguration().toJson();
    assertThat(ComputationGraphConfiguration.fromJson(json)).isEqualTo(g.getConfiguration());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    ModelSerializer.writeModel(g, bytes, true);
    ComputationGraph back =
        ModelSerializer.restoreComputationGraph(
            new java.io.ByteArrayInputStream(bytes.toByteArray()), true);
    MultiDataSet batch = Seq2SeqBatches.of(sources(4, 8), sources(4, 9));
    INDArray a = g.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(), null)[0];
    INDArray b = back.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(), null)[0];
    assertThat(b).isEqualTo(a);
  }

  @ParameterizedTest
  @EnumSource(Seq2SeqConfig.Attention.class)
  void configIsReadBackFromTheGraph(Seq2SeqConfig.Attention attention) {
    Seq2SeqConfig c = new Seq2SeqConfig(30, 40, 8, 12, attention, 2, 0.1, 0.01, 1, 5);
    Seq2SeqConfig back = Seq2Seq.configOf(Seq2Seq.build(c));
    assertThat(back.srcVocab()).isEqualTo(30);
    assertThat(back.tgtVocab()).isEqualTo(40);
    assertThat(back.embedding()).isEqualTo(8);
    assertThat(back.hidden()).isEqualTo(12);
    assertThat(back.layers()).isEqualTo(2);
    assertThat(back.attention()).isEqualTo(attention);
  }
}
