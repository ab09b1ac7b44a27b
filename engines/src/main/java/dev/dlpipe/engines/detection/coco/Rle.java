package dev.dlpipe.engines.detection.coco;

import java.util.Arrays;
import java.util.List;

/**
 * A binary mask in COCO's run-length encoding, with the operations of COCO's mask API ({@code
 * maskApi.c}) reproduced exactly: polygon and box rasterization, union/intersection, area, bounding
 * box, IoU (with crowd semantics) and the compact string form.
 *
 * <p>Runs are column-major (Fortran order, as COCO stores masks): {@code counts} alternates runs of
 * 0s and 1s, starting with 0s (possibly an empty run). Counts are unsigned 32-bit values held in
 * ints.
 *
 * @param h height in pixels
 * @param w width in pixels
 * @param counts the runs
 */
public record Rle(int h, int w, int[] counts) implements java.io.Serializable {
  private static final double SCALE = 5;

  /** The mask's area: the number of 1 pixels. */
  public long area() {
    long a = 0;
    for (int j = 1; j < counts.length; j += 2) {
      a += Integer.toUnsignedLong(counts[j]);
    }
    return a;
  }

  /** The bounding box {@code [x, y, width, height]} of the 1 pixels, as maskApi's rleToBbox. */
  public double[] toBbox() {
    int m = (counts.length / 2) * 2;
    if (m == 0) {
      return new double[4];
    }
    long hh = h;
    long xs = w;
    long ys = h;
    long xe = 0;
    long ye = 0;
    long cc = 0;
    long xp = 0;
    for (int j = 0; j < m; j++) {
      cc += Integer.toUnsignedLong(counts[j]);
      long t = cc - j % 2;
      long y = t % hh;
      long x = (t - y) / hh;
      if (j % 2 == 0) {
        xp = x;
      } else if (xp < x) {
        ys = 0;
        ye = hh - 1;
      }
      xs = Math.min(xs, x);
      xe = Math.max(xe, x);
      ys = Math.min(ys, y);
      ye = Math.max(ye, y);
    }
    return new double[] {xs, ys, xe - xs + 1, ye - ys + 1};
  }

  /**
   * Union ({@code intersect} false) or intersection of masks of equal size, as maskApi's rleMerge.
   */
  public static Rle merge(List<Rle> masks, boolean intersect) {
    if (masks.isEmpty()) {
      return new Rle(0, 0, new int[0]);
    }
    Rle first = masks.get(0);
    if (masks.size() == 1) {
      return first;
    }
    int h = first.h;
    int w = first.w;
    long[] cnts = new long[(int) ((long) h * w + 1)];
    int m = first.counts.length;
    for (int a = 0; a < m; a++) {
      cnts[a] = Integer.toUnsignedLong(first.counts[a]);
    }
    for (int i = 1; i < masks.size(); i++) {
      Rle b = masks.get(i);
      if (b.h != h || b.w != w) {
        return new Rle(0, 0, new int[0]);
      }
      long[] ac = Arrays.copyOf(cnts, m);
      int am = m;
      long ca = ac[0];
      long cb = Integer.toUnsignedLong(b.counts[0]);
      boolean v = false;
      boolean va = false;
      boolean vb = false;
      m = 0;
      int ai = 1;
      int bi = 1;
      long cc = 0;
      long ct = 1;
      while (ct > 0) {
        long c = Math.min(ca, cb);
        cc += c;
        ct = 0;
        ca -= c;
        if (ca == 0 && ai < am) {
          ca = ac[ai++];
          va = !va;
        }
        ct += ca;
        cb -= c;
        if (cb == 0 && bi < b.counts.length) {
          cb = Integer.toUnsignedLong(b.counts[bi++]);
          vb = !vb;
        }
        ct += cb;
        boolean vp = v;
        v = intersect ? va && vb : va || vb;
        if (v != vp || ct == 0) {
          cnts[m++] = cc;
          cc = 0;
        }
      }
    }
    int[] out = new int[m];
    for (int i = 0; i < m; i++) {
      out[i] = (int) cnts[i];
    }
    return new Rle(h, w, out);
  }

