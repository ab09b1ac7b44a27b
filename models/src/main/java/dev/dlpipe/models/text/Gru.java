package dev.dlpipe.models.text;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A gated recurrent unit layer (Cho et al. 2014) for DL4J 1.0.0-M2, whose layer API has none.
 *
 * <p>Gate convention: PyTorch's {@code torch.nn.GRU}, for input {@code x_t} [mb, nIn] and previous
 * output {@code h} [mb, nOut] (zero at the first step):
 *
 * <pre>
 *   r   = sigmoid(x_t·W_r + h·RW_r + b_r)
 *   z   = sigmoid(x_t·W_z + h·RW_z + b_z)
 *   n   = tanh(x_t·W_n + b_n + r ⊙ (h·RW_n + b_hn))
 *   h_t = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 *
 * The reset gate multiplies the recurrent candidate term after the matrix product (PyTorch and
 * cuDNN, "reset after"), not before it (Keras' default). PyTorch's separate input and recurrent
 * biases for r and z are one bias each here ({@code b_r = b_ir + b_hr}); see {@link
 * GruParamInitializer} for the parameter layout.
 *
 * <p>Data: input [mb, nIn, T] (NCW, DL4J's default; NWC when {@code dataFormat} says so), output
 * [mb, nOut, T]. Masks [mb, T] follow DL4J's LSTM: the output at a masked step is zero and the
 * state carried to the next step is that zero, so padding before a sequence (as the reversed half
 * of DL4J's {@code Bidirectional} produces) leaves it untouched, and padding after it is inert.
 * Supports {@code rnnTimeStep} and truncated BPTT.
 *
 * <p>Why not a SameDiff layer: ND4J M2's fused {@code gru} op computes this forward pass, but its
 * gradient op ({@code gru_bp}) differentiates the other ("reset before") variant, so its gradients
 * disagree with finite differences; and DL4J's {@code SameDiffLayer} cannot express a loop over a
 * sequence length that changes between batches. The forward and backward passes are written out
 * here and proven by {@code GruTest} with DL4J's gradient checks.
 */
public class Gru extends BaseRecurrentLayer {
  private static final long serialVersionUID = 1L;

  /** For JSON deserialization (DL4J configurations travel as JSON, e.g. to Spark executors). */
  protected Gru() {}

  private Gru(Builder builder) {
    super(builder);
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    LayerValidation.assertNInNOutSet("Gru", getLayerName(), layerIndex, getNIn(), getNOut());
    GruLayer layer = new GruLayer(conf, networkDataType);
    layer.setListeners(trainingListeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return GruParamInitializer.instance();
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gru && super.equals(o);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }

  /** Builds a {@link Gru}: set {@code nIn} (or let the graph infer it) and {@code nOut}. */
  public static final class Builder extends BaseRecurrentLayer.Builder<Builder> {
    @Override
    @SuppressWarnings("unchecked")
    public Gru build() {
      return new Gru(this);
    }
  }
}
