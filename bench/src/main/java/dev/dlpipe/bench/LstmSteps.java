package dev.dlpipe.bench;

import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Training steps per second of a word-level LSTM language model (embedding, one LSTM layer, softmax
 * over the vocabulary) in one JVM on whatever ND4J backend is on the class path: CPU by default,
 * CUDA when built with {@code -Pcuda}. {@code bench/gpu-check.sh} runs it on both and prints the
 * ratio. Sizes: {@code small} is ParameterAveragingTrainerTest's network and batch; {@code large}
 * is a size where a GPU can pay off. Token ids are random with a fixed seed (the arithmetic per
 * step does not depend on them); one batch is reused, so input pipelines are not timed. Reports the
 * mean over the timed steps after {@code steps / 10} warm-up steps.
 */
public final class LstmSteps {
  /** Vocabulary, embedding width, LSTM width, batch, sequence length. */
  record Size(String name, int vocab, int embed, int hidden, int batch, int length) {}

  static final Size SMALL = new Size("small", 120, 16, 32, 16, 16);
  static final Size LARGE = new Size("large", 4096, 128, 256, 64, 32);

  private LstmSteps() {}

  public static void run(String size, int steps) {
    System.out.printf(
        "ND4J backend: %s; %s%n",
        Nd4j.getBackend().getClass().getSimpleName(),
        Nd4j.getExecutioner().getEnvironmentInformation());
    switch (size) {
      case "small" -> time(SMALL, steps);
      case "large" -> time(LARGE, steps);
      case "both" -> {
        time(SMALL, steps);
        time(LARGE, steps);
      }
      default -> throw new IllegalArgumentException("size must be small, large or both: " + size);
    }
  }

  static void time(Size s, int steps) {
    ComputationGraph net = network(s, 7);
    MultiDataSet batch = batch(s, 11);
    int warmup = Math.max(1, steps / 10);
    for (int i = 0; i < warmup; i++) {
      net.fit(batch);
    }
    double first = net.score();
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      net.fit(batch);
    }
    double last = net.score(); // reading the score waits for the device
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "lstm-steps %s (vocab %d, embed %d, hidden %d, batch %d x %d tokens, %,d params): "
            + "%d steps in %.2f s = %.2f ms/step, %,.0f tokens/s; loss %.3f -> %.3f%n",
        s.name(),
        s.vocab(),
        s.embed(),
        s.hidden(),
        s.batch(),
        s.length(),
        net.numParams(),
        steps,
        secs,
        1000 * secs / steps,
        (double) steps * s.batch() * s.length() / secs,
        first,
        last);
  }

  static ComputationGraph network(Size s, long seed) {
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
                "embed",
                new EmbeddingSequenceLayer.Builder().nIn(s.vocab()).nOut(s.embed()).build(),
                "ids")
            .addLayer(
                "lstm",
                new LSTM.Builder()
                    .nIn(s.embed())
                    .nOut(s.hidden())
                    .dataFormat(RNNFormat.NCW)
                    .activation(Activation.TANH)
                    .build(),
                "embed")
            .addLayer(
                "out",
                new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .activation(Activation.SOFTMAX)
                    .nIn(s.hidden())
                    .nOut(s.vocab())
                    .dataFormat(RNNFormat.NCW)
                    .build(),
                "lstm")
            .setOutputs("out")
            .build();
    ComputationGraph net = new ComputationGraph(conf);
    net.init();
    return net;
  }

  /** Next-token prediction on random ids: input ids [b, 1, t], one-hot labels [b, vocab, t]. */
  static MultiDataSet batch(Size s, long seed) {
    Random r = new Random(seed);
    int[][] ids = new int[s.batch()][s.length() + 1];
    for (int[] row : ids) {
      for (int i = 0; i < row.length; i++) {
        row[i] = r.nextInt(s.vocab());
      }
    }
    INDArray in = Nd4j.zeros(DataType.FLOAT, s.batch(), 1, s.length());
    INDArray labels = Nd4j.zeros(DataType.FLOAT, s.batch(), s.vocab(), s.length());
    for (int b = 0; b < s.batch(); b++) {
      for (int i = 0; i < s.length(); i++) {
        in.putScalar(new long[] {b, 0, i}, ids[b][i]);
        labels.putScalar(new long[] {b, ids[b][i + 1], i}, 1);
      }
    }
    return new MultiDataSet(new INDArray[] {in}, new INDArray[] {labels});
  }
}
