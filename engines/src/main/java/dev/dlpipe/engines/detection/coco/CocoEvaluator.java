package dev.dlpipe.engines.detection.coco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * COCO detection evaluation identical to pycocotools' {@code COCOeval} (bbox and segm): {@link
 * #evaluate} matches detections to ground truth image by image, {@link #accumulate} turns the
 * per-image results into precision/recall arrays, {@link #summarize} gives the 12 standard numbers.
 *
 * <p>Statistics first, formula last: the per-image results ({@link ImageResult}) of any subset of
 * images can be computed separately (on Spark partitions) and accumulated together; accumulate is a
 * pure function of their union and orders them by image as pycocotools does, so ties break
 * identically.
 *
 * <p>Array shapes, as cocoeval documents them: precision {@code [T x R x K x A x M]} (IoU
 * thresholds, recall thresholds, categories, area ranges, max detections), recall {@code [T x K x A
 * x M]}; -1 where a category has no ground truth in that area range.
 */
public final class CocoEvaluator implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private static final double SPACING_1 = Math.ulp(1.0); // np.spacing(1)

  /**
   * The outcome of matching one image for one category and area range (pycocotools' evaluateImg
   * dict), computed with the largest maxDets.
   *
   * @param categoryIndex index into the evaluated category ids
   * @param areaIndex index into the area ranges
   * @param imageIndex index into the sorted image ids
   * @param dtScores scores of the kept detections, highest first
   * @param dtMatches {@code [T][D]} id of the matched ground truth, 0 when unmatched
   * @param dtIgnore {@code [T][D]} detection ignored (matched a crowd/ignored GT, or unmatched
   *     outside the area range)
   * @param gtIgnore per ground truth (non-ignored first): ignored
   */
  public record ImageResult(
      int categoryIndex,
      int areaIndex,
      int imageIndex,
      double[] dtScores,
      long[][] dtMatches,
      boolean[][] dtIgnore,
      boolean[] gtIgnore)
      implements java.io.Serializable {}

  /**
   * accumulate's output.
   *
   * @param precision {@code [T][R][K][A][M]} flattened in C order
   * @param recall {@code [T][K][A][M]} flattened in C order
   * @param scores {@code [T][R][K][A][M]} score at each recall threshold
   */
  public record Accumulated(
      CocoParams params, List<Long> catIds, double[] precision, double[] recall, double[] scores) {
    public int t() {
      return params.iouThrs().length;
    }

    public int r() {
      return params.recThrs().length;
    }

    public int k() {
      return catIds.size();
    }

    public int a() {
      return params.areaRng().length;
    }

    public int m() {
      return params.maxDets().length;
    }

    /** Index into {@link #precision()}. */
    public int p(int t, int r, int k, int a, int m) {
      return (((t * r() + r) * k() + k) * a() + a) * m() + m;
    }

    /** Index into {@link #recall()}. */
    public int rc(int t, int k, int a, int m) {
      return ((t * k() + k) * a() + a) * m() + m;
    }
  }

  private final CocoParams params;
  private final List<Long> imgIds;
  private final List<Long> catIds;
  private final HashMap<Long, Integer> imageIndex = new HashMap<>();
  private final HashMap<Long, Integer> categoryIndex = new HashMap<>();

  /**
   * @param params the parameters; null image/category lists mean all of {@code allImgIds}/{@code
   *     allCatIds}
   * @param allImgIds the ground truth's image ids
   * @param allCatIds the ground truth's category ids
   */
  public CocoEvaluator(CocoParams params, Collection<Long> allImgIds, Collection<Long> allCatIds) {
    this.params = params;
    this.imgIds =
        new ArrayList<>(new TreeSet<>(params.imgIds() != null ? params.imgIds() : allImgIds));
    this.catIds =
        new ArrayList<>(new TreeSet<>(params.catIds() != null ? params.catIds() : allCatIds));
    for (int i = 0; i < imgIds.size(); i++) {
      imageIndex.put(imgIds.get(i), i);
    }
    for (int k = 0; k < catIds.size(); k++) {
      categoryIndex.put(catIds.get(k), k);
    }
  }

  public List<Long> imgIds() {
    return imgIds;
  }

  public List<Long> catIds() {
    return catIds;
  }

  /** Whether the image is evaluated (in the parameters' image ids). */
  public boolean evaluates(long imageId) {
    return imageIndex.containsKey(imageId);
  }

  /** Evaluates a whole dataset in one process: every image of the parameters. */
  public List<ImageResult> evaluate(List<CocoAnnotation> gts, List<CocoAnnotation> dts) {
    Map<Long, List<CocoAnnotation>> gtByImage = byImage(gts);
    Map<Long, List<CocoAnnotation>> dtByImage = byImage(dts);
    List<ImageResult> out = new ArrayList<>();
    for (long img : imgIds) {
      out.addAll(
          evaluateImage(
              img, gtByImage.getOrDefault(img, List.of()), dtByImage.getOrDefault(img, List.of())));
    }
    return out;
  }

  private static Map<Long, List<CocoAnnotation>> byImage(List<CocoAnnotation> anns) {
    Map<Long, List<CocoAnnotation>> m = new HashMap<>();
    for (CocoAnnotation a : anns) {
      m.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a);
    }
    return m;
  }

  /**
   * Evaluates one image: its ground truth and detections, each in file order (any category; those
   * not evaluated are skipped). Returns one result per category and area range that has ground
   * truth or detections.
   */
  public List<ImageResult> evaluateImage(
      long imageId, List<CocoAnnotation> gts, List<CocoAnnotation> dts) {
    Integer ii = imageIndex.get(imageId);
    if (ii == null) {
      return List.of();
    }
    // Group once by category, in file order; only categories present cost anything.
    Map<Long, List<CocoAnnotation>> g = new HashMap<>();
    for (CocoAnnotation a : gts) {
      g.computeIfAbsent(a.categoryId(), c -> new ArrayList<>()).add(a);
    }
    Map<Long, List<CocoAnnotation>> d = new HashMap<>();
    for (CocoAnnotation a : dts) {
      d.computeIfAbsent(a.categoryId(), c -> new ArrayList<>()).add(a);
    }
    TreeSet<Integer> present = new TreeSet<>();
    for (Long c : g.keySet()) {
      Integer k = categoryIndex.get(c);
      if (k != null) {
        present.add(k);
      }
    }
    for (Long c : d.keySet()) {
      Integer k = categoryIndex.get(c);
      if (k != null) {
        present.add(k);
      }
    }
    List<ImageResult> out = new ArrayList<>();
    for (int k : present) {
      long cat = catIds.get(k);
      evaluateImageCategory(
          ii, k, g.getOrDefault(cat, List.of()), d.getOrDefault(cat, List.of()), out);
    }
    return out;
  }

  private void evaluateImageCategory(
      int ii, int k, List<CocoAnnotation> gt, List<CocoAnnotation> dtAll, List<ImageResult> out) {
    int maxDet = params.maxDets()[params.maxDets().length - 1];
    // Detections by score, highest first; stable, like np.argsort(kind='mergesort').
    List<CocoAnnotation> dt = new ArrayList<>(dtAll);
    dt.sort((x, y) -> byScoreDescending(x.score(), y.score()));
    if (dt.size() > maxDet) {
      dt = dt.subList(0, maxDet);
    }
    double[][] ious = ious(dt, gt);
    int tCount = params.iouThrs().length;
    for (int a = 0; a < params.areaRng().length; a++) {
      double lo = params.areaRng()[a][0];
      double hi = params.areaRng()[a][1];
      int g = gt.size();
      boolean[] ignoreByFile = new boolean[g];
      for (int j = 0; j < g; j++) {
        CocoAnnotation x = gt.get(j);
        ignoreByFile[j] = x.iscrowd() || x.area() < lo || x.area() > hi;
      }
      // Non-ignored ground truth first, stable.
      Integer[] gtind = new Integer[g];
      for (int j = 0; j < g; j++) {
        gtind[j] = j;
      }
      Arrays.sort(gtind, Comparator.comparingInt(j -> ignoreByFile[j] ? 1 : 0));
      boolean[] gtIg = new boolean[g];
      boolean[] crowd = new boolean[g];
      long[] gtIds = new long[g];
      for (int j = 0; j < g; j++) {
        gtIg[j] = ignoreByFile[gtind[j]];
        crowd[j] = gt.get(gtind[j]).iscrowd();
        gtIds[j] = gt.get(gtind[j]).id();
      }
      int dCount = dt.size();
      long[][] gtm = new long[tCount][g];
      long[][] dtm = new long[tCount][dCount];
      boolean[][] dtIg = new boolean[tCount][dCount];
      if (ious.length > 0 && g > 0) {
        for (int t = 0; t < tCount; t++) {
          for (int di = 0; di < dCount; di++) {
            double iou = Math.min(params.iouThrs()[t], 1 - 1e-10);
            int m = -1;
            for (int gi = 0; gi < g; gi++) {
              if (gtm[t][gi] > 0 && !crowd[gi]) {
                continue;
              }
              if (m > -1 && !gtIg[m] && gtIg[gi]) {
                break;
              }
              double v = ious[di][gtind[gi]];
              if (v < iou) {
                continue;
              }
              iou = v;
              m = gi;
            }
            if (m == -1) {
              continue;
            }
            dtIg[t][di] = gtIg[m];
            dtm[t][di] = gtIds[m];
            gtm[t][m] = dt.get(di).id();
          }
        }
      }
      double[] scores = new double[dCount];
      for (int di = 0; di < dCount; di++) {
        CocoAnnotation d = dt.get(di);
        scores[di] = d.score();
        boolean outside = d.area() < lo || d.area() > hi;
        for (int t = 0; t < tCount; t++) {
          dtIg[t][di] = dtIg[t][di] || (dtm[t][di] == 0 && outside);
        }
      }
      out.add(new ImageResult(k, a, ii, scores, dtm, dtIg, gtIg));
    }
  }

  /**
   * IoU matrix {@code [detection][ground truth]} (GT in file order), as pycocotools' computeIoU.
   */
  private double[][] ious(List<CocoAnnotation> dt, List<CocoAnnotation> gt) {
    if (dt.isEmpty() || gt.isEmpty()) {
      return new double[0][0];
    }
    boolean segm = params.iouType().equals("segm");
    double[][] o = new double[dt.size()][gt.size()];
    for (int d = 0; d < dt.size(); d++) {
      for (int g = 0; g < gt.size(); g++) {
        CocoAnnotation gg = gt.get(g);
        o[d][g] =
            segm
                ? Rle.maskIou(dt.get(d).mask(), gg.mask(), gg.iscrowd())
                : Rle.boxIou(dt.get(d).bbox(), gg.bbox(), gg.iscrowd());
      }
    }
    return o;
  }

  /** pycocotools' accumulate over the per-image results (in any order). */
  public Accumulated accumulate(List<ImageResult> results) {
    int tN = params.iouThrs().length;
    int rN = params.recThrs().length;
    int kN = catIds.size();
    int aN = params.areaRng().length;
    int mN = params.maxDets().length;
    double[] precision = new double[tN * rN * kN * aN * mN];
    double[] recall = new double[tN * kN * aN * mN];
    double[] scores = new double[precision.length];
    Arrays.fill(precision, -1);
    Arrays.fill(recall, -1);
    Arrays.fill(scores, -1);
    Accumulated acc = new Accumulated(params, catIds, precision, recall, scores);

    List<List<ImageResult>> groups = new ArrayList<>(kN * aN);
    for (int i = 0; i < kN * aN; i++) {
      groups.add(new ArrayList<>());
    }
    for (ImageResult e : results) {
      groups.get(e.categoryIndex() * aN + e.areaIndex()).add(e);
    }
    for (List<ImageResult> grp : groups) {
      grp.sort(Comparator.comparingInt(ImageResult::imageIndex));
    }

    for (int k = 0; k < kN; k++) {
      for (int a = 0; a < aN; a++) {
        List<ImageResult> e = groups.get(k * aN + a);
        if (e.isEmpty()) {
          continue;
        }
        int npig = 0;
        for (ImageResult r : e) {
          for (boolean ig : r.gtIgnore()) {
            npig += ig ? 0 : 1;
          }
        }
        if (npig == 0) {
          continue;
        }
        for (int m = 0; m < mN; m++) {
          int maxDet = params.maxDets()[m];
          int n = 0;
          for (ImageResult r : e) {
            n += Math.min(maxDet, r.dtScores().length);
          }
          double[] dtScores = new double[n];
          int[] owner = new int[n];
          int[] col = new int[n];
          int p = 0;
          for (int ei = 0; ei < e.size(); ei++) {
            ImageResult r = e.get(ei);
            for (int d = 0; d < Math.min(maxDet, r.dtScores().length); d++) {
              dtScores[p] = r.dtScores()[d];
              owner[p] = ei;
              col[p] = d;
              p++;
            }
          }
          // np.argsort(-dtScores, kind='mergesort'): stable, highest first.
          int[] inds = stableOrderByScore(dtScores);
          for (int t = 0; t < tN; t++) {
            double[] tp = new double[n];
            double[] fp = new double[n];
            double tpSum = 0;
            double fpSum = 0;
            for (int i = 0; i < n; i++) {
              ImageResult r = e.get(owner[inds[i]]);
              int d = col[inds[i]];
              boolean matched = r.dtMatches()[t][d] != 0;
              boolean ignored = r.dtIgnore()[t][d];
              if (!ignored) {
                if (matched) {
                  tpSum++;
                } else {
                  fpSum++;
                }
              }
              tp[i] = tpSum;
              fp[i] = fpSum;
            }
            double[] rc = new double[n];
            double[] pr = new double[n];
            for (int i = 0; i < n; i++) {
              rc[i] = tp[i] / npig;
              pr[i] = tp[i] / (fp[i] + tp[i] + SPACING_1);
            }
            recall[acc.rc(t, k, a, m)] = n > 0 ? rc[n - 1] : 0;
            for (int i = n - 1; i > 0; i--) {
              if (pr[i] > pr[i - 1]) {
                pr[i - 1] = pr[i];
              }
            }
            double[] recThrs = params.recThrs();
            for (int ri = 0; ri < rN; ri++) {
              int pi = searchLeft(rc, recThrs[ri]);
              int idx = acc.p(t, ri, k, a, m);
              if (pi >= n) {
                // pycocotools stops at the first recall threshold beyond the last detection: the
                // rest stay 0.
                for (int rj = ri; rj < rN; rj++) {
                  precision[acc.p(t, rj, k, a, m)] = 0;
                  scores[acc.p(t, rj, k, a, m)] = 0;
                }
                break;
              }
              precision[idx] = pr[pi];
              scores[idx] = dtScores[inds[pi]];
            }
          }
        }
      }
    }
    return acc;
  }

  /**
   * Indices of {@code scores}, highest first, equal scores in index order (a stable merge sort).
   */
  static int[] stableOrderByScore(double[] scores) {
    int n = scores.length;
    int[] a = new int[n];
    int[] b = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int o = lo;
        while (i < mid && j < hi) {
          // Take from the right only when strictly higher: ties keep the left (earlier) index.
          b[o++] = scores[a[j]] > scores[a[i]] ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[o++] = a[i++];
        }
        while (j < hi) {
          b[o++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }

  /** Highest score first; equal scores (0.0 and -0.0 included, as numpy) keep their order. */
  private static int byScoreDescending(double x, double y) {
    return x > y ? -1 : x < y ? 1 : 0;
  }

  /** np.searchsorted(a, v, side='left'): the first index whose value is >= v. */
  private static int searchLeft(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The 12 numbers of pycocotools' summarize, in its order: AP, AP50, AP75, APs, APm, APl, AR1,
   * AR10, AR100, ARs, ARm, ARl; -1 where nothing was evaluated. AR uses maxDets[0..2]; the AP rows
   * use the last.
   */
  public static double[] summarize(Accumulated acc) {
    int[] md = acc.params().maxDets();
    int last = md[md.length - 1];
    return new double[] {
      summarizeOne(acc, true, null, "all", last),
      summarizeOne(acc, true, .5, "all", last),
      summarizeOne(acc, true, .75, "all", last),
      summarizeOne(acc, true, null, "small", last),
      summarizeOne(acc, true, null, "medium", last),
      summarizeOne(acc, true, null, "large", last),
      summarizeOne(acc, false, null, "all", md[0]),
      summarizeOne(acc, false, null, "all", md.length > 1 ? md[1] : md[0]),
      summarizeOne(acc, false, null, "all", md.length > 2 ? md[2] : last),
      summarizeOne(acc, false, null, "small", last),
      summarizeOne(acc, false, null, "medium", last),
      summarizeOne(acc, false, null, "large", last),
    };
  }

  /** The 12 lines pycocotools' summarize prints for {@code stats}. */
  public static List<String> summaryLines(CocoParams p, double[] stats) {
    int[] md = p.maxDets();
    int last = md[md.length - 1];
    Object[][] rows = {
      {true, null, "all", last},
      {true, .5, "all", last},
      {true, .75, "all", last},
      {true, null, "small", last},
      {true, null, "medium", last},
      {true, null, "large", last},
      {false, null, "all", md[0]},
      {false, null, "all", md.length > 1 ? md[1] : md[0]},
      {false, null, "all", md.length > 2 ? md[2] : last},
      {false, null, "small", last},
      {false, null, "medium", last},
      {false, null, "large", last},
    };
    List<String> lines = new ArrayList<>();
    double[] t = p.iouThrs();
    for (int i = 0; i < rows.length; i++) {
      boolean ap = (Boolean) rows[i][0];
      Double thr = (Double) rows[i][1];
      String iou =
          thr == null
              ? String.format(java.util.Locale.ROOT, "%.2f:%.2f", t[0], t[t.length - 1])
              : String.format(java.util.Locale.ROOT, "%.2f", thr);
      lines.add(
          String.format(
              java.util.Locale.ROOT,
              " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %.3f",
              ap ? "Average Precision" : "Average Recall",
              ap ? "(AP)" : "(AR)",
              iou,
              rows[i][2],
              (Integer) rows[i][3],
              stats[i]));
    }
    return lines;
  }

  /** pycocotools' _summarize: the mean of the entries > -1, or -1. */
  public static double summarizeOne(
      Accumulated acc, boolean ap, Double iouThr, String areaLabel, int maxDets) {
    CocoParams p = acc.params();
    int a = p.areaRngLbl().indexOf(areaLabel);
    int m = -1;
    for (int i = 0; i < p.maxDets().length; i++) {
      if (p.maxDets()[i] == maxDets) {
        m = i;
      }
    }
    if (a < 0 || m < 0) {
      return -1;
    }
    List<Integer> ts = new ArrayList<>();
    for (int t = 0; t < acc.t(); t++) {
      if (iouThr == null || p.iouThrs()[t] == iouThr) {
        ts.add(t);
      }
    }
    double[] values = new double[ts.size() * (ap ? acc.r() : 1) * acc.k()];
    int n = 0;
    for (int t : ts) {
      if (ap) {
        for (int r = 0; r < acc.r(); r++) {
          for (int k = 0; k < acc.k(); k++) {
            double v = acc.precision()[acc.p(t, r, k, a, m)];
            if (v > -1) {
              values[n++] = v;
            }
          }
        }
      } else {
        for (int k = 0; k < acc.k(); k++) {
          double v = acc.recall()[acc.rc(t, k, a, m)];
          if (v > -1) {
            values[n++] = v;
          }
        }
      }
    }
    return n == 0 ? -1 : NumpySum.pairwise(values, 0, n) / n;
  }

  /**
   * Per-category AP over all IoU thresholds ({@code iouThr} null) or at one threshold, area "all"
   * and the last maxDets: the mean of {@code precision[t, :, k, 0, -1]} entries > -1, or -1.
   */
  public static double categoryAp(Accumulated acc, int k, Double iouThr) {
    int a = acc.params().areaRngLbl().indexOf("all");
    int m = acc.m() - 1;
    double[] values = new double[acc.t() * acc.r()];
    int n = 0;
    for (int t = 0; t < acc.t(); t++) {
      if (iouThr != null && acc.params().iouThrs()[t] != iouThr) {
        continue;
      }
      for (int r = 0; r < acc.r(); r++) {
        double v = acc.precision()[acc.p(t, r, k, a, m)];
        if (v > -1) {
          values[n++] = v;
        }
      }
    }
    return n == 0 ? -1 : NumpySum.pairwise(values, 0, n) / n;
  }
}
