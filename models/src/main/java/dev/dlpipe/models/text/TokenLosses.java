package dev.dlpipe.models.text;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Token-level negative log-likelihood from softmax outputs and sparse labels. */
final class TokenLosses {
  /** The smallest probability counted, so that a zero (float underflow) costs ~103.3 nats. */
  private static final double FLOOR = 1e-45;

  private TokenLosses() {}

  /**
   * @param probabilities softmax output [mb, V, T]
   * @param labels class ids [mb, 1, T] (or [mb, T])
   * @param mask [mb, T], 1 where the position counts; null for all positions
   */
  static TokenLoss of(INDArray probabilities, INDArray labels, INDArray mask) {
    long mb = probabilities.size(0);
    long steps = probabilities.size(2);
    INDArray ids = labels.reshape(mb, steps).castTo(DataType.INT32);
    int[] flatIds = ids.dup('c').data().asInt();
    float[] flatMask = mask == null ? null : mask.castTo(DataType.FLOAT).dup('c').data().asFloat();
    double nll = 0;
    long tokens = 0;
    for (int i = 0; i < mb; i++) {
      for (int t = 0; t < steps; t++) {
        int k = (int) (i * steps + t);
        if (flatMask != null && flatMask[k] == 0f) {
          continue;
        }
        double p = probabilities.getDouble(i, flatIds[k], t);
        nll -= Math.log(Math.max(p, FLOOR));
        tokens++;
      }
    }
    return new TokenLoss(nll, tokens);
  }
}
