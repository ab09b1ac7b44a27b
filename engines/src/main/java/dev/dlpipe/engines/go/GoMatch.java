package dev.dlpipe.engines.go;

import java.util.function.Supplier;

/**
 * Plays games between dlpipe's MCTS and a GTP engine (GNU Go): the GTP engine is told our moves and
 * asked for its own; the game ends on two passes, a resignation or a move limit, and the GTP
 * engine's {@code final_score} (area rules, dead stones removed) decides it.
 */
public final class GoMatch {
  /**
   * One game's outcome: our colour, the winner, the score text (e.g. {@code B+12.0}), moves played,
   * and the game itself (for its record).
   */
  public record Outcome(
      byte ours, byte winner, String score, int moves, boolean resigned, Game game) {
    public boolean won() {
      return winner == ours;
    }
  }

  private GoMatch() {}

  /**
   * Whether passing is safe: the search scores finished games by Tromp-Taylor (every stone alive),
   * while a referee such as GNU Go removes dead stones. So pass only when every empty region
   * belongs to one colour and that count wins, or when there is nothing else to play.
   */
  static boolean settled(Game game, byte ours) {
    Board b = game.board();
    int n = b.size();
    boolean anyMove = false;
    for (int y = 0; y < n && !anyMove; y++) {
      for (int x = 0; x < n; x++) {
        int p = b.point(x, y);
        if (b.color(p) == Board.EMPTY && !b.isEyeOf(p, ours) && game.isLegal(p, ours)) {
          anyMove = true;
          break;
        }
      }
    }
    if (!anyMove) {
      return true;
    }
    if (neutralPoints(b) > 0) {
      return false;
    }
    double score = game.trompTaylorScore();
    return ours == Board.BLACK ? score > 0 : score < 0;
  }

  /** Empty points whose region touches both colours (or none): owned by nobody. */
  private static int neutralPoints(Board b) {
    int[] a = b.areas(null);
    return b.size() * b.size() - a[0] - a[1];
  }

  /**
   * The most visited legal move outside our own area; pass when there is none. Used when the search
   * would pass but the game is not settled: a point in an empty region that touches only our stones
   * is already ours, and filling it only takes eyes away (the search cannot tell, since it scores
   * with every stone alive), while dame and the regions around dead enemy stones still need play.
   */
  static int bestNonPass(Game game, Mcts.Result r) {
    Board b = game.board();
    byte c = game.toMove();
    int n = b.size();
    byte[] owner = new byte[b.cells()];
    b.owners(owner);
    int best = Board.PASS;
    int bestVisits = -1;
    for (int i = 0; i < n * n; i++) {
      int p = b.point(i % n, i / n);
      if (r.visits()[i] > bestVisits
          && b.color(p) == Board.EMPTY
          && owner[p] != c
          && game.isLegal(p, c)) {
        best = p;
        bestVisits = r.visits()[i];
      }
    }
    return best;
  }

  /**
   * Plays one game.
   *
   * @param size board size
   * @param komi komi (the GTP engine must use the same)
   * @param ours our colour
   * @param search a fresh MCTS for this game
   * @param opponent the GTP engine, already set to the size and komi; it is cleared first
   * @param maxMoves a move limit (then the position is scored as it stands)
   */
  public static Outcome play(
      int size, double komi, byte ours, Supplier<Mcts> search, GtpEngine opponent, int maxMoves) {
    opponent.send("clear_board");
    Game game = new Game(size, komi, false, false);
    Mcts mcts = search.get();
    boolean resigned = false;
    byte winner = Board.EMPTY;
    while (!game.over() && game.moves().size() < maxMoves) {
      byte c = game.toMove();
      String color = c == Board.BLACK ? "black" : "white";
      int move;
      if (c == ours) {
        Mcts.Result r = mcts.search(game);
        if (r.resign()) {
          resigned = true;
          winner = Board.opponent(ours);
          break;
        }
        move = r.bestMove();
        if (move == Board.PASS && !settled(game, ours)) {
          move = bestNonPass(game, r);
        }
        opponent.send("play " + color + " " + Vertex.gtp(game.board(), move));
      } else {
        String answer = opponent.send("genmove " + color);
        if (answer.equalsIgnoreCase("resign")) {
          resigned = true;
          winner = ours;
          break;
        }
        move = Vertex.fromGtp(game.board(), answer);
      }
      game.play(move, c);
      mcts.advance(game, move);
    }
    String score =
        resigned ? (winner == Board.BLACK ? "B+R" : "W+R") : opponent.send("final_score");
    if (!resigned) {
      winner =
          score.startsWith("B+") ? Board.BLACK : score.startsWith("W+") ? Board.WHITE : Board.EMPTY;
    }
    return new Outcome(ours, winner, score, game.moves().size(), resigned, game);
  }
}
