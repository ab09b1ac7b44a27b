package dev.dlpipe.engines.detection.coco;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NmsTest {
  private static CocoAnnotation det(long id, long image, long cat, double score, double... box) {
    return new CocoAnnotation(id, image, cat, box[2] * box[3], false, box, score, null);
  }

  @Test
  void suppressesOverlapsWithinACategoryOnly() {
    List<CocoAnnotation> dets =
        List.of(
            det(1, 1, 1, 0.6, 0, 0, 10, 10),
            det(2, 1, 1, 0.9, 1, 1, 10, 10), // IoU with #1 = 81/119 = 0.68: the higher score wins
            det(3, 1, 2, 0.5, 0, 0, 10, 10), // another category: kept
            det(4, 1, 1, 0.4, 20, 20, 5, 5)); // no overlap: kept
    assertThat(Nms.apply(dets, 0.5, 0)).extracting(CocoAnnotation::id).containsExactly(2L, 4L, 3L);
    // A threshold above the overlap keeps everything.
    assertThat(Nms.apply(dets, 0.7, 0)).hasSize(4);
  }

  @Test
  void topKPerCategoryAndEqualScoresKeepInputOrder() {
    List<CocoAnnotation> dets =
        List.of(
            det(1, 1, 1, 0.5, 0, 0, 5, 5),
            det(2, 1, 1, 0.5, 10, 10, 5, 5),
            det(3, 1, 1, 0.5, 20, 20, 5, 5));
    assertThat(Nms.apply(dets, 0.5, 2)).extracting(CocoAnnotation::id).containsExactly(1L, 2L);
  }

  @Test
  void masksUseMaskIouAndImagesAreIndependent() {
    Rle a = Rle.fromBbox(new double[] {0, 0, 10, 10}, 20, 20);
    Rle b = Rle.fromBbox(new double[] {0, 0, 10, 9}, 20, 20);
    List<CocoAnnotation> dets =
        List.of(
            new CocoAnnotation(1, 1, 1, a.area(), false, a.toBbox(), 0.9, a),
            new CocoAnnotation(2, 1, 1, b.area(), false, b.toBbox(), 0.8, b),
            new CocoAnnotation(3, 2, 1, b.area(), false, b.toBbox(), 0.8, b));
    assertThat(Nms.applyPerImage(dets, 0.5, 0))
        .extracting(CocoAnnotation::id)
        .containsExactly(1L, 3L);
  }
}
