package dev.dlpipe.engines.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlpipe.engines.detection.coco.Rle;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Box checks, safe file names, resizing, class masks and SSD augmentation. */
class GeometryTest {
  @Test
  void boxRules() {
    // {x1, y1, x2, y2} on a 100x50 image → outcome, kept box
    Object[][] cases = {
      {new double[] {10, 5, 20, 15}, BoxCheck.Outcome.OK, new double[] {10, 5, 20, 15}},
      {new double[] {0, 0, 100, 50}, BoxCheck.Outcome.OK, new double[] {0, 0, 100, 50}},
      {new double[] {10, 5, 10, 15}, BoxCheck.Outcome.DEGENERATE, null},
      {new double[] {10, 5, 20, 4}, BoxCheck.Outcome.DEGENERATE, null},
      {new double[] {-5, 5, 20, 60}, BoxCheck.Outcome.CLIPPED, new double[] {0, 5, 20, 50}},
      {new double[] {95, 10, 130, 20}, BoxCheck.Outcome.CLIPPED, new double[] {95, 10, 100, 20}},
      {new double[] {120, 10, 130, 20}, BoxCheck.Outcome.OUTSIDE, null},
      {new double[] {-20, -9, -1, 20}, BoxCheck.Outcome.OUTSIDE, null},
      {new double[] {Double.NaN, 1, 2, 3}, BoxCheck.Outcome.NON_FINITE, null},
    };
    for (Object[] c : cases) {
      double[] b = (double[]) c[0];
      BoxCheck r = BoxCheck.of(b[0], b[1], b[2], b[3], 100, 50);
      assertThat(r.outcome()).as(java.util.Arrays.toString(b)).isEqualTo(c[1]);
      if (c[2] != null) {
        assertThat(r.box()).containsExactly((double[]) c[2]);
      }
    }
    assertThat(BoxCheck.Outcome.DEGENERATE.reason()).isEqualTo("DEGENERATE_BOX");
    assertThat(BoxCheck.of(10, 5, 10, 15, 100, 50).describe(100, 50))
        .isEqualTo("box [10, 5, 10, 15] has width 0 and height 10 (both must be > 0)");
  }

  @Test
  void fileNamesFromDataStayBelowTheRoot() {
    assertThat(SafePath.relative("000001.jpg")).isEqualTo("000001.jpg");
    assertThat(SafePath.relative("./train2017//a.jpg")).isEqualTo("train2017/a.jpg");
    assertThat(SafePath.relative("a..b.jpg")).isEqualTo("a..b.jpg");
    for (String bad :
        List.of(
            "../secret.jpg",
            "a/../../b.jpg",
            "..\\..\\windows\\win.ini",
            "/etc/passwd",
            "\\\\server\\share\\x.jpg",
            "C:\\x.jpg",
            "file:///etc/passwd",
            "hdfs://nn/x.jpg",
            "",
            " ",
            "./",
            "a\u0000.jpg")) {
      assertThat(SafePath.relative(bad)).as(bad).isNull();
      assertThat(SafePath.why(bad)).as(bad).isNotNull();
    }
    assertThat(SafePath.why("../x")).contains("'..'");
    assertThat(SafePath.why("/x")).contains("absolute");
  }

  @Test
  void bilinearResizeKeepsSizeAndAveragesOnDownscale() {
    // 2x2 RGB image → same size: identity; → 1x1: the mean of the four pixels.
    byte[] rgb = {0, 10, (byte) 200, 100, 20, (byte) 200, 50, 30, 0, (byte) 150, 40, 0};
    byte[] same = Resize.bilinearToChw(rgb, 2, 2, 2, 2);
    assertThat(same)
        .containsExactly(0, 100, 50, (byte) 150, 10, 20, 30, 40, (byte) 200, (byte) 200, 0, 0);
    byte[] one = Resize.bilinearToChw(rgb, 2, 2, 1, 1);
    assertThat(one).containsExactly(75, 25, 100);
    // Upscale 1x2 → 1x4 (half-pixel centres): 0, 25(.0 → 0.25*100), 75, 100
    byte[] row = {0, 0, 0, 100, 100, 100};
    byte[] up = Resize.bilinearToChw(row, 2, 1, 4, 1);
    assertThat(java.util.Arrays.copyOf(up, 4)).containsExactly(0, 25, 75, 100);
  }

