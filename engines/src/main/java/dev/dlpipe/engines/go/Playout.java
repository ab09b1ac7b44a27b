package dev.dlpipe.engines.go;

import java.util.SplittableRandom;

/**
 * Uniformly random playouts to the end: each side plays a random legal move that does not fill its
 * own eye until both pass (or a move limit is hit), then the position is scored with Tromp-Taylor
 * area rules. The light policy of a pure Monte-Carlo evaluator; allocation-free after construction.
 */
public final class Playout {
  private final int[] scratch;
  private final int maxMoves;
  private final boolean heuristic;

  /**
   * Uniformly random playouts on boards of {@code size}, at most {@code 3 * size * size} moves
   * each.
   */
  public Playout(int size) {
    this(size, false);
  }

  /**
   * Playouts on boards of {@code size}; with {@code heuristic}, moves follow {@link
   * Board#heuristicMove} (answer the last move's ataris, no self-atari) instead of uniform random.
   */
  public Playout(int size, boolean heuristic) {
    this.scratch = new int[(size + 2) * (size + 1) + 1];
    this.maxMoves = 3 * size * size;
    this.heuristic = heuristic;
  }

  /**
   * Plays {@code board} (modified) to the end with {@code toMove} first; returns black's area minus
   * white's.
   */
  public int run(Board board, byte toMove, SplittableRandom rng) {
    return run(board, toMove, rng, null);
  }

  /**
   * As {@link #run(Board, byte, SplittableRandom)}, also marking in {@code firstPlayed} (row-major
   * N*N, {@link Board#EMPTY} where nobody has played yet) the colour that plays each point first.
   */
  public int run(Board board, byte toMove, SplittableRandom rng, byte[] firstPlayed) {
    byte c = toMove;
    int n = board.size();
    int passes = 0;
    int last = Board.PASS;
    for (int i = 0; i < maxMoves && passes < 2; i++) {
      int p =
          heuristic
              ? board.heuristicMove(c, last, rng, scratch)
              : board.randomMove(c, rng, scratch);
      last = p;
      if (firstPlayed != null && p != Board.PASS) {
        int idx = board.y(p) * n + board.x(p);
        if (firstPlayed[idx] == Board.EMPTY) {
          firstPlayed[idx] = c;
        }
      }
      board.play(p, c);
      passes = p == Board.PASS ? passes + 1 : 0;
      c = Board.opponent(c);
    }
    return board.areaScore();
  }
}
