package dev.dlpipe.engines.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Decoding real JPEGs against Pillow's pixel facts (sample-data/images/image_facts.json: size, MD5,
 * mean RGB, two pixels; tolerance ±2 per value between decoders), and refusing bad files.
 */
class ImageCheckTest {
  /** Facts key → bundled copy of the image (test resources). */
  private static final Map<String, String> BUNDLED = new LinkedHashMap<>();

  static {
    BUNDLED.put("voc/real_voc_xml/VOC2007/000001.jpg", "/voc/voc2007_mini/JPEGImages/000001.jpg");
    BUNDLED.put("voc/real_voc_xml/VOC2012/000001.jpg", "/voc/voc2007_mini/JPEGImages/000002.jpg");
    for (int i = 1; i <= 3; i++) {
      BUNDLED.put(
          "coco/case4_shapes_polygons/img_" + i + ".jpg",
          "/coco/case4_shapes_polygons/img_" + i + ".jpg");
    }
    for (String id : new String[] {"2007_000027", "2007_000032", "2007_000033"}) {
      BUNDLED.put(
          "voc/det_case1_cartucho_real_yolo/images/" + id + ".jpg",
          "/voc/det_cartucho/images/" + id + ".jpg");
    }
  }

  private static JsonNode facts() throws IOException {
    try (InputStream in = ImageCheckTest.class.getResourceAsStream("/images/image_facts.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ImageCheckTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void bundledImagesDecodeToPillowsPixels() throws Exception {
    JsonNode facts = facts();
    for (Map.Entry<String, String> e : BUNDLED.entrySet()) {
      check(facts.get(e.getKey()), resource(e.getValue()), e.getKey());
    }
  }

  @Test
  void everyImageOfTheSharedDataDecodesToPillowsPixels() throws Exception {
    // The other images with facts (the 2048x1365 aerial photo and three more Cartucho JPEGs) live
    // in ../shared/data only.
    Path shared = Paths.get("..", "..", "shared", "data").toAbsolutePath().normalize();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(shared), "../shared/data is not present");
    JsonNode facts = facts();
    var it = facts.fields();
    int n = 0;
    while (it.hasNext()) {
      var f = it.next();
      check(f.getValue(), Files.readAllBytes(shared.resolve(f.getKey())), f.getKey());
      n++;
    }
    assertThat(n).isEqualTo(12);
  }

  private static void check(JsonNode fact, byte[] bytes, String name) throws Exception {
    ImageCheck.Decoded d = ImageCheck.decode(bytes);
    assertThat(ImageCheck.md5(bytes)).as(name).isEqualTo(fact.get("file_md5").asText());
    assertThat(d.format()).as(name).isEqualTo(fact.get("format").asText());
    assertThat(d.width()).as(name).isEqualTo(fact.get("width").asInt());
    assertThat(d.height()).as(name).isEqualTo(fact.get("height").asInt());
    assertThat(d.channels()).as(name).isEqualTo(3);
    byte[] rgb = d.rgb();
    double[] mean = new double[3];
    for (int i = 0; i < rgb.length; i++) {
      mean[i % 3] += rgb[i] & 0xff;
    }
    int pixels = d.width() * d.height();
    for (int c = 0; c < 3; c++) {
      assertThat(mean[c] / pixels)
          .as(name + " mean channel " + c)
          .isCloseTo(fact.get("mean_rgb").get(c).asDouble(), Offset.offset(2.0));
    }
    int[] at00 = pixel(rgb, d.width(), 0, 0);
    int[] center = pixel(rgb, d.width(), d.width() / 2, d.height() / 2);
    for (int c = 0; c < 3; c++) {
      assertThat(at00[c])
          .as(name + " pixel (0,0) " + c)
          .isCloseTo(fact.get("pixel_rgb_at_0_0").get(c).asInt(), Offset.offset(2));
      assertThat(center[c])
          .as(name + " centre pixel " + c)
          .isCloseTo(fact.get("pixel_rgb_at_center").get(c).asInt(), Offset.offset(2));
    }
  }

  private static int[] pixel(byte[] rgb, int w, int x, int y) {
    int o = 3 * (y * w + x);
    return new int[] {rgb[o] & 0xff, rgb[o + 1] & 0xff, rgb[o + 2] & 0xff};
  }

  @Test
  void refusesTruncatedCorruptAndNonImageFiles() throws Exception {
    byte[] jpeg = resource("/voc/voc2007_mini/JPEGImages/000001.jpg");
    assertThatThrownBy(() -> ImageCheck.decode(Arrays.copyOf(jpeg, 6000)))
        .isInstanceOfSatisfying(
            ImageCheck.BadImage.class,
            e -> assertThat(e.problem()).isEqualTo(ImageCheck.Problem.TRUNCATED_IMAGE))
        .hasMessageContaining("EOI");
    byte[] baseline = resource("/voc/det_cartucho/images/2007_000027.jpg");
    assertThatThrownBy(() -> ImageCheck.decode(Arrays.copyOf(baseline, baseline.length / 2)))
        .isInstanceOfSatisfying(
            ImageCheck.BadImage.class,
            e -> assertThat(e.problem()).isEqualTo(ImageCheck.Problem.TRUNCATED_IMAGE));
    assertThatThrownBy(
            () -> ImageCheck.decode("<html>not found</html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ImageCheck.BadImage.class,
            e -> assertThat(e.problem()).isEqualTo(ImageCheck.Problem.NOT_AN_IMAGE))
        .hasMessageContaining("3c68746d");
    assertThatThrownBy(() -> ImageCheck.decode(new byte[0]))
        .isInstanceOfSatisfying(
            ImageCheck.BadImage.class,
            e -> assertThat(e.problem()).isEqualTo(ImageCheck.Problem.NOT_AN_IMAGE))
        .hasMessageContaining("empty");
    // A JPEG header followed by garbage: recognised, then refused by the decoder.
    byte[] garbage = Arrays.copyOf(jpeg, 4000);
    Arrays.fill(garbage, 600, garbage.length, (byte) 0x5a);
    assertThatThrownBy(() -> ImageCheck.decode(garbage)).isInstanceOf(ImageCheck.BadImage.class);
  }

  @Test
  void pngIndexImagesDecodeToo() throws Exception {
    ImageCheck.Decoded d = ImageCheck.decode(resource("/voc/seg_deeplab/1_image.png"));
    assertThat(d.format()).isEqualTo("PNG");
    assertThat(d.width()).isEqualTo(513);
    assertThat(d.height()).isEqualTo(513);
  }
}