  @Test
  void nearestResizeNeverBlendsClasses() {
    byte[] map = {0, 1, 2, 3, 4, 5, 6, 7, 8}; // 3x3
    assertThat(Resize.nearest(map, 3, 3, 3, 3)).containsExactly(map);
    assertThat(Resize.nearest(map, 3, 3, 6, 6))
        .containsExactly(
            0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8,
            8, 6, 6, 7, 7, 8, 8);
    // 3 → 2: source pixels floor((x + 0.5) * 3 / 2) = 0, 2
    assertThat(Resize.nearest(map, 3, 3, 2, 2)).containsExactly(0, 2, 6, 8);
    byte[] voids = {(byte) 255, 0, 0, (byte) 255};
    assertThat(ClassMask.classes(Resize.nearest(voids, 2, 2, 7, 5))).containsExactly(0, 255);
  }

  @Test
  void classMasksFromCocoInstances() {
    int w = 20;
    int h = 10;
    Rle left = Rle.fromBbox(new double[] {0, 0, 10, 10}, h, w);
    Rle overlap = Rle.fromBbox(new double[] {5, 0, 10, 10}, h, w);
    Rle crowd = Rle.fromBbox(new double[] {15, 5, 5, 5}, h, w);
    byte[] m =
        ClassMask.fromInstances(
            List.of(
                new ClassMask.Instance(crowd, 3, true),
                new ClassMask.Instance(left, 1, false),
                new ClassMask.Instance(overlap, 2, false)),
            w,
            h);
    int[] count = new int[256];
    for (byte b : m) {
      count[b & 0xff]++;
    }
    assertThat(count[1]).isEqualTo(50); // columns 0-4: the later object takes 5-9
    assertThat(count[2]).isEqualTo(100);
    assertThat(count[255]).isEqualTo(25); // crowd is void, even though listed first
    assertThat(count[0]).isEqualTo(200 - 175);
    // Row-major: pixel (x=17, y=7) is void, (x=17, y=2) background.
    assertThat(m[7 * w + 17] & 0xff).isEqualTo(255);
    assertThat(m[2 * w + 17]).isZero();
    assertThat(ClassMask.classes(m)).containsExactly(0, 1, 2, 255);
  }

  @Test
  void ssdAugmentationIsSeededAndKeepsBoxesInside() {
    int w = 64;
    int h = 48;
    byte[] rgb = new byte[3 * w * h];
    new SplittableRandom(1).nextBytes(rgb);
    SsdAugment.Sample s =
        new SsdAugment.Sample(
            rgb, w, h, new double[] {4, 4, 30, 40, 32, 10, 60, 20}, new int[] {1, 2});
    SsdAugment.Options all = new SsdAugment.Options(true, true, true);
    assertThat(all.signature()).isEqualTo("photometric+expand+crop");
    assertThat(SsdAugment.Options.none().signature()).isEqualTo("none");
    boolean changed = false;
    for (long seed = 0; seed < 40; seed++) {
      SsdAugment.Sample a = SsdAugment.apply(s, all, new SplittableRandom(seed));
      SsdAugment.Sample b = SsdAugment.apply(s, all, new SplittableRandom(seed));
      assertThat(a.rgb()).isEqualTo(b.rgb());
      assertThat(a.boxes()).containsExactly(b.boxes());
      assertThat(a.rgb()).hasSize(3 * a.width() * a.height());
      assertThat(a.labels()).isNotEmpty().hasSize(a.boxes().length / 4);
      for (int i = 0; i < a.labels().length; i++) {
        double[] bx = java.util.Arrays.copyOfRange(a.boxes(), 4 * i, 4 * i + 4);
        assertThat(bx[0]).isGreaterThanOrEqualTo(0).isLessThan(bx[2]);
        assertThat(bx[1]).isGreaterThanOrEqualTo(0).isLessThan(bx[3]);
        assertThat(bx[2]).isLessThanOrEqualTo(a.width());
        assertThat(bx[3]).isLessThanOrEqualTo(a.height());
      }
      changed |= a.width() != w || a.height() != h;
    }
    assertThat(changed).as("expand or crop changed the size for some seed").isTrue();
    SsdAugment.Sample none =
        SsdAugment.apply(s, SsdAugment.Options.none(), new SplittableRandom(3));
    assertThat(none).isSameAs(s);
  }
}
