package dev.dlpipe.models.go;

import dev.dlpipe.engines.UserError;
import java.io.Serializable;

/**
 * The shape and optimiser of AlphaGo Zero's dual-head residual network.
 *
 * @param boardSize board side N (9, 13 or 19)
 * @param blocks residual blocks (AlphaGo Zero: 20 or 40)
 * @param filters convolution filters per layer (AlphaGo Zero: 256)
 * @param valueHidden width of the value head's hidden layer (AlphaGo Zero: 256)
 * @param l2 L2 weight regularisation coefficient c (AlphaGo Zero: 1e-4)
 * @param learningRate the optimiser's learning rate
 * @param optimizer SGD with Nesterov momentum 0.9 (the paper's) or Adam
 * @param seed weight initialisation seed
 */
public record PolicyValueConfig(
    int boardSize,
    int blocks,
    int filters,
    int valueHidden,
    double l2,
    double learningRate,
    Optimizer optimizer,
    long seed)
    implements Serializable {
  /** How the weights follow the gradient. */
  public enum Optimizer {
    /**
     * SGD with Nesterov momentum 0.9, as AlphaGo Zero trained (with a learning rate around 0.01 and
     * very many steps).
     */
    NESTEROVS,
    /**
     * Adam, for small networks and short runs. On 300 Tygem games (19x19, 1 block x 16 filters, one
     * epoch of 55k positions, about 435 averaged steps) the held-out move accuracy was still 0.8%:
     * this network needs thousands of steps, not hundreds, whichever the optimiser.
     */
    ADAM
  }

  public PolicyValueConfig {
    java.util.Objects.requireNonNull(optimizer, "optimizer");
    if (boardSize < 5 || boardSize > 19) {
      throw UserError.of(
          "board size " + boardSize + " is not supported",
          "the network takes boards from 5x5 to 19x19",
          "pass 9, 13 or 19");
    }
    if (blocks < 0 || filters < 1 || valueHidden < 1) {
      throw UserError.of(
          "invalid network size: " + blocks + " blocks, " + filters + " filters",
          "blocks must be >= 0 and widths >= 1",
          "use e.g. tiny (4 blocks x 32 filters) or full (20 x 256)");
    }
  }

  /** For tests and a 2-core machine: 9x9, 4 blocks of 32 filters. */
  public static PolicyValueConfig tiny() {
    return new PolicyValueConfig(9, 4, 32, 64, 1e-4, 0.02, Optimizer.NESTEROVS, 42);
  }

  /** AlphaGo Zero's 20-block network on 19x19 (about 23 million parameters). */
  public static PolicyValueConfig full() {
    return new PolicyValueConfig(19, 20, 256, 256, 1e-4, 0.01, Optimizer.NESTEROVS, 42);
  }

  /** Moves the policy head scores: every point, then pass. */
  public int moves() {
    return boardSize * boardSize + 1;
  }
}
