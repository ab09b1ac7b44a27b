package dev.dlpipe.pipelines.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlpipe.engines.text.WordTokenizer;
import dev.dlpipe.pipelines.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Parameter-averaged training of a small word-level LSTM language model on real sentences (Multi30k
 * validation English) on local[2]: loss falls, a run stopped after epoch 1 and resumed from its
 * checkpoint trains the same epoch 2 as a run that never stopped, and scoring between epochs
 * (DL4J's broadcast of parameters, cleaned up by Spark's ContextCleaner) does not free the live
 * network.
 */
class ParameterAveragingTrainerTest {
  private static final int VOCAB = 120;
  private static final int MAX_LEN = 16;
  private static List<int[]> sentences;

  @TempDir Path tmp;

  @BeforeAll
  static void readSentences() throws IOException {
    Path file = TestSpark.projectRoot().resolve("sample-data/multi30k/val.en");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).subList(0, 384);
    WordTokenizer tok = new WordTokenizer(true);
    Map<String, Integer> counts = new HashMap<>();
    List<List<String>> tokens = new ArrayList<>();
    for (String l : lines) {
      List<String> t = tok.tokenize(l);
      tokens.add(t);
      t.forEach(w -> counts.merge(w, 1, Integer::sum));
    }
    List<String> words = new ArrayList<>(counts.keySet());
    words.sort(
        (a, b) ->
            counts.get(b) - counts.get(a) != 0 ? counts.get(b) - counts.get(a) : a.compareTo(b));
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < VOCAB - 4 && i < words.size(); i++) {
      ids.put(words.get(i), i + 4);
    }
    sentences = new ArrayList<>();
    for (List<String> t : tokens) {
      int n = Math.min(t.size(), MAX_LEN - 1);
      int[] s = new int[n + 2];
      s[0] = 2;
      for (int i = 0; i < n; i++) {
        s[i + 1] = ids.getOrDefault(t.get(i), 1);
      }
      s[n + 1] = 3;
      sentences.add(s);
    }
  }

  static ComputationGraph network(long seed) {
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .updater(new Adam(0.01))
            .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
            .gradientNormalizationThreshold(1.0)
            .graphBuilder()
            .addInputs("ids")
            .addLayer(
                "embed", new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(16).build(), "ids")
            .addLayer(
                "lstm",
                new LSTM.Builder()
                    .nIn(16)
                    .nOut(32)
                    .dataFormat(RNNFormat.NCW)
                    .activation(Activation.TANH)
                    .build(),
                "embed")
            .addLayer(
                "out",
                new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .activation(Activation.SOFTMAX)
                    .nIn(32)
                    .dataFormat(RNNFormat.NCW)
                    .nOut(VOCAB)
                    .build(),
                "lstm")
            .setOutputs("out")
            .build();
    ComputationGraph net = new ComputationGraph(conf);
    net.init();
    return net;
  }

  /** Minibatches of 16 sentences in an order that depends only on (seed, epoch). */
  static List<MultiDataSet> batches(long seed, int epoch) {
    List<int[]> order = new ArrayList<>(sentences);
    Collections.shuffle(order, new Random(seed * 31 + epoch));
    List<MultiDataSet> out = new ArrayList<>();
    for (int start = 0; start < order.size(); start += 16) {
      out.add(batch(order.subList(start, Math.min(order.size(), start + 16))));
    }
    return out;
  }

  static MultiDataSet batch(List<int[]> seqs) {
    int t = 0;
    for (int[] s : seqs) {
      t = Math.max(t, s.length - 1);
    }
    INDArray in = Nd4j.zeros(DataType.FLOAT, seqs.size(), 1, t);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, seqs.size(), VOCAB, t);
    INDArray mask = Nd4j.zeros(DataType.FLOAT, seqs.size(), t);
    for (int b = 0; b < seqs.size(); b++) {
      int[] s = seqs.get(b);
      for (int i = 0; i + 1 < s.length; i++) {
        in.putScalar(new long[] {b, 0, i}, s[i]);
        labels.putScalar(new long[] {b, s[i + 1], i}, 1);
        mask.putScalar(new long[] {b, i}, 1);
      }
    }
    return new org.nd4j.linalg.dataset.MultiDataSet(
        new INDArray[] {in}, new INDArray[] {labels}, new INDArray[] {mask}, new INDArray[] {mask});
  }

  private static JavaSparkContext sc() {
    return JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
  }

  @Test
  void resumedRunTrainsTheSameNextEpochAsAnUninterruptedOne() {
    long seed = 7;
    Configuration conf = sc().hadoopConfiguration();
    String runDir = tmp.resolve("run").toUri().toString();

    ComputationGraph straight = network(seed);
    List<RoundStats> all =
        new ParameterAveragingTrainer(sc(), new TrainingPlan(2, 16, 2, 2, seed))
            .train(straight, 1, e -> batches(seed, e), (e, n, r) -> {});

    ComputationGraph first = network(seed);
    new ParameterAveragingTrainer(sc(), new TrainingPlan(2, 16, 2, 1, seed))
        .train(
            first,
            1,
            e -> batches(seed, e),
            (e, n, r) -> ModelFiles.checkpoint(conf, runDir, e, n));
    assertThat(ModelFiles.checkpoints(conf, runDir)).containsExactly(1);
    ComputationGraph resumed = ModelFiles.read(conf, ModelFiles.checkpointUri(runDir, 1));
    List<RoundStats> second =
        new ParameterAveragingTrainer(sc(), new TrainingPlan(2, 16, 2, 2, seed))
            .train(resumed, 2, e -> batches(seed, e), (e, n, r) -> {});

    // 384 sentences = 24 minibatches = 6 rounds of 2 workers x 2 minibatches per epoch.
    assertThat(all).hasSize(12);
    assertThat(all).allSatisfy(r -> assertThat(r.workers()).isEqualTo(2));
    assertThat(all.stream().mapToLong(RoundStats::examples).sum()).isEqualTo(2 * 384);
    assertThat(second).hasSize(6);
    INDArray a = straight.params();
    INDArray b = resumed.params();
    assertThat(a.sub(b).norm2Number().doubleValue() / a.norm2Number().doubleValue())
        .isLessThan(1e-5);
    assertThat(second.get(5).score())
        .isCloseTo(all.get(11).score(), org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void lossFallsAndScoringBetweenEpochsLeavesTheNetworkAlive() {
    long seed = 11;
    ComputationGraph net = network(seed);
    List<MultiDataSet> held = batches(99, 0).subList(0, 4);
    double before = meanScore(net, held);
    TrainingPlan plan = new TrainingPlan(2, 16, 3, 3, seed);
    List<RoundStats> rounds =
        new ParameterAveragingTrainer(sc(), plan)
            .train(
                net,
                1,
                e -> batches(seed, e),
                (e, n, r) -> {
                  // DL4J's distributed scoring broadcasts the parameters; on a copy that is safe.
                  ParameterAveragingTrainingMaster tm =
                      new ParameterAveragingTrainingMaster.Builder(2, 16)
                          .rddTrainingApproach(RDDTrainingApproach.Direct)
                          .build();
                  SparkComputationGraph copy = new SparkComputationGraph(sc(), n.clone(), tm);
                  double s = copy.calculateScoreMultiDataSet(sc().parallelize(held, 2), true, 16);
                  assertThat(s).isFinite();
                  System.gc();
                  TestSpark.session().sparkContext().cleaner().get().doCleanupBroadcast(0, true);
                });
    double after = meanScore(net, held);
    assertThat(after).isLessThan(before * 0.8);
    assertThat(rounds.get(rounds.size() - 1).score()).isLessThan(rounds.get(0).score());
    assertThat(rounds).allSatisfy(r -> assertThat(r.fitMillis()).isPositive());
  }

  static double meanScore(ComputationGraph net, List<MultiDataSet> batches) {
    double sum = 0;
    long n = 0;
    for (MultiDataSet b : batches) {
      long size = b.getFeatures(0).size(0);
      sum += net.score(b) * size;
      n += size;
    }
    return sum / n;
  }
}
