package dev.dlpipe.engines.detection.voc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlpipe.engines.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DetectionFile} and {@link ImageSet}. */
class VocTextFilesTest {
  @TempDir Path tmp;

  @Test
  void readsDetectionsWithTheirLineIndexAsSequence() throws IOException {
    Path f = tmp.resolve("cat.txt");
    Files.writeString(f, "img1 0.9 1 2 3 4\n\nimg2  0.5\t10.5 20 30 40  \n");
    assertThat(DetectionFile.read(f))
        .containsExactly(
            new Detection("img1", 0.9, new VocBox(1, 2, 3, 4), 0),
            new Detection("img2", 0.5, new VocBox(10.5, 20, 30, 40), 2));
  }

  @Test
  void badDetectionLinesNameFileAndLine() throws IOException {
    Path f = tmp.resolve("cat.txt");
    Files.writeString(f, "img1 0.9 1 2 3 4\nimg2 0.9 1 2 3\n");
    assertThatThrownBy(() -> DetectionFile.read(f))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "bad detection at "
                + f
                + ":2: the line has 5 fields, not 6. Fix: write one detection per line as"
                + " 'image_id score xmin ymin xmax ymax'");
    Files.writeString(f, "img1 nan 1 2 3 4\n");
    assertThatThrownBy(() -> DetectionFile.read(f))
        .hasMessageContaining("field 2 \"nan\" is not a number");
    Files.writeString(f, "img1 Infinity 1 2 3 4\n");
    assertThatThrownBy(() -> DetectionFile.read(f)).hasMessageContaining("is not finite");
  }

  @Test
  void readsADirectoryByClassName() throws IOException {
    Files.writeString(tmp.resolve("dog.txt"), "img1 0.9 1 2 3 4\n");
    Files.writeString(tmp.resolve("cat.txt"), "");
    Files.writeString(tmp.resolve("README.md"), "not a detection file");
    assertThat(DetectionFile.readDirectory(tmp)).containsOnlyKeys("cat", "dog");
  }

  @Test
  void readsImageSetsAndRefusesClassSpecificOnesAndDuplicates() throws IOException {
    Path f = tmp.resolve("test.txt");
    Files.writeString(f, " 2007_000001 \n\n2007_000002\n");
    assertThat(ImageSet.read(f)).isEqualTo(List.of("2007_000001", "2007_000002"));
    Files.writeString(f, "2007_000001  1\n");
    assertThatThrownBy(() -> ImageSet.read(f))
        .isInstanceOf(UserError.class)
        .hasMessageContaining(f + ":1")
        .hasMessageContaining("class-specific image set");
    Files.writeString(f, "a\nb\na\n");
    assertThatThrownBy(() -> ImageSet.read(f))
        .hasMessageStartingWith("duplicate image id a at " + f + ":3");
  }
}
