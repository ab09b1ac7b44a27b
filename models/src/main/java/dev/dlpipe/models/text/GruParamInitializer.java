package dev.dlpipe.models.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of a {@link Gru} layer, as views of the network's flat parameter vector.
 *
 * <p>{@code W} [nIn, 3·nOut] input weights, {@code RW} [nOut, 3·nOut] recurrent weights, both with
 * the gate column blocks in the order reset, update, candidate; {@code b} [1, 4·nOut]: reset bias,
 * update bias, candidate input bias, candidate recurrent bias (the one inside the reset product).
 * Weight matrices are in 'f' order, as in DL4J's own recurrent layers.
 */
final class GruParamInitializer implements ParamInitializer {
  static final String WEIGHTS = "W";
  static final String RECURRENT_WEIGHTS = "RW";
  static final String BIAS = "b";

  private static final GruParamInitializer INSTANCE = new GruParamInitializer();

  static GruParamInitializer instance() {
    return INSTANCE;
  }

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    Gru g = (Gru) layer;
    long nIn = g.getNIn();
    long nOut = g.getNOut();
    return nIn * 3 * nOut + nOut * 3 * nOut + 4 * nOut;
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return List.of(WEIGHTS, RECURRENT_WEIGHTS, BIAS);
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return List.of(WEIGHTS, RECURRENT_WEIGHTS);
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return List.of(BIAS);
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return WEIGHTS.equals(key) || RECURRENT_WEIGHTS.equals(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return BIAS.equals(key);
  }

  @Override
  public Map<String, INDArray> init(
      NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    Gru g = (Gru) conf.getLayer();
    long nIn = g.getNIn();
    long nOut = g.getNOut();
    Map<String, INDArray> m = views(paramsView, nIn, nOut);
    if (initializeParams) {
      // Fan-out per gate (nOut), not the concatenated width: each gate is its own nIn -> nOut map.
      g.getWeightInitFn().init(nIn, nOut, new long[] {nIn, 3 * nOut}, 'f', m.get(WEIGHTS));
      IWeightInit recurrent =
          g.getWeightInitFnRecurrent() != null ? g.getWeightInitFnRecurrent() : g.getWeightInitFn();
      recurrent.init(nOut, nOut, new long[] {nOut, 3 * nOut}, 'f', m.get(RECURRENT_WEIGHTS));
      m.get(BIAS).assign(g.getBiasInit());
    }
    conf.addVariable(WEIGHTS);
    conf.addVariable(RECURRENT_WEIGHTS);
    conf.addVariable(BIAS);
    return m;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(
      NeuralNetConfiguration conf, INDArray gradientView) {
    Gru g = (Gru) conf.getLayer();
    return views(gradientView, g.getNIn(), g.getNOut());
  }

  private static Map<String, INDArray> views(INDArray flat, long nIn, long nOut) {
    long w = nIn * 3 * nOut;
    long rw = nOut * 3 * nOut;
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put(
        WEIGHTS,
        flat.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(0, w))
            .reshape('f', nIn, 3 * nOut));
    m.put(
        RECURRENT_WEIGHTS,
        flat.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(w, w + rw))
            .reshape('f', nOut, 3 * nOut));
    m.put(
        BIAS,
        flat.get(
            NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(w + rw, w + rw + 4 * nOut)));
    return m;
  }
}
