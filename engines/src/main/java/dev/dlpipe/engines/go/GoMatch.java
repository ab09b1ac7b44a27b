package dev.dlpipe.engines.go;

import java.util.function.Supplier;

/**
 * Plays games between dlpipe's MCTS and a GTP engine (GNU Go): the GTP engine is told our moves and
 * asked for its own; the game ends on two passes, a resignation or a move limit, and the GTP
 * engine's {@code final_score} (area rules, dead stones removed) decides it.
 */
public final class GoMatch {
  /**
   * One game's outcome: our colour, the winner, the score text (e.g. {@code B+12.0}), moves played.
   */
  public record Outcome(byte ours, byte winner, String score, int moves, boolean resigned) {
    public boolean won() {
      return winner == ours;
    }
  }

  private GoMatch() {}

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
    return new Outcome(ours, winner, score, game.moves().size(), resigned);
  }
}
