package dev.dlpipe.engines.go;

import dev.dlpipe.engines.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plays whole games with MCTS, as AlphaGo Zero's self-play and evaluation do: every move is a
 * search; the move is sampled from the visit counts (temperature 1) for the first {@code
 * temperatureMoves} moves and is the most visited one afterwards; the game ends on two passes, a
 * resignation or the move cap, and is scored by Tromp-Taylor (area, every stone alive) with komi.
 *
 * <p>Resignation with its false-positive check (AlphaGo Zero, "Self-play"): a player resigns when
 * the value of its best move falls below {@code resignThreshold}; in a share {@code
 * resignCheckShare} of games (chosen by the seed) nobody resigns, the game is played out, and the
 * record says who would have resigned first and whether that player went on to win (a false
 * positive: resigning would have thrown a won game away). With resignation off (threshold -1) every
 * game is played out and counts as a check game. {@link ResignThreshold} chooses the threshold from
 * check games, as AlphaGo Zero does.
 *
 * <p>A game is a pure function of its evaluators and seed: the same seed gives the same moves, so a
 * retried task replays its games exactly. Positional superko, suicide forbidden.
 */
public final class SelfPlay {
  /**
   * How games are played.
   *
   * @param boardSize board side
   * @param komi komi
   * @param playouts MCTS simulations per move
   * @param batchSize leaves per network evaluation
   * @param cPuct PUCT exploration constant
   * @param dirichletAlpha root noise concentration (about 10/N²: 0.03 on 19x19, 0.12 on 9x9)
   * @param dirichletEpsilon share of noise in the root priors (0.25 self-play, 0 evaluation)
   * @param temperatureMoves moves sampled in proportion to visits before playing the best
   * @param resignThreshold resign below this value of the best move; -1 never
   * @param resignCheckShare share of games played out without resigning (0..1)
   * @param maxMoves move cap; a capped game is scored as it stands
   * @param passFrom passing is searched only from this move on, unless nothing else is legal (0 =
   *     always; {@link Mcts.Config#passFrom})
   */
  public record Settings(
      int boardSize,
      double komi,
      int playouts,
      int batchSize,
      double cPuct,
      double dirichletAlpha,
      double dirichletEpsilon,
      int temperatureMoves,
      double resignThreshold,
      double resignCheckShare,
      int maxMoves,
      int passFrom)
      implements java.io.Serializable {
    public Settings {
      if (boardSize < 5 || boardSize > 19) {
        throw UserError.of(
            "board size " + boardSize + " is not supported", "5..19 are", "pass --board 9 or 19");
      }
      if (playouts < 1 || batchSize < 1 || maxMoves < 1) {
        throw UserError.of(
            "invalid search settings: " + playouts + " playouts, batch " + batchSize,
            "playouts, batch size and move cap must be positive",
            "pass e.g. --playouts 200");
      }
      if (passFrom < 0) {
        throw UserError.of(
            "invalid --pass-from " + passFrom,
            "it is a move number, 0 to allow passing from the start",
            "pass 0, or e.g. 40 on 9x9");
      }
      if (resignCheckShare < 0 || resignCheckShare > 1) {
        throw UserError.of(
            "invalid resign check share " + resignCheckShare,
            "it is the share of games played out, from 0 to 1",
            "pass e.g. 0.1");
      }
    }

    /** AlphaGo Zero's self-play settings scaled to {@code boardSize}. */
    public static Settings selfPlay(int boardSize, int playouts) {
      return new Settings(
          boardSize,
          7.5,
          playouts,
          8,
          1.5,
          Math.min(1.0, 10.0 / (boardSize * boardSize)),
          0.25,
          boardSize == 19 ? 30 : boardSize,
          -0.9,
          0.1,
          2 * boardSize * boardSize,
          0);
    }

    /** The same settings with another resignation threshold. */
    public Settings withResignThreshold(double threshold) {
      return new Settings(
          boardSize,
          komi,
          playouts,
          batchSize,
          cPuct,
          dirichletAlpha,
          dirichletEpsilon,
          temperatureMoves,
          threshold,
          resignCheckShare,
          maxMoves,
          passFrom);
    }

    /** The same settings for evaluation games: no noise, no sampling after the opening. */
    public Settings forEvaluation(int sampledMoves) {
      return new Settings(
          boardSize,
          komi,
          playouts,
          batchSize,
          cPuct,
          dirichletAlpha,
          0,
          sampledMoves,
          resignThreshold,
          0,
          maxMoves,
          passFrom);
    }
  }