  /**
   * Rasterizes a polygon ({@code x0, y0, x1, y1, ...} in pixel coordinates) as maskApi's rleFrPoly:
   * the boundary is traced on a 5x upsampled grid and the mask filled between its y-boundary
   * crossings.
   */
  public static Rle fromPolygon(double[] xy, int h, int w) {
    int k = xy.length / 2;
    int[] x = new int[k + 1];
    int[] y = new int[k + 1];
    for (int j = 0; j < k; j++) {
      x[j] = (int) (SCALE * xy[j * 2] + .5);
    }
    x[k] = x[0];
    for (int j = 0; j < k; j++) {
      y[j] = (int) (SCALE * xy[j * 2 + 1] + .5);
    }
    y[k] = y[0];
    int m = 0;
    for (int j = 0; j < k; j++) {
      m += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
    }
    int[] u = new int[m];
    int[] v = new int[m];
    m = 0;
    for (int j = 0; j < k; j++) {
      int xs = x[j];
      int xe = x[j + 1];
      int ys = y[j];
      int ye = y[j + 1];
      int dx = Math.abs(xe - xs);
      int dy = Math.abs(ys - ye);
      boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
      if (flip) {
        int t = xs;
        xs = xe;
        xe = t;
        t = ys;
        ys = ye;
        ye = t;
      }
      double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
      if (dx >= dy) {
        for (int d = 0; d <= dx; d++) {
          int t = flip ? dx - d : d;
          u[m] = t + xs;
          v[m] = (int) (ys + s * t + .5);
          m++;
        }
      } else {
        for (int d = 0; d <= dy; d++) {
          int t = flip ? dy - d : d;
          v[m] = t + ys;
          u[m] = (int) (xs + s * t + .5);
          m++;
        }
      }
    }
    // Points along the y-boundary, downsampled.
    k = m;
    m = 0;
    int[] bx = new int[k];
    int[] by = new int[k];
    for (int j = 1; j < k; j++) {
      if (u[j] != u[j - 1]) {
        double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
        xd = (xd + .5) / SCALE - .5;
        if (Math.floor(xd) != xd || xd < 0 || xd > w - 1) {
          continue;
        }
        double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
        yd = (yd + .5) / SCALE - .5;
        if (yd < 0) {
          yd = 0;
        } else if (yd > h) {
          yd = h;
        }
        yd = Math.ceil(yd);
        bx[m] = (int) xd;
        by[m] = (int) yd;
        m++;
      }
    }
    // Run lengths from the sorted boundary positions (unsigned 32-bit arithmetic, as in C).
    k = m;
    long[] a = new long[k + 1];
    for (int j = 0; j < k; j++) {
      a[j] = (bx[j] * h + by[j]) & 0xFFFFFFFFL;
    }
    a[k++] = ((long) h * w) & 0xFFFFFFFFL;
    Arrays.sort(a, 0, k);
    long p = 0;
    for (int j = 0; j < k; j++) {
      long t = a[j];
      a[j] = (a[j] - p) & 0xFFFFFFFFL;
      p = t;
    }
    int[] b = new int[k];
    int j = 0;
    m = 0;
    b[m++] = (int) a[j++];
    while (j < k) {
      if (a[j] > 0) {
        b[m++] = (int) a[j++];
      } else {
        j++;
        if (j < k) {
          b[m - 1] = (int) (Integer.toUnsignedLong(b[m - 1]) + a[j++]);
        }
      }
    }
    return new Rle(h, w, Arrays.copyOf(b, m));
  }

  /** A box {@code [x, y, width, height]} rasterized as maskApi's rleFrBbox (a 4-point polygon). */
  public static Rle fromBbox(double[] bb, int h, int w) {
    double xs = bb[0];
    double xe = xs + bb[2];
    double ys = bb[1];
    double ye = ys + bb[3];
    return fromPolygon(new double[] {xs, ys, xs, ye, xe, ye, xe, ys}, h, w);
  }

  /** Decodes COCO's compact string form (LEB128-like, 6 bits per char, chars 48-111). */
  public static Rle fromString(String s, int h, int w) {
    int[] cnts = new int[s.length()];
    int m = 0;
    int p = 0;
    while (p < s.length()) {
      long x = 0;
      int k = 0;
      boolean more = true;
      while (more) {
        if (p >= s.length()) {
          throw new IllegalArgumentException("truncated RLE string at character " + p);
        }
        int c = s.charAt(p) - 48;
        x |= (long) (c & 0x1f) << (5 * k);
        more = (c & 0x20) != 0;
        p++;
        k++;
        if (!more && (c & 0x10) != 0) {
          x |= -1L << (5 * k);
        }
      }
      if (m > 2) {
        x += Integer.toUnsignedLong(cnts[m - 2]);
      }
      cnts[m++] = (int) x;
    }
    return new Rle(h, w, Arrays.copyOf(cnts, m));
  }

