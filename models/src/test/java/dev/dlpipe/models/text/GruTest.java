package dev.dlpipe.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class GruTest {
  private static DataType previous;

  @BeforeAll
  static void doublePrecision() {
    previous = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterAll
  static void restore() {
    Nd4j.setDefaultDataTypes(previous, previous);
  }

  private static ComputationGraph graph(int nIn, int nOut, int classes, long seed) {
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.DOUBLE)
            .updater(new NoOp())
            .weightInit(WeightInit.XAVIER)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.recurrent(nIn))
            .addLayer("gru", new Gru.Builder().nIn(nIn).nOut(nOut).build(), "in")
            .addLayer(
                "out",
                new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .activation(Activation.SOFTMAX)
                    .nIn(nOut)
                    .nOut(classes)
                    .build(),
                "gru")
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  @Test
  void forwardPassMatchesTheGruEquationsWrittenOut() {
    int nIn = 2;
    int h = 3;
    ComputationGraph g = graph(nIn, h, 2, 1);
    // Fixed weights, laid out as documented: W [nIn, 3h], RW [h, 3h], b [4h], gates r|z|n.
    double[][] w = new double[nIn][3 * h];
    double[][] rw = new double[h][3 * h];
    double[] b = new double[4 * h];
    for (int i = 0; i < nIn; i++) {
      for (int j = 0; j < 3 * h; j++) {
        w[i][j] = 0.1 * ((i * 7 + j * 3) % 11) - 0.5;
      }
    }
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < 3 * h; j++) {
        rw[i][j] = 0.08 * ((i * 5 + j * 2) % 13) - 0.45;
      }
    }
    for (int j = 0; j < 4 * h; j++) {
      b[j] = 0.05 * (j % 7) - 0.15;
    }
    g.getLayer("gru").setParam("W", Nd4j.createFromArray(w));
    g.getLayer("gru").setParam("RW", Nd4j.createFromArray(rw));
    g.getLayer("gru").setParam("b", Nd4j.createFromArray(new double[][] {b}));

    double[][][] x = {{{0.5, -1.0, 0.25, 0.0}, {1.5, 0.3, -0.7, 0.9}}}; // [mb=1, nIn, T=4]
    INDArray out = g.feedForward(Nd4j.createFromArray(x), false).get("gru");

    double[] prev = new double[h];
    for (int t = 0; t < 4; t++) {
      double[] next = new double[h];
      for (int k = 0; k < h; k++) {
        double ar = b[k];
        double az = b[h + k];
        double an = b[2 * h + k];
        double ahn = b[3 * h + k];
        for (int i = 0; i < nIn; i++) {
          ar += x[0][i][t] * w[i][k];
          az += x[0][i][t] * w[i][h + k];
          an += x[0][i][t] * w[i][2 * h + k];
        }
        for (int j = 0; j < h; j++) {
          ar += prev[j] * rw[j][k];
          az += prev[j] * rw[j][h + k];
          ahn += prev[j] * rw[j][2 * h + k];
        }
        double r = sigmoid(ar);
        double z = sigmoid(az);
        double n = Math.tanh(an + r * ahn);
        next[k] = (1 - z) * n + z * prev[k];
      }
      for (int k = 0; k < h; k++) {
        assertThat(out.getDouble(0, k, t))
            .as("h[%d] at t=%d", k, t)
            .isCloseTo(next[k], within(1e-12));
      }
      prev = next;
    }
  }

  @Test
  void gradientsMatchFiniteDifferencesWithPaddingMasks() {
    int nIn = 3;
    int h = 4;
    int classes = 3;
    int mb = 3;
    int steps = 5;
    ComputationGraph g = graph(nIn, h, classes, 12345);
    Nd4j.getRandom().setSeed(7);
    INDArray in = Nd4j.rand(DataType.DOUBLE, mb, nIn, steps).subi(0.5).muli(2);
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, mb, classes, steps);
    for (int i = 0; i < mb; i++) {
      for (int t = 0; t < steps; t++) {
        labels.putScalar(i, (i + t) % classes, t, 1.0);
      }
    }
    // Sequence lengths 5, 3 and 1 (right padding); the padded steps must get no gradient.
    INDArray mask =
        Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}});
    boolean ok =
        GradientCheckUtil.checkGradients(
            new GradientCheckUtil.GraphConfig()
                .net(g)
                .inputs(new INDArray[] {in})
                .labels(new INDArray[] {labels})
                .inputMask(new INDArray[] {mask})
                .labelMask(new INDArray[] {mask})
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9));
    assertThat(ok).isTrue();
  }

  @Test
  void gradientsMatchWithoutMasks() {
    ComputationGraph g = graph(2, 3, 2, 99);
    Nd4j.getRandom().setSeed(3);
    INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 4).subi(0.5);
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 2, 4);
    for (int t = 0; t < 4; t++) {
      labels.putScalar(0, t % 2, t, 1.0);
      labels.putScalar(1, (t + 1) % 2, t, 1.0);
    }
    boolean ok =
        GradientCheckUtil.checkGradients(
            new GradientCheckUtil.GraphConfig()
                .net(g)
                .inputs(new INDArray[] {in})
                .labels(new INDArray[] {labels})
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9));
    assertThat(ok).isTrue();
  }

  @Test
  void steppingOneTimeStepAtATimeEqualsTheFullSequence() {
    ComputationGraph g = graph(3, 4, 2, 5);
    INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 3, 6);
    INDArray full = g.feedForward(in, false).get("gru");
    g.rnnClearPreviousState();
    for (int t = 0; t < 6; t++) {
      g.rnnTimeStep(
          in.get(
              org.nd4j.linalg.indexing.NDArrayIndex.all(),
              org.nd4j.linalg.indexing.NDArrayIndex.all(),
              org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1)));
      INDArray state = g.rnnGetPreviousState("gru").get(GruLayer.STATE);
      for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 4; k++) {
          assertThat(state.getDouble(i, k)).isCloseTo(full.getDouble(i, k, t), within(1e-12));
        }
      }
    }
  }

  @Test
  void configurationSurvivesJson() {
    ComputationGraph g = graph(3, 4, 2, 5);
    String json = g.getConfiguration().toJson();
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
    assertThat(back).isEqualTo(g.getConfiguration());
    ComputationGraph copy = new ComputationGraph(back);
    copy.init(g.params().dup(), false);
    INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 3, 5);
    assertThat(copy.outputSingle(in)).isEqualTo(g.outputSingle(in));
  }
}
