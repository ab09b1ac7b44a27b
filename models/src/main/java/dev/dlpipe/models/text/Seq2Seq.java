package dev.dlpipe.models.text;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * An attention encoder-decoder for translation as a DL4J {@link ComputationGraph}, trained with
 * teacher forcing on the {@link org.nd4j.linalg.dataset.api.MultiDataSet}s of {@link
 * Seq2SeqBatches}; {@link Decoder} translates with it.
 *
 * <p>Graph (h = hidden, e = embedding, L = layers):
 *
 * <pre>
 *   src, srcRev [mb, 1, Ts] → srcEmbed (one embedding for both)
 *   src → encF0..encF(L-1) (LSTM, h) → F [mb, h, Ts];  srcRev → encB0..encB(L-1) → B [mb, h, Ts]
 *   masked mean over time of F and of B → init (dense, tanh) [mb, h]
 *   tgtIn [mb, 1, Tt] → tgtEmbed; [tgtEmbed ; init at every step] → dec1 (LSTM, h)
 *   attn: dot-product attention (LUONG: plain, DOT: scaled by 1/√h) of dec1 over F and B as
 *         one memory of 2·Ts steps (source masks) → context [mb, h, Tt]
 *   [dec1 ; context] → dec2 (LSTM, h) → out: softmax over the target vocabulary [mb, V, Tt]
 * </pre>
 *
 * The encoder's backward direction reads the reversed source ({@code srcRev}, built by {@link
 * Seq2SeqBatches}) instead of using DL4J's {@code Bidirectional} wrapper, whose reversed half lets
 * padding change a sentence's states once biases are trained (M2); both directions see right-padded
 * input, so padding never reaches a real step. The attention memory holds each direction's states
 * as separate slots, so no re-alignment is needed. The decoder's first layer gets the source
 * summary at every step (DL4J layers take no initial state from the graph); the second sees the
 * attention context. Everything after the encoder is causal in the target, which lets {@link
 * Decoder} run the decoder one step at a time.
 */
public final class Seq2Seq {
  /** Name of the source-id input. */
  public static final String SOURCE = "src";

  /** Name of the reversed source-id input. */
  public static final String SOURCE_REVERSED = "srcRev";

  /** Name of the decoder input (BOS + target prefix). */
  public static final String TARGET_IN = "tgtIn";

  /** Name of the output. */
  public static final String OUTPUT = "out";

  static final String INIT = "init";

  private Seq2Seq() {}

  /** A new, initialised float network for {@code config}, trained with Adam. */
  public static ComputationGraph build(Seq2SeqConfig config) {
    ComputationGraph g =
        new ComputationGraph(
            training(config, DataType.FLOAT, new Adam(config.learningRate()), true));
    g.init();
    return g;
  }

  /** The training graph; data type, updater and clipping are parameters for gradient checks. */
  static ComputationGraphConfiguration training(
      Seq2SeqConfig c, DataType dataType, IUpdater updater, boolean clip) {
    ComputationGraphConfiguration.GraphBuilder g = base(c, dataType, updater, clip);
    g.addInputs(SOURCE, SOURCE_REVERSED, TARGET_IN);
    String[] encoded = encoder(g, c);
    decoder(g, c, encoded[0], encoded[1], INIT);
    return g.setOutputs(OUTPUT).build();
  }

  /** Inference: source ids (both directions) → forward states, backward states, {@code init}. */
  static ComputationGraphConfiguration encoderOnly(Seq2SeqConfig c) {
    ComputationGraphConfiguration.GraphBuilder g = base(c, DataType.FLOAT, new NoOp(), false);
    g.addInputs(SOURCE, SOURCE_REVERSED);
    String[] encoded = encoder(g, c);
    return g.setOutputs(encoded[0], encoded[1], INIT).build();
  }

  /**
   * Inference: the decoder alone, with inputs {@code tgtIn} [mb, 1, t], the forward and backward
   * encoder states [mb, h, Ts] (each masked by the source mask) and {@code init} [mb, h]; meant to
   * be run one step at a time.
   */
  static ComputationGraphConfiguration decoderOnly(Seq2SeqConfig c) {
    ComputationGraphConfiguration.GraphBuilder g = base(c, DataType.FLOAT, new NoOp(), false);
    g.addInputs(TARGET_IN, "keysF", "keysB", "initIn");
    decoder(g, c, "keysF", "keysB", "initIn");
    return g.setOutputs(OUTPUT).build();
  }

  private static ComputationGraphConfiguration.GraphBuilder base(
      Seq2SeqConfig c, DataType dataType, IUpdater updater, boolean clip) {
    NeuralNetConfiguration.Builder b =
        new NeuralNetConfiguration.Builder()
            .seed(c.seed())
            .dataType(dataType)
            .updater(updater)
            .weightInit(WeightInit.XAVIER);
    if (clip && c.clip() > 0) {
      b.gradientNormalization(GradientNormalization.ClipL2PerLayer)
          .gradientNormalizationThreshold(c.clip());
    }
    return b.graphBuilder();
  }

