package dev.dlpipe.models.go;

import dev.dlpipe.engines.go.Features;
import dev.dlpipe.engines.go.ResNetInference;
import dev.dlpipe.engines.go.ResNetInference.Conv;
import dev.dlpipe.engines.go.ResNetInference.Dense;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * AlphaGo Zero's policy-value network (Silver et al. 2017, "Methods: neural network architecture")
 * as a DL4J {@link ComputationGraph}.
 *
 * <ul>
 *   <li>input {@value #INPUT}: the 17 feature planes of {@link Features#planes}, {@code [mb, 17, N,
 *       N]};
 *   <li>stem: 3x3 convolution of {@code filters}, batch norm, ReLU;
 *   <li>{@code blocks} residual blocks: conv 3x3, BN, ReLU, conv 3x3, BN, add the block's input,
 *       ReLU;
 *   <li>policy head ({@value #POLICY}): conv 1x1 of 2 filters, BN, ReLU, a dense layer to N*N+1
 *       logits (points row-major, then pass), softmax, cross-entropy against the MCTS visit
 *       distribution;
 *   <li>value head ({@value #VALUE}): conv 1x1 of 1 filter, BN, ReLU, dense {@code valueHidden}
 *       ReLU, dense 1, tanh, squared error against the game outcome for the player to move.
 * </ul>
 *
 * The loss is the sum of both heads' losses plus L2 on the weights, optimised by SGD with Nesterov
 * momentum 0.9, as in the paper, or by Adam ({@link PolicyValueConfig.Optimizer}).
 *
 * <p>Both heads' output layers start at zero, so a new network knows nothing and says so: a uniform
 * policy and a value of 0 everywhere. With random output weights (Xavier), batch norm's untrained
 * statistics at inference left the value saturated: a new 9x9 network valued every position +1.00
 * for the player to move, so generation 0's searches saw no difference between moves but the end of
 * the game, and its self-play games taught passing (the first candidate then passed early and lost
 * all 10 games against that network).
 */
public final class PolicyValueNet {
  public static final String INPUT = "planes";
  public static final String POLICY = "policy";
  public static final String VALUE = "value";

  private PolicyValueNet() {}

  public static ComputationGraph build(PolicyValueConfig c) {
    int n = c.boardSize();
    ComputationGraphConfiguration.GraphBuilder g =
        new NeuralNetConfiguration.Builder()
            .seed(c.seed())
            .dataType(DataType.FLOAT)
            .updater(
                c.optimizer() == PolicyValueConfig.Optimizer.ADAM
                    ? new Adam(c.learningRate())
                    : new Nesterovs(c.learningRate(), 0.9))
            .l2(c.l2())
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Same)
            .graphBuilder()
            .addInputs(INPUT)
            .setInputTypes(InputType.convolutional(n, n, Features.PLANES));
    String last = convBnRelu(g, "stem", INPUT, 3, c.filters());
    for (int b = 1; b <= c.blocks(); b++) {
      String p = "res" + b;
      String a = convBnRelu(g, p + "a", last, 3, c.filters());
      g.addLayer(p + "b_conv", conv(3, c.filters()), a);
      g.addLayer(p + "b_bn", new BatchNormalization.Builder().build(), p + "b_conv");
      g.addVertex(p + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "b_bn", last);
      g.addLayer(p + "_relu", new ActivationLayer(Activation.RELU), p + "_add");
      last = p + "_relu";
    }
    String ph = convBnRelu(g, "policy_head", last, 1, 2);
    g.addLayer(
        POLICY,
        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .activation(Activation.SOFTMAX)
            .weightInit(WeightInit.ZERO)
            .nOut(c.moves())
            .build(),
        ph);
    String vh = convBnRelu(g, "value_head", last, 1, 1);
    g.addLayer(
        "value_hidden",
        new DenseLayer.Builder().nOut(c.valueHidden()).activation(Activation.RELU).build(),
        vh);
    g.addLayer(
        VALUE,
        new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
            .activation(Activation.TANH)
            .weightInit(WeightInit.ZERO)
            .nOut(1)
            .build(),
        "value_hidden");
    g.setOutputs(POLICY, VALUE);
    ComputationGraph net = new ComputationGraph(g.build());
    net.init();
    return net;
  }

  /** The board side a network from {@link #build} plays on (from its policy head's width). */
  public static int boardSize(ComputationGraph network) {
    long moves =
        ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer)
                network.getLayer(POLICY).conf().getLayer())
            .getNOut();
    int n = (int) Math.round(Math.sqrt(moves - 1));
    if (n * n + 1 != moves) {
      throw new IllegalArgumentException("not a policy-value network: policy head of " + moves);
    }
    return n;
  }

  /**
   * The network's weights for {@link ResNetInference}, batch norm folded into each convolution: the
   * same outputs as {@code network.output(..)} in inference mode, to float rounding.
   */
  public static ResNetInference inference(ComputationGraph network) {
    int n = boardSize(network);
    Conv stem = folded(network, "stem");
    List<Conv[]> blocks = new ArrayList<>();
    for (int b = 1; network.getVertex("res" + b + "_add") != null; b++) {
      blocks.add(new Conv[] {folded(network, "res" + b + "a"), folded(network, "res" + b + "b")});
    }
    return new ResNetInference(
        new ResNetInference.Weights(
            n,
            stem,
            blocks,
            folded(network, "policy_head"),
            dense(network, POLICY),
            folded(network, "value_head"),
            dense(network, "value_hidden"),
            dense(network, VALUE)));
  }

  /**
   * Layer {@code name}_conv with {@code name}_bn folded in. DL4J keeps batch norm's running
   * standard deviation as its log10 and, at inference, divides by {@code sqrt(std^2 + eps)}.
   */
  private static Conv folded(ComputationGraph network, String name) {
    INDArray w = network.getParam(name + "_conv_W");
    double eps = ((BatchNormalization) network.getLayer(name + "_bn").conf().getLayer()).getEps();
    float[] std = floats(network.getParam(name + "_bn_log10stdev"));
    for (int i = 0; i < std.length; i++) {
      std[i] = (float) Math.sqrt(Math.pow(10, 2.0 * std[i]) + eps);
    }
    return Conv.folded(
        (int) w.size(1),
        (int) w.size(2),
        floats(w),
        floats(network.getParam(name + "_bn_gamma")),
        floats(network.getParam(name + "_bn_beta")),
        floats(network.getParam(name + "_bn_mean")),
        std);
  }

  private static Dense dense(ComputationGraph network, String name) {
    INDArray w = network.getParam(name + "_W");
    return new Dense(
        (int) w.size(0), (int) w.size(1), floats(w), floats(network.getParam(name + "_b")));
  }

  /** Row-major copy. */
  private static float[] floats(INDArray a) {
    return a.dup('c').data().asFloat();
  }

  private static String convBnRelu(
      ComputationGraphConfiguration.GraphBuilder g, String name, String in, int k, int filters) {
    g.addLayer(name + "_conv", conv(k, filters), in);
    g.addLayer(name + "_bn", new BatchNormalization.Builder().build(), name + "_conv");
    g.addLayer(name + "_relu", new ActivationLayer(Activation.RELU), name + "_bn");
    return name + "_relu";
  }

  private static ConvolutionLayer conv(int k, int filters) {
    return new ConvolutionLayer.Builder(k, k)
        .nOut(filters)
        .hasBias(false)
        .activation(Activation.IDENTITY)
        .build();
  }
}
