package dev.dlpipe.models.go;

import dev.dlpipe.engines.go.Features;
import java.io.Serializable;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches for a {@link PolicyValueNet} from recorded games, with AlphaGo Zero's dihedral
 * augmentation: a {@link Sample} names a position and one of the 8 symmetries of the board ({@link
 * Features#transform}); planes and policy target are transformed together, the value is invariant.
 */
public final class PolicyValueBatches {
  /**
   * Position {@code index} of {@code game} under symmetry {@code symmetry} (0 = as played); {@code
   * value}: whether the value head trains on it (the policy head always does).
   */
  public record Sample(TrainingGame game, int index, int symmetry, boolean value)
      implements Serializable {
    /** A sample both heads train on. */
    public Sample(TrainingGame game, int index, int symmetry) {
      this(game, index, symmetry, true);
    }
  }

  /**
   * Held-out statistics of a network on samples, summed (mergeable).
   *
   * @param positions samples scored
   * @param policyLoss summed cross-entropy of the policy against its target (natural log)
   * @param top1 samples whose most probable move is the target's most probable move (the move
   *     played, for game records)
   * @param valueSquaredError summed squared error of the value
   */
  public record Scores(long positions, double policyLoss, long top1, double valueSquaredError) {
    public Scores plus(Scores o) {
      return new Scores(
          positions + o.positions,
          policyLoss + o.policyLoss,
          top1 + o.top1,
          valueSquaredError + o.valueSquaredError);
    }

    public double accuracy() {
      return positions == 0 ? Double.NaN : (double) top1 / positions;
    }

    public double meanPolicyLoss() {
      return positions == 0 ? Double.NaN : policyLoss / positions;
    }

    public double valueMse() {
      return positions == 0 ? Double.NaN : valueSquaredError / positions;
    }
  }

  private PolicyValueBatches() {}

  /**
   * The minibatch of {@code samples}: input planes, policy and value labels, and, when some samples
   * do not train the value head, a label mask for the value output (0 for those samples).
   */
  public static MultiDataSet batch(List<Sample> samples) {
    int b = samples.size();
    int n = samples.get(0).game().boardSize();
    int area = n * n;
    int size = Features.PLANES * area;
    float[] planes = new float[b * size];
    float[] policy = new float[b * (area + 1)];
    float[] value = new float[b];
    float[] valueMask = new float[b];
    boolean masked = false;
    float[] one = new float[size];
    for (int i = 0; i < b; i++) {
      Sample s = samples.get(i);
      TrainingGame g = s.game();
      if (g.boardSize() != n) {
        throw new IllegalArgumentException(
            "a minibatch mixes board sizes " + n + " and " + g.boardSize());
      }
      Features.planes(g.positions(), s.index(), g.toMove()[s.index()], n, one, 0);
      float[] p = g.policyTarget(s.index());
      if (s.symmetry() != 0) {
        System.arraycopy(Features.transformPlanes(s.symmetry(), one, n), 0, planes, i * size, size);
        p = Features.transformPolicy(s.symmetry(), p, n);
      } else {
        System.arraycopy(one, 0, planes, i * size, size);
      }
      System.arraycopy(p, 0, policy, i * (area + 1), area + 1);
      value[i] = g.outcome()[s.index()];
      valueMask[i] = s.value() ? 1f : 0f;
      masked |= !s.value();
    }
    INDArray in = Nd4j.create(planes, new long[] {b, Features.PLANES, n, n}, DataType.FLOAT);
    INDArray pl = Nd4j.create(policy, new long[] {b, area + 1}, DataType.FLOAT);
    INDArray vl = Nd4j.create(value, new long[] {b, 1}, DataType.FLOAT);
    INDArray[] labelMasks =
        masked
            ? new INDArray[] {null, Nd4j.create(valueMask, new long[] {b, 1}, DataType.FLOAT)}
            : null;
    return new MultiDataSet(new INDArray[] {in}, new INDArray[] {pl, vl}, null, labelMasks);
  }

  /** Scores {@code network} on a minibatch built by {@link #batch}. */
  public static Scores score(ComputationGraph network, org.nd4j.linalg.dataset.api.MultiDataSet b) {
    INDArray[] out = network.output(false, b.getFeatures(0));
    float[] p = out[0].reshape(-1).toFloatVector();
    float[] v = out[1].reshape(-1).toFloatVector();
    float[] target = b.getLabels(0).reshape(-1).toFloatVector();
    float[] z = b.getLabels(1).reshape(-1).toFloatVector();
    int rows = v.length;
    int moves = p.length / rows;
    double loss = 0;
    long top1 = 0;
    double se = 0;
    for (int r = 0; r < rows; r++) {
      int best = 0;
      int wanted = 0;
      for (int a = 0; a < moves; a++) {
        int k = r * moves + a;
        if (target[k] > 0) {
          loss -= target[k] * Math.log(Math.max(p[k], 1e-12));
        }
        best = p[k] > p[r * moves + best] ? a : best;
        wanted = target[k] > target[r * moves + wanted] ? a : wanted;
      }
      top1 += best == wanted ? 1 : 0;
      se += (v[r] - z[r]) * (v[r] - z[r]);
    }
    return new Scores(rows, loss, top1, se);
  }
}
