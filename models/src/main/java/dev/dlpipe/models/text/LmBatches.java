package dev.dlpipe.models.text;

import dev.dlpipe.engines.text.Vocabulary;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Language-model minibatches: one {@link MultiDataSet} per list of token-id sequences.
 *
 * <p>Each sequence {@code w1..wn} (word ids, without BOS/EOS) becomes the input {@code BOS w1..wn}
 * and the labels {@code w1..wn EOS}: at step t the model sees tokens up to t and predicts token
 * t+1. Sequences are right-padded with PAD (0) to the longest, T = n_max + 1.
 *
 * <p>Arrays (float): features {@code [mb, 1, T]} token ids (the rank-3 time-series shape DL4J's
 * graph vertices expect); labels {@code [mb, 1, T]} sparse class indices for {@code
 * LossSparseMCXENT} (not one-hot: a 10k vocabulary would make them 10,000 times larger); feature
 * and label masks {@code [mb, T]}, 1 on real steps. For {@link LmConfig.Kind#BILSTM} a second input
 * and label pair comes after the first: the reversed sequence {@code EOS wn..w1} and its labels
 * {@code wn..w1 BOS}, with the same masks (the backward model predicts the previous token).
 */
public final class LmBatches {
  private LmBatches() {}

  /** The minibatch of {@code sequences} for a model of {@code kind}. */
  public static MultiDataSet of(List<int[]> sequences, LmConfig.Kind kind) {
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("a minibatch needs at least one sequence");
    }
    int mb = sequences.size();
    int steps = 0;
    for (int[] s : sequences) {
      steps = Math.max(steps, s.length + 1);
    }
    boolean both = kind == LmConfig.Kind.BILSTM;
    float[] in = new float[mb * steps];
    float[] out = new float[mb * steps];
    float[] inRev = both ? new float[mb * steps] : null;
    float[] outRev = both ? new float[mb * steps] : null;
    float[] mask = new float[mb * steps];
    for (int i = 0; i < mb; i++) {
      int[] s = sequences.get(i);
      int n = s.length;
      int row = i * steps;
      for (int t = 0; t <= n; t++) {
        in[row + t] = t == 0 ? Vocabulary.BOS_ID : s[t - 1];
        out[row + t] = t == n ? Vocabulary.EOS_ID : s[t];
        mask[row + t] = 1f;
        if (both) {
          inRev[row + t] = t == 0 ? Vocabulary.EOS_ID : s[n - t];
          outRev[row + t] = t == n ? Vocabulary.BOS_ID : s[n - 1 - t];
        }
      }
    }
    INDArray m = Nd4j.create(mask, new long[] {mb, steps}, 'c');
    INDArray ids = ids(in, mb, steps);
    INDArray labels = labels(out, mb, steps);
    if (!both) {
      return new org.nd4j.linalg.dataset.MultiDataSet(
          new INDArray[] {ids}, new INDArray[] {labels}, new INDArray[] {m}, new INDArray[] {m});
    }
    return new org.nd4j.linalg.dataset.MultiDataSet(
        new INDArray[] {ids, ids(inRev, mb, steps)},
        new INDArray[] {labels, labels(outRev, mb, steps)},
        new INDArray[] {m, m},
        new INDArray[] {m, m});
  }

  static INDArray ids(float[] values, int mb, int steps) {
    return Nd4j.create(values, new long[] {mb, 1, steps}, 'c').castTo(DataType.FLOAT);
  }

  static INDArray labels(float[] values, int mb, int steps) {
    return Nd4j.create(values, new long[] {mb, 1, steps}, 'c').castTo(DataType.FLOAT);
  }
}