  /** Encodes to COCO's compact string form (inverse of {@link #fromString}). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      long x = Integer.toUnsignedLong(counts[i]);
      if (i > 2) {
        x -= Integer.toUnsignedLong(counts[i - 2]);
      }
      boolean more = true;
      while (more) {
        int c = (int) (x & 0x1f);
        x >>= 5;
        more = (c & 0x10) != 0 ? x != -1 : x != 0;
        if (more) {
          c |= 0x20;
        }
        sb.append((char) (c + 48));
      }
    }
    return sb.toString();
  }

  /**
   * IoU of box {@code d} with box {@code g} ({@code [x, y, w, h]}), as maskApi's bbIou: for a crowd
   * ground truth the union is the detection's own area.
   */
  public static double boxIou(double[] d, double[] g, boolean crowd) {
    double ga = g[2] * g[3];
    double da = d[2] * d[3];
    double w = Math.min(d[2] + d[0], g[2] + g[0]) - Math.max(d[0], g[0]);
    if (w <= 0) {
      return 0;
    }
    double hh = Math.min(d[3] + d[1], g[3] + g[1]) - Math.max(d[1], g[1]);
    if (hh <= 0) {
      return 0;
    }
    double i = w * hh;
    double u = crowd ? da : da + ga - i;
    return i / u;
  }

  /**
   * IoU of mask {@code d} with mask {@code g} as maskApi's rleIou (crowd: intersection over the
   * detection's area); -1 when their sizes differ. The bounding boxes are checked first, as there.
   */
  public static double maskIou(Rle d, Rle g, boolean crowd) {
    if (boxIou(d.toBbox(), g.toBbox(), crowd) <= 0) {
      return 0;
    }
    if (d.h != g.h || d.w != g.w) {
      return -1;
    }
    long ca = Integer.toUnsignedLong(d.counts[0]);
    long cb = Integer.toUnsignedLong(g.counts[0]);
    int ka = d.counts.length;
    int kb = g.counts.length;
    boolean va = false;
    boolean vb = false;
    int a = 1;
    int b = 1;
    long i = 0;
    long u = 0;
    long ct = 1;
    while (ct > 0) {
      long c = Math.min(ca, cb);
      if (va || vb) {
        u += c;
        if (va && vb) {
          i += c;
        }
      }
      ct = 0;
      ca -= c;
      if (ca == 0 && a < ka) {
        ca = Integer.toUnsignedLong(d.counts[a++]);
        va = !va;
      }
      ct += ca;
      cb -= c;
      if (cb == 0 && b < kb) {
        cb = Integer.toUnsignedLong(g.counts[b++]);
        vb = !vb;
      }
      ct += cb;
    }
    if (i == 0) {
      u = 1;
    } else if (crowd) {
      u = d.area();
    }
    return (double) i / (double) u;
  }

  /** Decodes to a column-major 0/1 array of h*w pixels. */
  public byte[] decode() {
    byte[] mask = new byte[h * w];
    int pos = 0;
    byte v = 0;
    for (int c : counts) {
      int n = c;
      Arrays.fill(mask, pos, Math.min(mask.length, pos + n), v);
      pos += n;
      v = (byte) (1 - v);
    }
    return mask;
  }

  /** Encodes a column-major 0/1 array of h*w pixels. */
  public static Rle encode(byte[] mask, int h, int w) {
    int[] cnts = new int[mask.length + 1];
    int k = 0;
    byte p = 0;
    int c = 0;
    for (byte b : mask) {
      if (b != p) {
        cnts[k++] = c;
        c = 0;
        p = b;
      }
      c++;
    }
    cnts[k++] = c;
    return new Rle(h, w, Arrays.copyOf(cnts, k));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rle r && r.h == h && r.w == w && Arrays.equals(r.counts, counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts) * 31 + h * 17 + w;
  }
}
