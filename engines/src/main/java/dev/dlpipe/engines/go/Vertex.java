package dev.dlpipe.engines.go;

/**
 * Conversions between board points and the two text forms of a move: GTP vertices ({@code D4}:
 * column letter without I, row counted from the bottom) and SGF coordinates ({@code dp}: column and
 * row letters from the top-left).
 */
public final class Vertex {
  private static final String COLUMNS = "ABCDEFGHJKLMNOPQRSTUVWXYZ";

  private Vertex() {}

  /** The GTP vertex of {@code p}, or {@code pass}. */
  public static String gtp(Board b, int p) {
    if (p == Board.PASS) {
      return "pass";
    }
    return COLUMNS.charAt(b.x(p)) + String.valueOf(b.size() - b.y(p));
  }

  /** The point of a GTP vertex (case-insensitive), or {@link Board#PASS} for {@code pass}. */
  public static int fromGtp(Board b, String v) {
    String s = v.trim().toUpperCase(java.util.Locale.ROOT);
    if (s.equals("PASS")) {
      return Board.PASS;
    }
    int x = COLUMNS.indexOf(s.charAt(0));
    int row;
    try {
      row = Integer.parseInt(s.substring(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a GTP vertex: " + v);
    }
    if (x < 0 || x >= b.size() || row < 1 || row > b.size()) {
      throw new IllegalArgumentException(
          "vertex " + v + " is off a " + b.size() + "x" + b.size() + " board");
    }
    return b.point(x, b.size() - row);
  }

  /** The SGF coordinates of {@code p} ({@code ""} for a pass). */
  public static String sgf(Board b, int p) {
    if (p == Board.PASS) {
      return "";
    }
    return "" + (char) ('a' + b.x(p)) + (char) ('a' + b.y(p));
  }
}
