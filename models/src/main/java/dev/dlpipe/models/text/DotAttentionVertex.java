package dev.dlpipe.models.text;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The running {@link DotAttention} vertex. Shapes: q [mb, d, Tq], memory K [mb, d, Tk], scores and
 * weights [mb, Tq, Tk], output [mb, d, Tq].
 *
 * <p>Backward, for output gradient G (masked by the query mask): {@code dK = G·A + q·dS}, {@code dq
 * = K·dSᵀ}, with {@code dA = Gᵀ·K} and {@code dS = A ⊙ (dA − rowsum(dA ⊙ A)) · s}, s the scores'
 * factor (1/√d, or 1 unscaled).
 */
final class DotAttentionVertex extends BaseGraphVertex {
  private static final long serialVersionUID = 1L;

  /** Added to the score of a masked memory step: its weight underflows to exactly 0. */
  private static final double MASKED = -1e9;

  private final boolean scaled;

  private INDArray[] masks;

  DotAttentionVertex(
      ComputationGraph graph, String name, int index, DataType dataType, boolean scaled) {
    super(graph, name, index, null, null, dataType);
    this.scaled = scaled;
  }

  /** The factor of the scores: 1/√d, or 1 when unscaled. */
  private double scale(INDArray q) {
    return scaled ? 1.0 / Math.sqrt(q.size(1)) : 1.0;
  }

  @Override
  public boolean hasLayer() {
    return false;
  }

  @Override
  public Layer getLayer() {
    return null;
  }

  /** The memory [mb, d, Tk], its mask [mb, Tk] (null: all valid), and the attention weights. */
  private record Attention(INDArray memory, INDArray weights) {}

  private Attention attend() {
    INDArray q = inputs[0];
    INDArray memory = inputs.length == 2 ? inputs[1] : Nd4j.concat(2, keyInputs());
    INDArray scores = Nd4j.matmul(q, memory, true, false, false); // [mb, Tq, Tk]
    scores.muli(scale(q));
    INDArray mask = memoryMask(memory);
    if (mask != null) {
      INDArray bias = mask.rsub(1.0).muli(MASKED);
      Broadcast.add(scores, bias, scores, 0, 2);
    }
    long mb = scores.size(0);
    long tq = scores.size(1);
    long tk = scores.size(2);
    INDArray flat = scores.dup('c').reshape('c', mb * tq, tk);
    INDArray weights = Transforms.softmax(flat, false).reshape('c', mb, tq, tk);
    return new Attention(memory, weights);
  }

  private INDArray[] keyInputs() {
    INDArray[] keys = new INDArray[inputs.length - 1];
    System.arraycopy(inputs, 1, keys, 0, keys.length);
    return keys;
  }

  private INDArray memoryMask(INDArray memory) {
    if (masks == null) {
      return null;
    }
    boolean any = false;
    for (int i = 1; i < masks.length; i++) {
      any |= masks[i] != null;
    }
    if (!any) {
      return null;
    }
    INDArray[] parts = new INDArray[masks.length - 1];
    for (int i = 1; i < masks.length; i++) {
      parts[i - 1] =
          masks[i] != null
              ? masks[i].castTo(memory.dataType())
              : Nd4j.ones(memory.dataType(), memory.size(0), inputs[i].size(2));
    }
    return parts.length == 1 ? parts[0] : Nd4j.concat(1, parts);
  }

  private INDArray queryMask() {
    return masks == null || masks[0] == null ? null : masks[0].castTo(inputs[0].dataType());
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoForward()) {
      throw new IllegalStateException("DotAttention '" + vertexName + "': inputs not set");
    }
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      Attention a = attend();
      INDArray context = Nd4j.matmul(a.memory, a.weights, false, true, false); // [mb, d, Tq]
      INDArray qm = queryMask();
      if (qm != null) {
        Broadcast.mul(context, qm, context, 0, 2);
      }
      return workspaceMgr.dup(ArrayType.ACTIVATIONS, context);
    }
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoBackward()) {
      throw new IllegalStateException("DotAttention '" + vertexName + "': epsilon not set");
    }
    INDArray[] out = new INDArray[inputs.length];
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      Attention a = attend();
      INDArray q = inputs[0];
      INDArray g = epsilon.dup();
      INDArray qm = queryMask();
      if (qm != null) {
        Broadcast.mul(g, qm, g, 0, 2);
      }
      INDArray dMemory = Nd4j.matmul(g, a.weights, false, false, false); // [mb, d, Tk]
      INDArray dWeights = Nd4j.matmul(g, a.memory, true, false, false); // [mb, Tq, Tk]
      INDArray rowSums = dWeights.mul(a.weights).sum(true, 2); // [mb, Tq, 1]
      INDArray dScores = dWeights.subi(rowSums.broadcast(dWeights.shape())).muli(a.weights);
      dScores.muli(scale(q));
      INDArray dQuery = Nd4j.matmul(a.memory, dScores, false, true, false); // [mb, d, Tq]
      dMemory.addi(Nd4j.matmul(q, dScores, false, false, false));
      out[0] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dQuery);
      long from = 0;
      for (int i = 1; i < inputs.length; i++) {
        long len = inputs[i].size(2);
        INDArray part =
            dMemory.get(
                NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, from + len));
        out[i] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, part);
        from += len;
      }
    }
    return new Pair<>(new DefaultGradient(), out);
  }

  @Override
  public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
    if (backpropGradientsViewArray != null) {
      throw new IllegalStateException("DotAttention has no parameters");
    }
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArrays(
      INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
    this.masks = maskArrays;
    // The output has the queries' time steps, so it carries their mask.
    INDArray queries = maskArrays == null ? null : maskArrays[0];
    return new Pair<>(queries, currentMaskState);
  }

  @Override
  public String toString() {
    return "DotAttentionVertex(" + vertexName + ")";
  }
}
