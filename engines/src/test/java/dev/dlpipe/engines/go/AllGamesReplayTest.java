package dev.dlpipe.engines.go;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every game record replays without an illegal move: the bundled ones (sample-data/go), and all
 * 1,901 of ../shared/data/go/sgf where that folder exists (CI has it beside the clone; a bare clone
 * does not).
 */
class AllGamesReplayTest {
  private static Path root() {
    String r = System.getProperty("dlpipe.project.root");
    return r != null ? Paths.get(r) : Paths.get("..").toAbsolutePath().normalize();
  }

  private static List<Path> games(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".sgf")).sorted().toList();
    }
  }

  private static int replayAll(List<Path> files) throws IOException {
    List<String> failures = new ArrayList<>();
    int moves = 0;
    for (Path f : files) {
      try {
        String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        moves +=
            Sgf.replay(Sgf.read(text, f.toString()), f.toString(), false, false).moves().size();
      } catch (Sgf.SgfException e) {
        failures.add(e.getMessage());
      }
    }
    assertThat(failures).isEmpty();
    return moves;
  }

  @Test
  void everyBundledGameReplays() throws IOException {
    List<Path> files = games(root().resolve("sample-data/go/sgf"));
    assertThat(files).hasSize(121);
    assertThat(replayAll(files)).isPositive();
  }

  @Test
  void everySharedGameReplays() throws IOException {
    Path shared = root().resolve("../shared/data/go/sgf").normalize();
    Assumptions.assumeTrue(Files.isDirectory(shared), "no " + shared + " beside this clone");
    List<Path> files = games(shared);
    assertThat(files).hasSize(1901);
    assertThat(replayAll(files)).isGreaterThan(300_000);
  }
}
