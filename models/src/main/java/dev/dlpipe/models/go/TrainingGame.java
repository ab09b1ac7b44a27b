package dev.dlpipe.models.go;

import dev.dlpipe.engines.go.Board;
import java.io.Serializable;

/**
 * A recorded game as training data for a {@link PolicyValueNet}: its positions in order and, per
 * position, the policy target and the value target.
 *
 * <p>The policy target is the search's visit distribution (self-play) or the move played (a
 * supervised game record); the value target is the game's outcome for the player to move (+1 win,
 * -1 loss, 0 draw). Positions are kept as bytes and turned into planes only when a minibatch is
 * built, so a window of many games stays small in memory.
 *
 * @param boardSize board side N
 * @param positions {@code positions[i]}: the N*N colours (0 empty, 1 black, 2 white, row-major)
 *     before move i
 * @param toMove per position, the player to move ({@link Board#BLACK} or {@link Board#WHITE})
 * @param played per position, the move played (row-major index, N*N a pass)
 * @param visits per position, the root visit counts over the N*N+1 moves; null for records without
 *     a search (the target is then the move played)
 * @param outcome per position, the result for the player to move
 */
public record TrainingGame(
    int boardSize, byte[][] positions, byte[] toMove, int[] played, int[][] visits, float[] outcome)
    implements Serializable {
  public TrainingGame {
    int m = positions.length;
    if (toMove.length != m || played.length != m || outcome.length != m) {
      throw new IllegalArgumentException("per-position arrays differ in length");
    }
    if (visits != null && visits.length != m) {
      throw new IllegalArgumentException("visits for " + visits.length + " of " + m + " positions");
    }
  }

  /** Positions (moves) in the game. */
  public int size() {
    return positions.length;
  }

  /**
   * Replays {@code moves} (row-major indices, N*N a pass, black first) and records the positions.
   *
   * @param winner {@link Board#BLACK}, {@link Board#WHITE} or {@link Board#EMPTY}
   */
  public static TrainingGame replay(
      int boardSize, double komi, int[] moves, int[][] visits, byte winner) {
    dev.dlpipe.engines.go.Game g = new dev.dlpipe.engines.go.Game(boardSize, komi, false, true);
    int m = moves.length;
    byte[][] positions = new byte[m][];
    byte[] toMove = new byte[m];
    float[] outcome = new float[m];
    for (int i = 0; i < m; i++) {
      positions[i] = g.recentPositions().get(0);
      toMove[i] = g.toMove();
      outcome[i] = winner == Board.EMPTY ? 0f : winner == g.toMove() ? 1f : -1f;
      int p = moves[i];
      g.play(
          p == boardSize * boardSize ? Board.PASS : g.board().point(p % boardSize, p / boardSize),
          g.toMove());
    }
    return new TrainingGame(boardSize, positions, toMove, moves.clone(), visits, outcome);
  }

  /** The policy target of position {@code i}: N*N+1 probabilities. */
  public float[] policyTarget(int i) {
    int moves = boardSize * boardSize + 1;
    float[] p = new float[moves];
    if (visits == null) {
      p[played[i]] = 1f;
      return p;
    }
    long sum = 0;
    for (int v : visits[i]) {
      sum += v;
    }
    if (sum == 0) {
      p[played[i]] = 1f;
      return p;
    }
    for (int a = 0; a < moves; a++) {
      p[a] = (float) visits[i][a] / sum;
    }
    return p;
  }
}