  private static LSTM lstm(long nIn, long nOut, double dropout) {
    return LanguageModels.withDropout(
            new LSTM.Builder()
                .nIn(nIn)
                .nOut(nOut)
                .activation(Activation.TANH)
                .dataFormat(RNNFormat.NCW),
            dropout)
        .build();
  }

  /** Adds the encoder; returns the names of the last forward and backward layers. */
  private static String[] encoder(ComputationGraphConfiguration.GraphBuilder g, Seq2SeqConfig c) {
    g.addVertex("srcBoth", new StackVertex(), SOURCE, SOURCE_REVERSED)
        .addLayer(
            "srcEmbed",
            new EmbeddingSequenceLayer.Builder().nIn(c.srcVocab()).nOut(c.embedding()).build(),
            "srcBoth")
        .addVertex("srcEmbedF", new UnstackVertex(0, 2), "srcEmbed")
        .addVertex("srcEmbedB", new UnstackVertex(1, 2), "srcEmbed");
    String[] last = new String[2];
    String[] prefix = {"encF", "encB"};
    String[] input = {"srcEmbedF", "srcEmbedB"};
    for (int d = 0; d < 2; d++) {
      String previous = input[d];
      for (int i = 0; i < c.layers(); i++) {
        String name = prefix[d] + i;
        g.addLayer(
            name, lstm(i == 0 ? c.embedding() : c.hidden(), c.hidden(), c.dropout()), previous);
        previous = name;
      }
      last[d] = previous;
      g.addLayer(
          "pool" + d,
          new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(true).build(),
          previous);
    }
    g.addVertex("pool", new MergeVertex(), "pool0", "pool1")
        .addLayer(
            INIT,
            new DenseLayer.Builder()
                .nIn(2L * c.hidden())
                .nOut(c.hidden())
                .activation(Activation.TANH)
                .build(),
            "pool");
    return last;
  }

  private static void decoder(
      ComputationGraphConfiguration.GraphBuilder g,
      Seq2SeqConfig c,
      String keysF,
      String keysB,
      String init) {
    int h = c.hidden();
    g.addLayer(
            "tgtEmbed",
            new EmbeddingSequenceLayer.Builder().nIn(c.tgtVocab()).nOut(c.embedding()).build(),
            TARGET_IN)
        .addVertex("initSeq", new DuplicateToTimeSeriesVertex(TARGET_IN), init)
        .addVertex("decIn", new MergeVertex(), "tgtEmbed", "initSeq")
        .addLayer("dec1", lstm(c.embedding() + h, h, c.dropout()), "decIn")
        .addVertex(
            "attn",
            new DotAttention(2, c.attention() == Seq2SeqConfig.Attention.DOT),
            "dec1",
            keysF,
            keysB)
        .addVertex("decCat", new MergeVertex(), "dec1", "attn")
        .addLayer("dec2", lstm(2L * h, h, c.dropout()), "decCat")
        .addLayer(
            OUTPUT,
            LanguageModels.withDropout(
                    new RnnOutputLayer.Builder(new LossSparseMCXENT())
                        .dataFormat(RNNFormat.NCW)
                        .activation(Activation.SOFTMAX)
                        .nIn(h)
                        .nOut(c.tgtVocab()),
                    c.dropout())
                .build(),
            "dec2");
  }

  /**
   * The shape of a network built by {@link #build}, read back from its layers (training settings
   * are not recoverable and come back as the defaults').
   */
  public static Seq2SeqConfig configOf(ComputationGraph graph) {
    ComputationGraphConfiguration conf = graph.getConfiguration();
    EmbeddingSequenceLayer src = (EmbeddingSequenceLayer) layer(conf, "srcEmbed");
    EmbeddingSequenceLayer tgt = (EmbeddingSequenceLayer) layer(conf, "tgtEmbed");
    LSTM dec1 = (LSTM) layer(conf, "dec1");
    int layers = 0;
    while (conf.getVertices().containsKey("encF" + layers)) {
      layers++;
    }
    GraphVertex attn = conf.getVertices().get("attn");
    if (layers == 0 || !(attn instanceof DotAttention dot)) {
      throw new IllegalArgumentException("not a network built by Seq2Seq.build: " + conf);
    }
    Seq2SeqConfig d = Seq2SeqConfig.defaults((int) src.getNIn(), (int) tgt.getNIn());
    return new Seq2SeqConfig(
        (int) src.getNIn(),
        (int) tgt.getNIn(),
        (int) src.getNOut(),
        (int) dec1.getNOut(),
        dot.isScaled() ? Seq2SeqConfig.Attention.DOT : Seq2SeqConfig.Attention.LUONG,
        layers,
        d.dropout(),
        d.learningRate(),
        d.clip(),
        d.seed());
  }

  private static org.deeplearning4j.nn.conf.layers.Layer layer(
      ComputationGraphConfiguration conf, String name) {
    GraphVertex v = conf.getVertices().get(name);
    if (!(v instanceof LayerVertex lv)) {
      throw new IllegalArgumentException(
          "not a network built by Seq2Seq.build: no layer '" + name + "'");
    }
    return lv.getLayerConf().getLayer();
  }
}
