package dev.dlpipe.models.text;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The running {@link Gru} layer: forward pass, backpropagation through time, and stepping. The
 * equations and shapes are on {@link Gru}.
 */
final class GruLayer extends BaseRecurrentLayer<Gru> {
  private static final long serialVersionUID = 1L;

  /** Key of the last output in the rnnTimeStep and truncated-BPTT state maps (as DL4J's RNNs). */
  static final String STATE = "prevAct";

  /** The initial state of the last training forward pass, for the backward pass (tBPTT). */
  private INDArray lastInitialState;

  GruLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    return forward(null, training, false, workspaceMgr).out;
  }

  @Override
  public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    setInput(input, workspaceMgr);
    INDArray out = forward(stateMap.get(STATE), false, false, workspaceMgr).out;
    stateMap.put(STATE, lastStep(out));
    return out;
  }

  @Override
  public INDArray rnnActivateUsingStoredState(
      INDArray input, boolean training, boolean storeLastForTBPTT, LayerWorkspaceMgr workspaceMgr) {
    setInput(input, workspaceMgr);
    INDArray out = forward(tBpttStateMap.get(STATE), training, false, workspaceMgr).out;
    if (storeLastForTBPTT) {
      tBpttStateMap.put(STATE, lastStep(out));
    }
    return out;
  }

  private INDArray lastStep(INDArray out) {
    INDArray ncw = permuteIfNWC(out);
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      return ncw.get(all(), all(), point(ncw.size(2) - 1)).dup();
    }
  }

  /** Outputs [mb, nOut, T] and, for backpropagation, the gates [mb, 3·nOut, T] and h·RW_n+b_hn. */
  private record Forward(INDArray out, INDArray gates, INDArray recurrentCandidate) {}

  private Forward forward(
      INDArray initialState, boolean training, boolean forBackprop, LayerWorkspaceMgr ws) {
    assertInputSet(false);
    applyDropOutIfNecessary(training, ws);
    INDArray x = permuteIfNWC(input.castTo(dataType));
    if (x.rank() != 3) {
      throw new IllegalStateException(
          "Gru layer '"
              + layerConf().getLayerName()
              + "' expects input [minibatch, nIn, time], got rank "
              + x.rank());
    }
    if (x.ordering() != 'f') {
      x = ws.dup(ArrayType.ACTIVATIONS, x, 'f');
    }
    if (training) {
      lastInitialState = initialState;
    }
    long mb = x.size(0);
    long steps = x.size(2);
    long h = layerConf().getNOut();
    INDArray w = getParamWithNoise(GruParamInitializer.WEIGHTS, training, ws);
    INDArray rw = getParamWithNoise(GruParamInitializer.RECURRENT_WEIGHTS, training, ws);
    INDArray b = getParamWithNoise(GruParamInitializer.BIAS, training, ws);
    INDArray inputBias = b.get(all(), interval(0, 3 * h));
    INDArray candidateBias = b.get(all(), interval(3 * h, 4 * h));
    INDArray mask = maskArray == null ? null : maskArray.castTo(dataType);

    INDArray out = ws.create(ArrayType.ACTIVATIONS, dataType, new long[] {mb, h, steps}, 'f');
    INDArray gatesAll =
        forBackprop
            ? ws.create(ArrayType.BP_WORKING_MEM, dataType, new long[] {mb, 3 * h, steps}, 'f')
            : null;
    INDArray candidateAll =
        forBackprop
            ? ws.create(ArrayType.BP_WORKING_MEM, dataType, new long[] {mb, h, steps}, 'f')
            : null;
    INDArray gx = ws.create(ArrayType.FF_WORKING_MEM, dataType, new long[] {mb, 3 * h}, 'f');
    INDArray gh = ws.create(ArrayType.FF_WORKING_MEM, dataType, new long[] {mb, 3 * h}, 'f');
    INDArray r = gx.get(all(), interval(0, h));
    INDArray z = gx.get(all(), interval(h, 2 * h));
    INDArray n = gx.get(all(), interval(2 * h, 3 * h));
    INDArray hn = gh.get(all(), interval(2 * h, 3 * h));

    INDArray prev = initialState;
    for (long t = 0; t < steps; t++) {
      Nd4j.gemm(x.get(all(), all(), point(t)), w, gx, false, false, 1.0, 0.0);
      gx.addiRowVector(inputBias);
      if (prev != null) {
        Nd4j.gemm(prev, rw, gh, false, false, 1.0, 0.0);
        gx.get(all(), interval(0, 2 * h)).addi(gh.get(all(), interval(0, 2 * h)));
        hn.addiRowVector(candidateBias);
      } else {
        hn.assign(0).addiRowVector(candidateBias);
      }
      Transforms.sigmoid(r, false);
      Transforms.sigmoid(z, false);
      n.addi(r.mul(hn));
      Transforms.tanh(n, false);
      INDArray ht = out.get(all(), all(), point(t));
      if (prev != null) {
        // h_t = n + z ⊙ (h - n) = (1 - z) ⊙ n + z ⊙ h
        ht.assign(prev.sub(n).muli(z).addi(n));
      } else {
        ht.assign(z.rsub(1.0).muli(n));
      }
      if (mask != null) {
        ht.muliColumnVector(mask.getColumn(t, true));
      }
      if (forBackprop) {
        gatesAll.get(all(), all(), point(t)).assign(gx);
        candidateAll.get(all(), all(), point(t)).assign(hn);
      }
      prev = ht;
    }
    return new Forward(forBackprop ? out : permuteIfNWC(out), gatesAll, candidateAll);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    return tbpttBackpropGradient(epsilon, -1, workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray> tbpttBackpropGradient(
      INDArray epsilon, int tbpttBackLength, LayerWorkspaceMgr ws) {
    assertInputSet(true);
    INDArray initialState = lastInitialState;
    Forward f = forward(initialState, true, true, ws);
    INDArray x = permuteIfNWC(input.castTo(dataType));
    INDArray eps = permuteIfNWC(epsilon);
    long mb = x.size(0);
    long steps = x.size(2);
    long h = layerConf().getNOut();
    INDArray w = getParamWithNoise(GruParamInitializer.WEIGHTS, true, ws);
    INDArray rw = getParamWithNoise(GruParamInitializer.RECURRENT_WEIGHTS, true, ws);
    INDArray mask = maskArray == null ? null : maskArray.castTo(dataType);

    gradientsFlattened.assign(0);
    INDArray gw = gradientViews.get(GruParamInitializer.WEIGHTS);
    INDArray grw = gradientViews.get(GruParamInitializer.RECURRENT_WEIGHTS);
    INDArray gb = gradientViews.get(GruParamInitializer.BIAS);
    INDArray gInputBias = gb.get(all(), interval(0, 3 * h));
    INDArray gCandidateBias = gb.get(all(), interval(3 * h, 4 * h));

    INDArray epsOut = ws.create(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'f');
    INDArray dgx = ws.create(ArrayType.BP_WORKING_MEM, dataType, new long[] {mb, 3 * h}, 'f');
    INDArray dgh = ws.create(ArrayType.BP_WORKING_MEM, dataType, new long[] {mb, 3 * h}, 'f');
    INDArray dr = dgx.get(all(), interval(0, h));
    INDArray dz = dgx.get(all(), interval(h, 2 * h));
    INDArray dn = dgx.get(all(), interval(2 * h, 3 * h));
    INDArray dhn = dgh.get(all(), interval(2 * h, 3 * h));

    long end = tbpttBackLength > 0 ? Math.max(0, steps - tbpttBackLength) : 0;
    INDArray dhNext = null;
    for (long t = steps - 1; t >= end; t--) {
      INDArray dh = eps.get(all(), all(), point(t)).dup('f');
      if (dhNext != null) {
        dh.addi(dhNext);
      }
      if (mask != null) {
        dh.muliColumnVector(mask.getColumn(t, true));
      }
      INDArray gates = f.gates.get(all(), all(), point(t));
      INDArray r = gates.get(all(), interval(0, h));
      INDArray z = gates.get(all(), interval(h, 2 * h));
      INDArray n = gates.get(all(), interval(2 * h, 3 * h));
      INDArray hn = f.recurrentCandidate.get(all(), all(), point(t));
      INDArray prev = t > 0 ? f.out.get(all(), all(), point(t - 1)) : initialState;

      // Pre-activation gradients: candidate, update, reset (in that order of dependence).
      dn.assign(z.rsub(1.0).muli(dh)).muli(n.mul(n).rsubi(1.0));
      INDArray hMinusN = prev != null ? prev.sub(n) : n.neg();
      dz.assign(hMinusN.muli(dh).muli(z).muli(z.rsub(1.0)));
      dr.assign(dn.mul(hn).muli(r).muli(r.rsub(1.0)));
      dgh.get(all(), interval(0, 2 * h)).assign(dgx.get(all(), interval(0, 2 * h)));
      dhn.assign(dn.mul(r));

      INDArray xt = x.get(all(), all(), point(t));
      Nd4j.gemm(xt, dgx, gw, true, false, 1.0, 1.0);
      gInputBias.addi(dgx.sum(true, 0));
      gCandidateBias.addi(dhn.sum(true, 0));
      Nd4j.gemm(dgx, w, epsOut.get(all(), all(), point(t)), false, true, 1.0, 0.0);
      if (prev != null) {
        Nd4j.gemm(prev, dgh, grw, true, false, 1.0, 1.0);
        if (t > end && t > 0) {
          INDArray next = dh.mul(z);
          Nd4j.gemm(dgh, rw, next, false, true, 1.0, 1.0);
          dhNext = next;
        }
      }
    }
    weightNoiseParams.clear();
    Gradient g = new DefaultGradient(gradientsFlattened);
    g.gradientForVariable().put(GruParamInitializer.WEIGHTS, gw);
    g.gradientForVariable().put(GruParamInitializer.RECURRENT_WEIGHTS, grw);
    g.gradientForVariable().put(GruParamInitializer.BIAS, gb);
    epsOut = backpropDropOutIfPresent(epsOut);
    return new Pair<>(g, permuteIfNWC(epsOut));
  }
}
