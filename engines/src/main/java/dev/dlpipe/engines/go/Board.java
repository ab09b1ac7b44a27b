package dev.dlpipe.engines.go;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A Go board of size 5 to 25 with incremental chains, captures, ko and Zobrist hashing, built for
 * random playouts: no allocation per move, constant-time atari tests.
 *
 * <p>Points are indices into a padded one-dimensional array ({@link #point(int, int)}); the border
 * is a ring of {@link #BORDER} cells. A chain is a circular linked list of its stones ({@code
 * next}) with a head ({@code head}); per head, pseudo-liberties are kept as count, sum and sum of
 * squares of the empty neighbours (with multiplicity), so "exactly one liberty" is {@code count *
 * sumSq == sum * sum} and that liberty is {@code sum / count} (the technique of Fuego and Pachi).
 *
 * <p>Rules: stones with no liberties are captured; suicide is forbidden unless {@code allowSuicide}
 * (then the suicided chain is removed); simple ko is always enforced; positional superko is checked
 * by {@link #isLegal} when enabled (the history of position hashes is kept by the caller, see
 * {@link Game}). Not thread-safe.
 */
public final class Board {
  public static final byte EMPTY = 0;
  public static final byte BLACK = 1;
  public static final byte WHITE = 2;
  public static final byte BORDER = 3;

  /** The pass move. */
  public static final int PASS = -1;

  private static final long[][] ZOBRIST = zobrist();

  private final int size;
  private final int stride;
  private final byte[] color;
  private final int[] head;
  private final int[] next;
  private final int[] libCount;
  private final long[] libSum;
  private final long[] libSumSq;
  private final int[] stones;
  private final boolean allowSuicide;
  private int koPoint = PASS;
  private byte koColor = EMPTY;
  private long hash;
  private final int[] captured = new int[3];
  private final int[] stack;
  private final int[] mark;
  private int markGen;

  /** An empty board of {@code size} x {@code size}, suicide forbidden. */
  public Board(int size) {
    this(size, false);
  }

  /** An empty board; {@code allowSuicide} lets a move remove its own chain (Tromp-Taylor). */
  public Board(int size, boolean allowSuicide) {
    if (size < 5 || size > 25) {
      throw new IllegalArgumentException("board size must be 5..25, got " + size);
    }
    this.size = size;
    this.stride = size + 1;
    int cells = (size + 2) * stride + 1;
    this.color = new byte[cells];
    this.head = new int[cells];
    this.next = new int[cells];
    this.libCount = new int[cells];
    this.libSum = new long[cells];
    this.libSumSq = new long[cells];
    this.stones = new int[cells];
    this.stack = new int[cells];
    this.mark = new int[cells];
    this.allowSuicide = allowSuicide;
    Arrays.fill(color, BORDER);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        color[point(x, y)] = EMPTY;
      }
    }
  }

  /** A copy of {@code other}. */
  public Board(Board other) {
    this.size = other.size;
    this.stride = other.stride;
    this.color = other.color.clone();
    this.head = other.head.clone();
    this.next = other.next.clone();
    this.libCount = other.libCount.clone();
    this.libSum = other.libSum.clone();
    this.libSumSq = other.libSumSq.clone();
    this.stones = other.stones.clone();
    this.stack = new int[other.stack.length];
    this.mark = new int[other.mark.length];
    this.allowSuicide = other.allowSuicide;
    this.koPoint = other.koPoint;
    this.koColor = other.koColor;
    this.hash = other.hash;
    this.captured[1] = other.captured[1];
    this.captured[2] = other.captured[2];
  }

  public int size() {
    return size;
  }

  /** Number of cells of the padded array (points are in {@code [0, cells())}). */
  public int cells() {
    return color.length;
  }

  /** The point at column {@code x} (0 = left) and row {@code y} (0 = top, as in SGF). */
  public int point(int x, int y) {
    // Row y+1 and column x+1 of a (size+2)-row grid of stride size+1: each row's last cell is the
    // border between it and the next, so every point, corners included, has border on all 8 sides.
    return (y + 1) * stride + x + 1;
  }

  /** Column of a point (0 = left). */
  public int x(int p) {
    return p % stride - 1;
  }

  /** Row of a point (0 = top). */
  public int y(int p) {
    return p / stride - 1;
  }

  /** The four neighbours of a point in the padded array. */
  public int[] neighbourOffsets() {
    return new int[] {-1, 1, -stride, stride};
  }

  public byte color(int p) {
    return color[p];
  }

  /** The other colour. */
  public static byte opponent(byte c) {
    return (byte) (3 - c);
  }

  /** The simple-ko point (where the side to move may not play), or {@link #PASS}. */
  public int koPoint() {
    return koPoint;
  }

  /** Zobrist hash of the stones on the board (positional: the side to move is not included). */
  public long hash() {
    return hash;
  }

  /** Stones of the opponent's colour captured by {@code c} so far. */
  public int captures(byte c) {
    return captured[c];
  }

  /** Number of stones in the chain at {@code p} (which must hold a stone). */
  public int chainSize(int p) {
    return stones[head[p]];
  }

  /** An id of the chain at {@code p} (which must hold a stone), shared by all its stones. */
  public int chainId(int p) {
    return head[p];
  }

  /** Whether the chain at {@code p} (which must hold a stone) has exactly one liberty: O(1). */
  public boolean isInAtari(int p) {
    return inAtari(head[p]);
  }

  /** Exact number of liberties of the chain at {@code p} (computed; not for the hot path). */
  public int liberties(int p) {
    int h = head[p];
    int gen = ++markGen;
    int n = 0;
    int s = h;
    do {
      for (int d : new int[] {-1, 1, -stride, stride}) {
        int q = s + d;
        if (color[q] == EMPTY && mark[q] != gen) {
          mark[q] = gen;
          n++;
        }
      }
      s = next[s];
    } while (s != h);
    return n;
  }

  /**
   * Writes the liberties of the chain at {@code p} (which must hold a stone) into {@code out}, at
   * most {@code out.length} of them, and returns how many it wrote.
   */
  public int libertyPoints(int p, int[] out) {
    int h = head[p];
    int gen = ++markGen;
    int n = 0;
    int s = h;
    do {
      for (int i = 0; i < 4 && n < out.length; i++) {
        int q = s + offset(i);
        if (color[q] == EMPTY && mark[q] != gen) {
          mark[q] = gen;
          out[n++] = q;
        }
      }
      s = next[s];
    } while (s != h && n < out.length);
    return n;
  }

  /**
   * Writes one stone of each opponent chain in atari that touches the chain at {@code p} into
   * {@code out} (at most {@code out.length}) and returns how many it wrote.
   */
  public int adjacentChainsInAtari(int p, int[] out) {
    int h = head[p];
    byte o = opponent(color[p]);
    int gen = ++markGen;
    int n = 0;
    int s = h;
    do {
      for (int i = 0; i < 4 && n < out.length; i++) {
        int q = s + offset(i);
        if (color[q] == o && mark[head[q]] != gen) {
          mark[head[q]] = gen;
          if (inAtari(head[q])) {
            out[n++] = q;
          }
        }
      }
      s = next[s];
    } while (s != h && n < out.length);
    return n;
  }

  /** The only liberty of the chain at {@code p}, which must be in atari ({@link #isInAtari}). */
  public int onlyLibertyOf(int p) {
    return onlyLiberty(head[p]);
  }

  private boolean inAtari(int h) {
    return (long) libCount[h] * libSumSq[h] == libSum[h] * libSum[h];
  }

  private int onlyLiberty(int h) {
    return (int) (libSum[h] / libCount[h]);
  }

  /**
   * Whether {@code c} may play at {@code p}: empty, not the simple-ko point, not suicide (unless
   * allowed). Positional superko is not checked here: see {@link #hashAfter} and {@link Game}.
   */
  public boolean isLegal(int p, byte c) {
    if (p == PASS) {
      return true;
    }
    if (p < 0 || p >= color.length || color[p] != EMPTY || (p == koPoint && c == koColor)) {
      return false;
    }
    return allowSuicide || !isSuicide(p, c);
  }

  /** Whether {@code c} at empty {@code p} would leave its own chain without liberties. */
  public boolean isSuicide(int p, byte c) {
    byte o = opponent(c);
    for (int i = 0; i < 4; i++) {
      int q = p + offset(i);
      byte qc = color[q];
      if (qc == EMPTY) {
        return false;
      }
      if (qc == BORDER) {
        continue;
      }
      int h = head[q];
      boolean atariHere = inAtari(h) && onlyLiberty(h) == p;
      if (qc == c && !atariHere) {
        return false; // joins a chain that keeps another liberty
      }
      if (qc == o && atariHere) {
        return false; // captures
      }
    }
    return true;
  }

  private int offset(int i) {
    return switch (i) {
      case 0 -> -1;
      case 1 -> 1;
      case 2 -> -stride;
      default -> stride;
    };
  }

  /**
   * The position hash after {@code c} plays at {@code p} (without playing it), for superko checks.
   */
  public long hashAfter(int p, byte c) {
    if (p == PASS) {
      return hash;
    }
    long h = hash ^ ZOBRIST[c][p];
    byte o = opponent(c);
    int gen = ++markGen;
    boolean capturesAny = false;
    for (int i = 0; i < 4; i++) {
      int q = p + offset(i);
      if (color[q] == o) {
        int hd = head[q];
        if (mark[hd] != gen && inAtari(hd) && onlyLiberty(hd) == p) {
          mark[hd] = gen;
          capturesAny = true;
          int s = hd;
          do {
            h ^= ZOBRIST[o][s];
            s = next[s];
          } while (s != hd);
        }
      }
    }
    if (!capturesAny && allowSuicide && isSuicide(p, c)) {
      // The move removes its own chain: the stone and the joined friendly chains disappear.
      h ^= ZOBRIST[c][p];
      int gen2 = ++markGen;
      for (int i = 0; i < 4; i++) {
        int q = p + offset(i);
        if (color[q] == c && mark[head[q]] != gen2) {
          int hd = head[q];
          mark[hd] = gen2;
          int s = hd;
          do {
            h ^= ZOBRIST[c][s];
            s = next[s];
          } while (s != hd);
        }
      }
    }
    return h;
  }

  /**
   * Plays {@code c} at {@code p} (or passes). The caller checks legality first ({@link #isLegal});
   * an illegal move here is an {@link IllegalStateException}. Returns the number of stones
   * captured.
   */
  public int play(int p, byte c) {
    if (p == PASS) {
      koPoint = PASS;
      return 0;
    }
    if (color[p] != EMPTY) {
      throw new IllegalStateException("point " + p + " is occupied");
    }
    if (p == koPoint && c == koColor) {
      throw new IllegalStateException("point " + p + " is the ko point");
    }
    byte o = opponent(c);
    place(p, c);
    // Capture opponent chains left without liberties.
    int removed = 0;
    int lastCaptured = PASS;
    for (int i = 0; i < 4; i++) {
      int q = p + offset(i);
      if (color[q] == o && libCount[head[q]] == 0) {
        lastCaptured = q;
        removed += removeChain(head[q]);
      }
    }
    captured[c] += removed;
    int h = head[p];
    if (libCount[h] == 0) {
      if (!allowSuicide) {
        throw new IllegalStateException("suicide at " + p);
      }
      captured[o] += removeChain(h);
      koPoint = PASS;
      return removed;
    }
    koPoint = removed == 1 && stones[h] == 1 && libCount[h] == 1 ? lastCaptured : PASS;
    koColor = o;
    return removed;
  }

  /** Puts a stone without captures or ko (setup stones: SGF AB/AW). */
  public void place(int p, byte c) {
    color[p] = c;
    hash ^= ZOBRIST[c][p];
    head[p] = p;
    next[p] = p;
    stones[p] = 1;
    libCount[p] = 0;
    libSum[p] = 0;
    libSumSq[p] = 0;
    for (int i = 0; i < 4; i++) {
      int q = p + offset(i);
      byte qc = color[q];
      if (qc == EMPTY) {
        addLib(p, q);
      } else if (qc != BORDER) {
        removeLib(head[q], p);
      }
    }
    for (int i = 0; i < 4; i++) {
      int q = p + offset(i);
      if (color[q] == c && head[q] != head[p]) {
        merge(head[p], head[q]);
      }
    }
  }

  private void addLib(int h, int lib) {
    libCount[h]++;
    libSum[h] += lib;
    libSumSq[h] += (long) lib * lib;
  }

  private void removeLib(int h, int lib) {
    libCount[h]--;
    libSum[h] -= lib;
    libSumSq[h] -= (long) lib * lib;
  }

  private void merge(int a, int b) {
    // Relabel the smaller chain into the larger.
    if (stones[a] < stones[b]) {
      int t = a;
      a = b;
      b = t;
    }
    int s = b;
    do {
      head[s] = a;
      s = next[s];
    } while (s != b);
    int na = next[a];
    next[a] = next[b];
    next[b] = na;
    stones[a] += stones[b];
    libCount[a] += libCount[b];
    libSum[a] += libSum[b];
    libSumSq[a] += libSumSq[b];
  }

  private int removeChain(int h) {
    byte c = color[h];
    int n = 0;
    int s = h;
    do {
      int nx = next[s];
      color[s] = EMPTY;
      hash ^= ZOBRIST[c][s];
      n++;
      s = nx;
    } while (s != h);
    // Give the emptied points back as liberties to neighbouring chains.
    s = h;
    do {
      int nx = next[s];
      for (int i = 0; i < 4; i++) {
        int q = s + offset(i);
        byte qc = color[q];
        if (qc == BLACK || qc == WHITE) {
          addLib(head[q], s);
        }
      }
      s = nx;
    } while (s != h);
    return n;
  }

  /**
   * Tromp-Taylor area score: each colour's stones plus the empty points reaching only that colour;
   * returns black's area minus white's (no komi).
   */
  public int areaScore() {
    return areaScore(null);
  }

  /** Area score with the stones at {@code dead} points removed first (null: none). */
  public int areaScore(boolean[] dead) {
    int[] a = areas(dead);
    return a[0] - a[1];
  }

  /**
   * Black's and white's Tromp-Taylor areas ({@code [black, white]}) with the stones at {@code dead}
   * points removed first (null: none). Points in neither are neutral: empty regions touching both
   * colours (or none).
   */
  public int[] areas(boolean[] dead) {
    return tally(dead, null);
  }

  /**
   * Writes each point's Tromp-Taylor owner into {@code out} (indexed by point, {@link #cells()}
   * long): the colour of a stone, or of the only colour an empty region touches; {@link #EMPTY} for
   * neutral regions and {@link #BORDER} off the board.
   */
  public void owners(byte[] out) {
    tally(null, out);
  }

  /** Counts areas and, with {@code owner}, records each point's owner. */
  private int[] tally(boolean[] dead, byte[] owner) {
    byte[] c = color.clone();
    if (dead != null) {
      for (int p = 0; p < c.length; p++) {
        if (dead[p] && (c[p] == BLACK || c[p] == WHITE)) {
          c[p] = EMPTY;
        }
      }
    }
    if (owner != null) {
      System.arraycopy(c, 0, owner, 0, c.length);
    }
    int black = 0;
    int white = 0;
    int gen = ++markGen;
    for (int p = 0; p < c.length; p++) {
      if (c[p] == BLACK) {
        black++;
      } else if (c[p] == WHITE) {
        white++;
      } else if (c[p] == EMPTY && mark[p] != gen) {
        // Flood the empty region breadth-first, so that stack[0..end) holds it afterwards, noting
        // which colours it touches.
        int end = 0;
        stack[end++] = p;
        mark[p] = gen;
        boolean touchesBlack = false;
        boolean touchesWhite = false;
        for (int next = 0; next < end; next++) {
          int s = stack[next];
          for (int i = 0; i < 4; i++) {
            int q = s + offset(i);
            if (c[q] == EMPTY) {
              if (mark[q] != gen) {
                mark[q] = gen;
                stack[end++] = q;
              }
            } else if (c[q] == BLACK) {
              touchesBlack = true;
            } else if (c[q] == WHITE) {
              touchesWhite = true;
            }
          }
        }
        byte regionOwner = touchesBlack == touchesWhite ? EMPTY : touchesBlack ? BLACK : WHITE;
        if (regionOwner == BLACK) {
          black += end;
        } else if (regionOwner == WHITE) {
          white += end;
        }
        if (owner != null) {
          for (int i = 0; i < end; i++) {
            owner[stack[i]] = regionOwner;
          }
        }
      }
    }
    return new int[] {black, white};
  }

  /**
   * A playout move with the classic Monte-Carlo Go heuristics (MoGo's): first answer the opponent's
   * {@code lastMove}: capture an adjacent enemy chain it left in atari, or save an own chain it put
   * in atari by extending when that does not self-atari; otherwise a random legal move that neither
   * fills an own eye nor puts the mover's own chain in atari (self-atari only when nothing else is
   * left).
   */
  public int heuristicMove(byte c, int lastMove, SplittableRandom rng, int[] scratch) {
    if (lastMove != PASS) {
      byte o = opponent(c);
      int capture = PASS;
      int save = PASS;
      for (int i = 0; i < 4; i++) {
        int q = lastMove + offset(i);
        byte qc = color[q];
        if (qc != BLACK && qc != WHITE) {
          continue;
        }
        int h = head[q];
        if (!inAtari(h)) {
          continue;
        }
        int lib = onlyLiberty(h);
        if (qc == o && isLegal(lib, c)) {
          capture = lib;
        } else if (qc == c && isLegal(lib, c) && !isSelfAtari(lib, c)) {
          save = lib;
        }
      }
      if (capture != PASS) {
        return capture;
      }
      if (save != PASS) {
        return save;
      }
    }
    int n = emptyPoints(scratch);
    int fallback = PASS;
    while (n > 0) {
      int i = rng.nextInt(n);
      int p = scratch[i];
      scratch[i] = scratch[--n];
      if ((p != koPoint || c != koColor) && !isEyeOf(p, c) && !isSuicide(p, c)) {
        if (!isSelfAtari(p, c)) {
          return p;
        }
        if (fallback == PASS) {
          fallback = p;
        }
      }
    }
    return fallback;
  }

  /** Writes the empty points into {@code scratch}; returns how many. */
  private int emptyPoints(int[] scratch) {
    int n = 0;
    for (int y = 0; y < size; y++) {
      int row = point(0, y);
      for (int x = 0; x < size; x++) {
        int p = row + x;
        if (color[p] == EMPTY) {
          scratch[n++] = p;
        }
      }
    }
    return n;
  }

  /**
   * Whether {@code c} at empty {@code p} would leave its own chain with a single liberty without
   * capturing (counting a lower bound: distinct empty neighbours, plus one per joined chain that
   * keeps a liberty other than {@code p}).
   */
  public boolean isSelfAtari(int p, byte c) {
    byte o = opponent(c);
    int libs = 0;
    for (int i = 0; i < 4; i++) {
      int q = p + offset(i);
      byte qc = color[q];
      if (qc == EMPTY) {
        libs++;
      } else if (qc == o) {
        int h = head[q];
        if (inAtari(h) && onlyLiberty(h) == p) {
          return false; // captures, which gains liberties
        }
      } else if (qc == c) {
        int h = head[q];
        if (!inAtari(h) || onlyLiberty(h) != p) {
          libs++; // that chain keeps a liberty other than p
        }
      }
      if (libs >= 2) {
        return false;
      }
    }
    return true;
  }

  /**
   * Plays a uniformly random legal move for {@code c} that does not fill one of its own eyes, or
   * passes.
   */
  public int randomMove(byte c, SplittableRandom rng, int[] scratch) {
    int n = emptyPoints(scratch);
    while (n > 0) {
      int i = rng.nextInt(n);
      int p = scratch[i];
      scratch[i] = scratch[--n];
      if ((p != koPoint || c != koColor) && !isEyeOf(p, c) && !isSuicide(p, c)) {
        return p;
      }
    }
    return PASS;
  }

  /**
   * Whether empty {@code p} is an eye of {@code c}: all neighbours are {@code c} or border, and the
   * diagonals do not give the opponent two (or, at the edge, one) points.
   */
  public boolean isEyeOf(int p, byte c) {
    for (int i = 0; i < 4; i++) {
      byte q = color[p + offset(i)];
      if (q != c && q != BORDER) {
        return false;
      }
    }
    byte o = opponent(c);
    int bad = 0;
    int borders = 0;
    for (int d : new int[] {-stride - 1, -stride + 1, stride - 1, stride + 1}) {
      byte q = color[p + d];
      if (q == o) {
        bad++;
      } else if (q == BORDER) {
        borders++;
      }
    }
    return borders > 0 ? bad == 0 : bad < 2;
  }

  /** An ASCII picture: {@code X} black, {@code O} white, {@code .} empty; rows from the top. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        byte c = color[point(x, y)];
        sb.append(c == BLACK ? 'X' : c == WHITE ? 'O' : '.');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static long[][] zobrist() {
    SplittableRandom rng = new SplittableRandom(0x5EEDL);
    int cells = (25 + 2) * 26 + 1;
    long[][] z = new long[3][cells];
    for (int c = 1; c <= 2; c++) {
      for (int p = 0; p < cells; p++) {
        z[c][p] = rng.nextLong();
      }
    }
    return z;
  }
}