  /**
   * One game.
   *
   * @param moves moves in order as row-major indices {@code y*N+x}, {@code N*N} for a pass; black
   *     first
   * @param visits per move, the root's visit counts over the N*N+1 moves (the search's policy)
   * @param values per move, the searched value of the most visited move, for the player to move
   * @param winner {@link Board#BLACK}, {@link Board#WHITE} or {@link Board#EMPTY} (a draw)
   * @param result SGF result: {@code B+R}, {@code W+3.5}, {@code 0}
   * @param resignedBy who resigned, or EMPTY
   * @param resignCheck whether resigning was disabled to measure false positives
   * @param wouldResign in a check game, the first player whose value fell below the threshold
   * @param wouldResignAt the move number (1-based) at which it would have resigned, 0 if never
   * @param capped whether the move cap ended the game
   */
  public record Record(
      int[] moves,
      int[][] visits,
      float[] values,
      byte winner,
      String result,
      byte resignedBy,
      boolean resignCheck,
      byte wouldResign,
      int wouldResignAt,
      boolean capped) {
    /** Whether a check game shows that resigning would have lost a won game. */
    public boolean resignFalsePositive() {
      return wouldResign != Board.EMPTY && winner == wouldResign;
    }
  }

  private SelfPlay() {}

  /** A self-play game: one search tree, reused from move to move, plays both sides. */
  public static Record play(PolicyValueFn fn, Settings s, long seed) {
    Mcts mcts = new Mcts(fn, config(s, seed));
    return play(mcts, mcts, s, seed);
  }

  /** A game between two evaluators, each with its own search tree. */
  public static Record match(PolicyValueFn black, PolicyValueFn white, Settings s, long seed) {
    return play(
        new Mcts(black, config(s, seed)), new Mcts(white, config(s, seed ^ 0x5DEECE66DL)), s, seed);
  }

  private static Mcts.Config config(Settings s, long seed) {
    // Resignation is decided here (the check games need the value, not the search's verdict).
    return new Mcts.Config(
        s.cPuct(),
        s.playouts(),
        s.batchSize(),
        s.dirichletAlpha(),
        s.dirichletEpsilon(),
        -1,
        0.25,
        seed,
        0,
        s.passFrom());
  }

  private static Record play(Mcts black, Mcts white, Settings s, long seed) {
    int n = s.boardSize();
    Game game = new Game(n, s.komi(), false, true);
    boolean resignOn = s.resignThreshold() > -1;
    // Without resignation every game is played out, so every game can measure false positives.
    boolean check =
        !resignOn
            || new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL).nextDouble() < s.resignCheckShare();
    List<int[]> visits = new ArrayList<>();
    List<Float> values = new ArrayList<>();
    byte wouldResign = Board.EMPTY;
    int wouldResignAt = 0;
    byte resignedBy = Board.EMPTY;
    while (!game.over() && game.moves().size() < s.maxMoves()) {
      byte c = game.toMove();
      Mcts mcts = c == Board.BLACK ? black : white;
      Mcts.Result r = mcts.search(game);
      if (resignOn && r.bestValue() < s.resignThreshold()) {
        if (!check) {
          resignedBy = c;
          game.resign();
          break;
        }
        if (wouldResign == Board.EMPTY) {
          wouldResign = c;
          wouldResignAt = game.moves().size() + 1;
        }
      }
      int move = mcts.choose(game, r, game.moves().size() < s.temperatureMoves() ? 1.0 : 0.0);
      visits.add(r.visits());
      values.add((float) r.bestValue());
      game.play(move, c);
      black.advance(game, move);
      if (white != black) {
        white.advance(game, move);
      }
    }
    byte winner;
    String result;
    if (resignedBy != Board.EMPTY) {
      winner = Board.opponent(resignedBy);
      result = (winner == Board.BLACK ? "B" : "W") + "+R";
    } else {
      double score = game.trompTaylorScore();
      winner = score > 0 ? Board.BLACK : score < 0 ? Board.WHITE : Board.EMPTY;
      result =
          winner == Board.EMPTY ? "0" : (winner == Board.BLACK ? "B+" : "W+") + Math.abs(score);
    }
    int[] moves = new int[game.moves().size()];
    for (int i = 0; i < moves.length; i++) {
      int p = game.moves().get(i);
      moves[i] = p == Board.PASS ? n * n : game.board().y(p) * n + game.board().x(p);
    }
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i);
    }
    return new Record(
        moves,
        visits.toArray(new int[0][]),
        v,
        winner,
        result,
        resignedBy,
        check,
        wouldResign,
        wouldResignAt,
        !game.over());
  }
}
