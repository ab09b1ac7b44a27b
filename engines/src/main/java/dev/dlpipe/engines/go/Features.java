package dev.dlpipe.engines.go;

import java.util.List;

/**
 * AlphaGo Zero's input planes and the 8 symmetries of the board.
 *
 * <p>{@link #PLANES} = 17 planes of N x N, each row-major: for t = 0..7 (0 = now), plane 2t holds
 * the stones of the player to move in the position t moves ago and plane 2t+1 the opponent's (all
 * zeros before the game's start); plane 16 is all ones when black is to move. Layout: {@code
 * [plane][y][x]}, flattened.
 */
public final class Features {
  public static final int PLANES = 17;

  private Features() {}

  /** The 17 planes of {@code game}'s current position, flattened {@code [17][N][N]}. */
  public static float[] planes(Game game) {
    int n = game.board().size();
    float[] out = new float[PLANES * n * n];
    List<byte[]> recent = game.recentPositions();
    byte[][] positions = new byte[recent.size()][];
    for (int t = 0; t < positions.length; t++) {
      positions[positions.length - 1 - t] = recent.get(t);
    }
    planes(positions, positions.length - 1, game.toMove(), n, out, 0);
    return out;
  }

  /**
   * The 17 planes of position {@code current} of a recorded game, written into {@code out} from
   * {@code offset}; the same planes {@link #planes(Game)} gives for the game at that point.
   *
   * @param positions the game's positions in order (row-major N*N colours: 0 empty, 1 black, 2
   *     white), {@code positions[0]} the start
   * @param current index of the position to describe; history before index 0 is empty
   * @param toMove the player to move in that position
   */
  public static void planes(
      byte[][] positions, int current, byte toMove, int n, float[] out, int offset) {
    int area = n * n;
    java.util.Arrays.fill(out, offset, offset + PLANES * area, 0f);
    byte them = Board.opponent(toMove);
    for (int t = 0; t < 8 && current - t >= 0; t++) {
      byte[] pos = positions[current - t];
      int mine = offset + 2 * t * area;
      int theirs = offset + (2 * t + 1) * area;
      for (int i = 0; i < area; i++) {
        if (pos[i] == toMove) {
          out[mine + i] = 1f;
        } else if (pos[i] == them) {
          out[theirs + i] = 1f;
        }
      }
    }
    if (toMove == Board.BLACK) {
      java.util.Arrays.fill(out, offset + 16 * area, offset + 17 * area, 1f);
    }
  }

  /** Planes of {@link #leePlanes}. */
  public static final int LEE_PLANES = 11;

  /**
   * AlphaGo Lee's cheap extra planes for the player to move, flattened {@code [9][N][N]}: planes
   * 0-3 mark own stones whose chain has 1, 2, 3 or at least 4 liberties, planes 4-7 the same for
   * the opponent's stones, plane 8 the empty points where the player to move would capture (the
   * value is the number of stones captured, capped at 8, divided by 8), plane 9 the moves that
   * capture in a ladder ({@link Ladder#isCapture}) and plane 10 the moves that escape one ({@link
   * Ladder#isEscape}).
   */
  public static float[] leePlanes(Game game) {
    Board b = game.board();
    int n = b.size();
    int area = n * n;
    float[] out = new float[LEE_PLANES * area];
    byte me = game.toMove();
    byte them = Board.opponent(me);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        int p = b.point(x, y);
        int i = y * n + x;
        byte c = b.color(p);
        if (c == me || c == them) {
          int libs = Math.min(4, b.liberties(p));
          out[((c == me ? 0 : 4) + libs - 1) * area + i] = 1f;
        } else if (c == Board.EMPTY && b.isLegal(p, me)) {
          int captured = 0;
          java.util.Set<Integer> counted = new java.util.HashSet<>();
          for (int d : b.neighbourOffsets()) {
            int q = p + d;
            if (b.color(q) == them && b.isInAtari(q) && counted.add(b.chainId(q))) {
              captured += b.chainSize(q);
            }
          }
          out[8 * area + i] = Math.min(8, captured) / 8f;
          out[9 * area + i] = Ladder.isCapture(b, p, me) ? 1f : 0f;
          out[10 * area + i] = Ladder.isEscape(b, p, me) ? 1f : 0f;
        }
      }
    }
    return out;
  }

  /**
   * Where point index {@code i} (row-major, 0..N*N-1) goes under symmetry {@code s} (0..7): s = 0
   * is the identity, 1..3 rotate by 90, 180, 270 degrees, 4..7 are those followed by a left-right
   * flip.
   */
  public static int transform(int s, int i, int n) {
    int x = i % n;
    int y = i / n;
    for (int r = 0; r < (s & 3); r++) {
      int nx = n - 1 - y;
      y = x;
      x = nx;
    }
    if (s >= 4) {
      x = n - 1 - x;
    }
    return y * n + x;
  }

  /**
   * The planes under symmetry {@code s}: each plane's point i moves to {@link #transform}(s, i).
   */
  public static float[] transformPlanes(int s, float[] planes, int n) {
    int area = n * n;
    float[] out = new float[planes.length];
    for (int i = 0; i < area; i++) {
      int j = transform(s, i, n);
      for (int p = 0; p < planes.length / area; p++) {
        out[p * area + j] = planes[p * area + i];
      }
    }
    return out;
  }

  /** A policy over N*N points plus pass (last) under symmetry {@code s}. */
  public static float[] transformPolicy(int s, float[] policy, int n) {
    int area = n * n;
    float[] out = new float[policy.length];
    for (int i = 0; i < area; i++) {
      out[transform(s, i, n)] = policy[i];
    }
    out[area] = policy[area];
    return out;
  }

  /** The inverse of symmetry {@code s}. */
  public static int inverse(int s) {
    // Rotations invert to the opposite rotation; the flipped ones are their own inverses.
    return s < 4 ? (4 - s) & 3 : s;
  }
}
