package dev.dlpipe.engines.go;

/**
 * Ladder reading for AlphaGo Lee's ladder planes: whether a chain in atari can be chased to its
 * capture by successive ataris ("shicho"). The defender, to move with one liberty, may extend there
 * or capture an attacking chain in atari next to it; the attacker, facing two liberties, may atari
 * from either side. Three or more liberties is an escape; so is running out of reading depth (a
 * ladder longer than {@link #MAX_DEPTH} plies is not one this reader will call). Reads on board
 * copies; meant for feature planes, not for the playout hot path.
 */
public final class Ladder {
  /**
   * Plies read before a chase is called an escape: twice the longest ladder on 19x19, plus play.
   */
  public static final int MAX_DEPTH = 100;

  private Ladder() {}

  /**
   * Whether {@code attacker} playing at empty {@code p} puts an adjacent opponent chain in atari
   * that then cannot escape the ladder. False when the move is illegal.
   */
  public static boolean isCapture(Board b, int p, byte attacker) {
    if (!b.isLegal(p, attacker)) {
      return false;
    }
    byte defender = Board.opponent(attacker);
    int[] offsets = b.neighbourOffsets();
    for (int d : offsets) {
      int q = p + d;
      if (b.color(q) == defender && b.liberties(q) == 2) {
        Board next = new Board(b);
        next.play(p, attacker);
        if (next.color(q) == defender && next.isInAtari(q) && captured(next, q, 0)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code defender} playing at empty {@code p}, the only liberty of an own chain next to
   * it, saves that chain from a ladder (it ends with three or more liberties, or with two that no
   * ladder takes). False when no adjacent own chain is in atari with {@code p} its liberty, or the
   * move is illegal.
   */
  public static boolean isEscape(Board b, int p, byte defender) {
    if (!b.isLegal(p, defender)) {
      return false;
    }
    boolean saves = false;
    for (int d : b.neighbourOffsets()) {
      int q = p + d;
      if (b.color(q) == defender && b.isInAtari(q) && b.onlyLibertyOf(q) == p) {
        saves = true;
        break;
      }
    }
    if (!saves) {
      return false;
    }
    Board next = new Board(b);
    next.play(p, defender);
    int libs = next.liberties(p);
    return libs >= 3 || (libs == 2 && !attackerWins(next, p, 1));
  }

  /**
   * Whether the chain at {@code prey}, in atari with its owner to move, is captured in a ladder.
   */
  public static boolean captured(Board b, int prey, int depth) {
    if (depth >= MAX_DEPTH) {
      return false;
    }
    byte defender = b.color(prey);
    // Capture an attacking chain next to the prey: fresh liberties, often the escape.
    int[] atari = new int[8];
    int n = b.adjacentChainsInAtari(prey, atari);
    for (int i = 0; i < n; i++) {
      int lib = b.onlyLibertyOf(atari[i]);
      if (b.isLegal(lib, defender)) {
        Board next = new Board(b);
        next.play(lib, defender);
        if (!stillCaught(next, prey, depth)) {
          return false;
        }
      }
    }
    int lib = b.onlyLibertyOf(prey);
    if (!b.isLegal(lib, defender)) {
      return true;
    }
    Board next = new Board(b);
    next.play(lib, defender);
    return stillCaught(next, prey, depth);
  }

  /** After a defender's move: whether the prey (still on the board) is lost. */
  private static boolean stillCaught(Board b, int prey, int depth) {
    int libs = b.liberties(prey);
    if (libs >= 3) {
      return false;
    }
    if (libs == 1) {
      return true; // the attacker takes it next
    }
    return attackerWins(b, prey, depth + 1);
  }

  /** The prey has two liberties and the attacker is to move: can an atari start a ladder? */
  private static boolean attackerWins(Board b, int prey, int depth) {
    if (depth >= MAX_DEPTH) {
      return false;
    }
    byte attacker = Board.opponent(b.color(prey));
    int[] libs = new int[2];
    int n = b.libertyPoints(prey, libs);
    for (int i = 0; i < n; i++) {
      if (!b.isLegal(libs[i], attacker)) {
        continue;
      }
      Board next = new Board(b);
      next.play(libs[i], attacker);
      // An atari from a stone left in atari itself is answered by its capture: captured() reads it.
      if (next.isInAtari(prey) && captured(next, prey, depth + 1)) {
        return true;
      }
    }
    return false;
  }
}
