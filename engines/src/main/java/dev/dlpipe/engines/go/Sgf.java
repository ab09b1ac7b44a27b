package dev.dlpipe.engines.go;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGF (FF[4]) game records: reading the main line of a game tree into a {@link Record}, replaying
 * it onto a {@link Game}, and writing a game.
 *
 * <p>The reader is iterative (no recursion, so no input can overflow the stack) and refuses nesting
 * deeper than {@value #MAX_DEPTH}. Variations are parsed and ignored: at each branch the first one
 * is the main line. Text values keep FF[4] escapes' meaning ({@code \]}, {@code \\}, soft line
 * breaks). Errors are {@link SgfException}s that name the source and, for moves, the move number.
 */
public final class Sgf {
  /** The deepest nesting of variations accepted. */
  public static final int MAX_DEPTH = 10_000;

  private Sgf() {}

  /** A malformed or unplayable record. */
  public static final class SgfException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int moveNumber;

    public SgfException(String message, int moveNumber) {
      super(message);
      this.moveNumber = moveNumber;
    }

    /** The move (1-based) at fault, or 0 when not about a move. */
    public int moveNumber() {
      return moveNumber;
    }
  }

  /** One node of the main line: its properties, each with its values in order. */
  public record Node(Map<String, List<String>> properties) {
    public String first(String id) {
      List<String> v = properties.get(id);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  /** The main line of a game: the root node's game information and every node in order. */
  public record Record(List<Node> nodes) {
    public Node root() {
      return nodes.get(0);
    }

    /** Board size (SZ, default 19). */
    public int size() {
      String sz = root().first("SZ");
      if (sz == null) {
        return 19;
      }
      try {
        return Integer.parseInt(sz.contains(":") ? sz.substring(0, sz.indexOf(':')) : sz.trim());
      } catch (NumberFormatException e) {
        throw new SgfException("SZ[" + sz + "] is not a board size", 0);
      }
    }

    /** Komi (KM, default 0). */
    public double komi() {
      String km = root().first("KM");
      if (km == null || km.isBlank()) {
        return 0;
      }
      try {
        return Double.parseDouble(km.trim());
      } catch (NumberFormatException e) {
        throw new SgfException("KM[" + km + "] is not a number", 0);
      }
    }

    /** A game-information property of the root (PB, PW, RE, DT, HA, ...), or null. */
    public String info(String id) {
      return root().first(id);
    }
  }

  /**
   * Parses the main line of the first game tree in {@code text}; {@code source} names it in errors.
   */
  public static Record read(String text, String source) {
    int i = text.indexOf('(');
    if (i < 0) {
      throw new SgfException(source + ": no game tree: an SGF file starts with '(;'", 0);
    }
    List<Node> mainLine = new ArrayList<>();
    // The main line is the outermost tree's sequence, then its first child's, and so on. While
    // collecting, the first '(' met at the main depth is that first child; when the deepest main
    // tree
    // closes, the main line is complete and the rest (variations) is only checked for syntax.
    int depth = 0;
    int mainDepth = 0;
    boolean collecting = true;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
        if (depth > MAX_DEPTH) {
          throw new SgfException(
              source + ": variations nested deeper than " + MAX_DEPTH + " levels", 0);
        }
        if (collecting && depth == mainDepth + 1) {
          mainDepth = depth;
        }
        i++;
      } else if (c == ')') {
        if (depth == 0) {
          throw new SgfException(source + ": unbalanced ')' at character " + i, 0);
        }
        if (collecting && depth == mainDepth) {
          collecting = false;
        }
        depth--;
        i++;
        if (depth == 0) {
          break; // end of the first game tree
        }
      } else if (c == ';') {
        i++;
        Map<String, List<String>> props = new LinkedHashMap<>();
        i = readProperties(text, i, props, source);
        if (collecting && depth == mainDepth) {
          mainLine.add(new Node(props));
        }
      } else if (Character.isWhitespace(c)) {
        i++;
      } else {
        throw new SgfException(
            source + ": unexpected '" + c + "' at character " + i + " (expected '(', ';' or ')')",
            0);
      }
    }
    if (depth != 0) {
      throw new SgfException(source + ": unterminated game tree (missing ')')", 0);
    }
    if (mainLine.isEmpty()) {
      throw new SgfException(source + ": the game tree has no node", 0);
    }
    return new Record(mainLine);
  }

  private static int readProperties(
      String t, int i, Map<String, List<String>> props, String source) {
    int n = t.length();
    while (true) {
      while (i < n && Character.isWhitespace(t.charAt(i))) {
        i++;
      }
      if (i >= n || !Character.isLetter(t.charAt(i))) {
        return i;
      }
      StringBuilder id = new StringBuilder();
      while (i < n && Character.isLetter(t.charAt(i))) {
        char ch = t.charAt(i++);
        if (Character.isUpperCase(ch)) {
          id.append(ch); // FF[3] long names (AddBlack) keep only their capitals
        }
      }
      List<String> values = props.computeIfAbsent(id.toString(), k -> new ArrayList<>());
      boolean any = false;
      while (true) {
        while (i < n && Character.isWhitespace(t.charAt(i))) {
          i++;
        }
        if (i >= n || t.charAt(i) != '[') {
          break;
        }
        any = true;
        i++;
        StringBuilder v = new StringBuilder();
        while (true) {
          if (i >= n) {
            throw new SgfException(source + ": unterminated value of property " + id, 0);
          }
          char ch = t.charAt(i++);
          if (ch == '\\') {
            if (i >= n) {
              throw new SgfException(source + ": unterminated value of property " + id, 0);
            }
            char e = t.charAt(i++);
            if (e == '\n' || e == '\r') {
              // Soft line break: the escaped newline disappears (with its \r\n or \n\r partner).
              if (i < n && (t.charAt(i) == '\n' || t.charAt(i) == '\r') && t.charAt(i) != e) {
                i++;
              }
            } else {
              v.append(e);
            }
          } else if (ch == ']') {
            break;
          } else {
            v.append(ch);
          }
        }
        values.add(v.toString());
      }
      if (!any) {
        throw new SgfException(source + ": property " + id + " has no value", 0);
      }
    }
  }

  /**
   * Replays a record onto a new game (simple ko, suicide forbidden unless {@code allowSuicide};
   * with {@code positionalSuperko} a repeated position is illegal). Setup stones (AB/AW) are
   * placed, PL sets the side to move, moves are played in order; an illegal move or one off the
   * board is an {@link SgfException} naming the source and the move number.
   */
  public static Game replay(
      Record record, String source, boolean allowSuicide, boolean positionalSuperko) {
    return replay(record, source, allowSuicide, positionalSuperko, null);
  }

  /** Called before each move of a replay with the game as it stands. */
  @FunctionalInterface
  public interface MoveListener {
    void beforeMove(Game game, int moveNumber, byte color, int point);
  }

  /**
   * As {@link #replay(Record, String, boolean, boolean)}, telling {@code listener} of every move.
   */
  public static Game replay(
      Record record,
      String source,
      boolean allowSuicide,
      boolean positionalSuperko,
      MoveListener listener) {
    int size = record.size();
    if (size < 5 || size > 25) {
      throw new SgfException(source + ": board size " + size + " is not supported (5..25)", 0);
    }
    Game game = new Game(size, record.komi(), allowSuicide, positionalSuperko);
    Board b = game.board();
    int moveNumber = 0;
    boolean firstMove = true;
    for (Node node : record.nodes()) {
      for (String id : new String[] {"AB", "AW"}) {
        List<String> stones = node.properties().get(id);
        if (stones == null) {
          continue;
        }
        byte c = id.equals("AB") ? Board.BLACK : Board.WHITE;
        for (String v : stones) {
          for (int p : points(b, v, source, moveNumber)) {
            if (b.color(p) != Board.EMPTY) {
              throw new SgfException(
                  source + ": setup stone " + id + "[" + v + "] on an occupied point", moveNumber);
            }
            game.setup(p, c);
          }
        }
        if (id.equals("AB") && firstMove) {
          game.setToMove(Board.WHITE); // handicap: white moves first unless PL says otherwise
        }
      }
      if (node.properties().containsKey("AE")) {
        throw new SgfException(source + ": AE (remove stones) is not supported", moveNumber);
      }
      String pl = node.first("PL");
      if (pl != null) {
        game.setToMove(pl.trim().equalsIgnoreCase("W") ? Board.WHITE : Board.BLACK);
      }
      for (String id : new String[] {"B", "W"}) {
        String v = node.first(id);
        if (v == null) {
          continue;
        }
        moveNumber++;
        firstMove = false;
        byte c = id.equals("B") ? Board.BLACK : Board.WHITE;
        int p = move(b, v, source, moveNumber);
        String why = game.illegalReason(p, c);
        if (why != null) {
          throw new SgfException(
              source
                  + ": move "
                  + moveNumber
                  + " "
                  + id
                  + "["
                  + v
                  + "] ("
                  + Vertex.gtp(b, p)
                  + ") is illegal: "
                  + why,
              moveNumber);
        }
        if (listener != null) {
          listener.beforeMove(game, moveNumber, c, p);
        }
        game.play(p, c);
      }
    }
    return game;
  }

  private static int move(Board b, String v, String source, int moveNumber) {
    String s = v.trim();
    if (s.isEmpty() || (s.equals("tt") && b.size() <= 19)) {
      return Board.PASS;
    }
    if (s.length() != 2) {
      throw new SgfException(
          source + ": move " + moveNumber + " [" + v + "] is not a point", moveNumber);
    }
    int x = s.charAt(0) - 'a';
    int y = s.charAt(1) - 'a';
    if (x < 0 || y < 0 || x >= b.size() || y >= b.size()) {
      throw new SgfException(
          source
              + ": move "
              + moveNumber
              + " ["
              + v
              + "] is off the "
              + b.size()
              + "x"
              + b.size()
              + " board",
          moveNumber);
    }
    return b.point(x, y);
  }

  /** Points of a setup value: one point, or a compressed rectangle {@code aa:cc}. */
  private static List<Integer> points(Board b, String v, String source, int moveNumber) {
    List<Integer> out = new ArrayList<>();
    String[] corners = v.trim().split(":");
    int a = move(b, corners[0], source, moveNumber);
    int c = corners.length > 1 ? move(b, corners[1], source, moveNumber) : a;
    if (a == Board.PASS || c == Board.PASS) {
      return out;
    }
    for (int x = Math.min(b.x(a), b.x(c)); x <= Math.max(b.x(a), b.x(c)); x++) {
      for (int y = Math.min(b.y(a), b.y(c)); y <= Math.max(b.y(a), b.y(c)); y++) {
        out.add(b.point(x, y));
      }
    }
    return out;
  }

  /**
   * Writes a game as an SGF record (FF[4]); {@code info} holds extra root properties (PB, PW,
   * RE...).
   */
  public static String write(Game game, Map<String, String> info) {
    Board b = game.board();
    StringBuilder sb = new StringBuilder("(;FF[4]GM[1]CA[UTF-8]");
    sb.append("SZ[").append(b.size()).append(']');
    sb.append("KM[").append(game.komi()).append(']');
    info.forEach((k, v) -> sb.append(k).append('[').append(escape(v)).append(']'));
    byte c = Board.BLACK;
    for (int p : game.moves()) {
      sb.append("\n;")
          .append(c == Board.BLACK ? 'B' : 'W')
          .append('[')
          .append(Vertex.sgf(b, p))
          .append(']');
      c = Board.opponent(c);
    }
    return sb.append(")\n").toString();
  }

  /** Escapes an SGF text value. */
  public static String escape(String v) {
    return v.replace("\\", "\\\\").replace("]", "\\]");
  }
}
