package dev.dlpipe.models.text;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scaled dot-product attention over a masked memory, as a DL4J graph vertex without parameters.
 *
 * <p>Inputs (NCW, with DL4J masks [mb, T]): queries {@code q} [mb, d, Tq], then one or more key
 * sequences [mb, d, Tk_n] that form one memory {@code K} of Σ Tk_n steps (for instance an encoder's
 * forward and backward states); the keys are also the values. Output: {@code c_i = Σ_j a_ij K_j}
 * with {@code a_i = softmax_j(q_i · K_j / √d)} over the unmasked memory steps, [mb, d, Tq], zero at
 * masked query steps and masked like the queries: Luong's "dot" score, scaled as in the Transformer
 * or (unscaled) as Luong has it.
 *
 * <p>Forward and backward passes are written out with ND4J batched matrix products ({@link
 * DotAttentionVertex}) and checked with DL4J's gradient checks. Why not SameDiff: in DL4J M2, a
 * SameDiff vertex hands the layers before it twice their gradient (and wrong ones when it has
 * several inputs), its reductions' gradients read corrupted axes when workspaces are on, and DL4J's
 * own {@code AttentionVertex} is built on it.
 */
public class DotAttention extends GraphVertex {
  private static final long serialVersionUID = 1L;

  private int keyInputs;

  /** Whether scores are divided by √d (networks saved before this field existed were). */
  private boolean scaled = true;

  /** For JSON deserialization. */
  protected DotAttention() {}

  /**
   * Attention over {@code keyInputs} key sequences; {@code scaled}: scores divided by √d, else the
   * plain dot product (Luong's "dot").
   */
  public DotAttention(int keyInputs, boolean scaled) {
    if (keyInputs < 1) {
      throw new IllegalArgumentException("at least one key input, got " + keyInputs);
    }
    this.keyInputs = keyInputs;
    this.scaled = scaled;
  }

  public boolean isScaled() {
    return scaled;
  }

  public void setScaled(boolean scaled) {
    this.scaled = scaled;
  }

  public int getKeyInputs() {
    return keyInputs;
  }

  public void setKeyInputs(int keyInputs) {
    this.keyInputs = keyInputs;
  }

  @Override
  public DotAttention clone() {
    return new DotAttention(keyInputs, scaled);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DotAttention d && d.keyInputs == keyInputs && d.scaled == scaled;
  }

  @Override
  public int hashCode() {
    return 31 * (31 + keyInputs) + Boolean.hashCode(scaled);
  }

  @Override
  public long numParams(boolean backprop) {
    return 0;
  }

  @Override
  public int minVertexInputs() {
    return 1 + keyInputs;
  }

  @Override
  public int maxVertexInputs() {
    return 1 + keyInputs;
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
      ComputationGraph graph,
      String name,
      int idx,
      INDArray paramsView,
      boolean initializeParams,
      DataType networkDatatype) {
    return new DotAttentionVertex(graph, name, idx, networkDatatype, scaled);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... inputs) {
    return inputs[0];
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    return null;
  }

  @Override
  public String toString() {
    return "DotAttention(keyInputs=" + keyInputs + ", scaled=" + scaled + ")";
  }
}
