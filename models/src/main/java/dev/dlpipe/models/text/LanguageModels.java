package dev.dlpipe.models.text;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * Word-level recurrent language models as DL4J {@link ComputationGraph}s, trained on the {@link
 * MultiDataSet}s of {@link LmBatches}.
 *
 * <p>Graph ({@link LmConfig.Kind#LSTM}, {@link LmConfig.Kind#GRU}): input {@value #INPUT} [mb, 1,
 * T] token ids → {@code embed} → {@code rnn0..rnn(L-1)} → {@value #OUTPUT} softmax over the
 * vocabulary [mb, V, T], loss sparse multi-class cross-entropy. {@link LmConfig.Kind#BILSTM} adds
 * the input {@value #INPUT_REVERSED} and the output {@value #OUTPUT_BACKWARD}: both inputs go
 * through the one embedding layer (stacked along the minibatch), then through separate forward and
 * backward LSTM stacks.
 */
public final class LanguageModels {
  /** Name of the token-id input. */
  public static final String INPUT = "ids";

  /** Name of the reversed token-id input (BILSTM only). */
  public static final String INPUT_REVERSED = "idsReversed";

  /** Name of the next-token output. */
  public static final String OUTPUT = "next";

  /** Name of the previous-token output (BILSTM only). */
  public static final String OUTPUT_BACKWARD = "previous";

  private LanguageModels() {}

  /** A new, initialised float network for {@code config}, trained with Adam. */
  public static ComputationGraph build(LmConfig config) {
    ComputationGraph graph =
        new ComputationGraph(
            configuration(config, DataType.FLOAT, new Adam(config.learningRate()), true));
    graph.init();
    return graph;
  }

  /**
   * The graph configuration; {@code dataType}, {@code updater} and {@code clip} are parameters so
   * that tests can run DL4J's gradient checks (double precision, no updater, no clipping).
   */
  static ComputationGraphConfiguration configuration(
      LmConfig c, DataType dataType, IUpdater updater, boolean clip) {
    NeuralNetConfiguration.Builder base =
        new NeuralNetConfiguration.Builder()
            .seed(c.seed())
            .dataType(dataType)
            .updater(updater)
            .weightInit(WeightInit.XAVIER);
    if (clip && c.gradientClip() > 0) {
      base.gradientNormalization(GradientNormalization.ClipL2PerLayer)
          .gradientNormalizationThreshold(c.gradientClip());
    }
    ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder();
    EmbeddingSequenceLayer embed =
        new EmbeddingSequenceLayer.Builder().nIn(c.vocabSize()).nOut(c.embedding()).build();
    if (!c.bidirectional()) {
      g.addInputs(INPUT).addLayer("embed", embed, INPUT);
      String last = stack(g, c, "rnn", "embed");
      g.addLayer(OUTPUT, softmax(c), last).setOutputs(OUTPUT);
    } else {
      g.addInputs(INPUT, INPUT_REVERSED)
          .addVertex("both", new StackVertex(), INPUT, INPUT_REVERSED)
          .addLayer("embed", embed, "both")
          .addVertex("embedFwd", new UnstackVertex(0, 2), "embed")
          .addVertex("embedBwd", new UnstackVertex(1, 2), "embed");
      String fwd = stack(g, c, "fwd", "embedFwd");
      String bwd = stack(g, c, "bwd", "embedBwd");
      g.addLayer(OUTPUT, softmax(c), fwd)
          .addLayer(OUTPUT_BACKWARD, softmax(c), bwd)
          .setOutputs(OUTPUT, OUTPUT_BACKWARD);
    }
    return g.build();
  }

  private static String stack(
      ComputationGraphConfiguration.GraphBuilder g, LmConfig c, String prefix, String input) {
    String previous = input;
    for (int i = 0; i < c.layers(); i++) {
      int nIn = i == 0 ? c.embedding() : c.hidden();
      Layer rnn =
          c.kind() == LmConfig.Kind.GRU
              ? withDropout(
                      new Gru.Builder().nIn(nIn).nOut(c.hidden()).dataFormat(RNNFormat.NCW),
                      c.dropout())
                  .build()
              : withDropout(
                      new LSTM.Builder()
                          .nIn(nIn)
                          .nOut(c.hidden())
                          .activation(Activation.TANH)
                          .dataFormat(RNNFormat.NCW),
                      c.dropout())
                  .build();
      String name = prefix + i;
      g.addLayer(name, rnn, previous);
      previous = name;
    }
    return previous;
  }

  private static RnnOutputLayer softmax(LmConfig c) {
    return withDropout(
            new RnnOutputLayer.Builder(new LossSparseMCXENT())
                .dataFormat(RNNFormat.NCW)
                .activation(Activation.SOFTMAX)
                .nIn(c.hidden())
                .nOut(c.vocabSize()),
            c.dropout())
        .build();
  }

  /** DL4J's {@code dropOut(p)} takes the probability of keeping a unit. */
  static <B extends Layer.Builder<B>> B withDropout(B builder, double dropProbability) {
    if (dropProbability > 0) {
      builder.dropOut(1 - dropProbability);
    }
    return builder;
  }

  /**
   * The loss of {@code graph} on {@code batch} at output {@code output} (0 next token, 1 previous
   * token for BILSTM), over the label-masked positions, in inference mode.
   */
  public static TokenLoss loss(ComputationGraph graph, MultiDataSet batch, int output) {
    INDArray[] outs =
        graph.output(
            false, batch.getFeatures(), batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
    return TokenLosses.of(outs[output], batch.getLabels(output), batch.getLabelsMaskArray(output));
  }

  /** {@link #loss(ComputationGraph, MultiDataSet, int)} of the next-token output. */
  public static TokenLoss loss(ComputationGraph graph, MultiDataSet batch) {
    return loss(graph, batch, 0);
  }
}
