package dev.dlpipe.engines.go;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A game: the board, the side to move, komi, the moves played, and the rules around single moves:
 * two consecutive passes end the game, a resignation ends it, and with {@code positionalSuperko} a
 * move that recreates an earlier position (stones only) is illegal.
 */
public final class Game {
  private final Board board;
  private final double komi;
  private final boolean positionalSuperko;
  private final Set<Long> seen = new HashSet<>();
  private final List<Integer> moves = new ArrayList<>();

  /** Colours of the points after each move (row-major N*N), newest last; at most HISTORY kept. */
  private final java.util.ArrayDeque<byte[]> history = new java.util.ArrayDeque<>();

  /** Positions kept for feature planes (AlphaGo Zero uses the last 8). */
  public static final int HISTORY = 8;

  private byte toMove = Board.BLACK;
  private int consecutivePasses;
  private byte resigned = Board.EMPTY;

  /**
   * @param size board size
   * @param komi points given to white
   * @param allowSuicide whether a move may remove its own chain
   * @param positionalSuperko forbid recreating any earlier position
   */
  public Game(int size, double komi, boolean allowSuicide, boolean positionalSuperko) {
    this.board = new Board(size, allowSuicide);
    this.komi = komi;
    this.positionalSuperko = positionalSuperko;
    seen.add(board.hash());
    remember();
  }

  /** A copy of {@code other} sharing nothing mutable: for search, which plays on its own copies. */
  public Game(Game other) {
    this.board = new Board(other.board);
    this.komi = other.komi;
    this.positionalSuperko = other.positionalSuperko;
    this.seen.addAll(other.seen);
    this.moves.addAll(other.moves);
    this.history.addAll(other.history);
    this.toMove = other.toMove;
    this.consecutivePasses = other.consecutivePasses;
    this.resigned = other.resigned;
  }

  private void remember() {
    int n = board.size();
    byte[] snap = new byte[n * n];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        snap[y * n + x] = board.color(board.point(x, y));
      }
    }
    if (history.size() == HISTORY) {
      history.removeFirst();
    }
    history.addLast(snap);
  }

  /**
   * The last positions (row-major N*N colours), most recent first; fewer than {@link #HISTORY}
   * early in the game.
   */
  public List<byte[]> recentPositions() {
    List<byte[]> out = new ArrayList<>(history);
    java.util.Collections.reverse(out);
    return out;
  }

  /** Consecutive passes at the end of the move list. */
  public int consecutivePasses() {
    return consecutivePasses;
  }

  public Board board() {
    return board;
  }

  public double komi() {
    return komi;
  }

  public byte toMove() {
    return toMove;
  }

  /** Sets the side to move (SGF PL, or after handicap stones). */
  public void setToMove(byte c) {
    toMove = c;
  }

  /** The moves played (points or {@link Board#PASS}), in order. */
  public List<Integer> moves() {
    return moves;
  }

  /**
   * Puts setup stones (handicap, SGF AB/AW) without captures; they count as the starting position.
   */
  public void setup(int p, byte c) {
    board.place(p, c);
    seen.add(board.hash());
    history.clear();
    remember();
  }

  /** Whether the game has ended: two passes in a row, or a resignation. */
  public boolean over() {
    return consecutivePasses >= 2 || resigned != Board.EMPTY;
  }

  /** The colour that resigned, or {@link Board#EMPTY}. */
  public byte resigned() {
    return resigned;
  }

  /** The side to move resigns. */
  public void resign() {
    resigned = toMove;
  }

  /** Why {@code c} may not play {@code p}, or null when it may. */
  public String illegalReason(int p, byte c) {
    if (p == Board.PASS) {
      return null;
    }
    if (board.color(p) != Board.EMPTY) {
      return "point is occupied";
    }
    if (!board.isLegal(p, c)) {
      return board.isSuicide(p, c) ? "suicide" : "ko";
    }
    if (positionalSuperko && seen.contains(board.hashAfter(p, c))) {
      return "positional superko";
    }
    return null;
  }

  /** Whether {@code c} may play {@code p} under this game's rules. */
  public boolean isLegal(int p, byte c) {
    return illegalReason(p, c) == null;
  }

  /** Plays a legal move for {@code c} and gives the turn to the other side. */
  public void play(int p, byte c) {
    String why = illegalReason(p, c);
    if (why != null) {
      throw new IllegalArgumentException(
          "illegal move "
              + Vertex.gtp(board, p)
              + " for "
              + (c == Board.BLACK ? "black" : "white")
              + ": "
              + why
              + "\n"
              + board);
    }
    board.play(p, c);
    moves.add(p);
    consecutivePasses = p == Board.PASS ? consecutivePasses + 1 : 0;
    seen.add(board.hash());
    remember();
    toMove = Board.opponent(c);
  }

  /** Tromp-Taylor score: black area minus white area minus komi (positive: black wins). */
  public double trompTaylorScore() {
    return board.areaScore() - komi;
  }
}
