package dev.dlpipe.engines.go;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A whole 9x9 game against GNU Go level 1 over GTP (small search budget: this checks the plumbing,
 * not strength; the win rate is measured with {@code bin/dlpipe go-match}). .ci/run installs GNU
 * Go.
 */
class GnuGoMatchTest {
  static final String GNUGO = "/usr/games/gnugo";

  @Test
  void playsAWholeGameAgainstGnuGoOverGtp() {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of(GNUGO)), "GNU Go is not installed (apt-get install gnugo)");
    try (GtpEngine gnugo = GtpEngine.gnugo(GNUGO, 1, 9, 7, 1)) {
      assertThat(gnugo.send("name")).isEqualTo("GNU Go");
      for (byte ours : new byte[] {Board.BLACK, Board.WHITE}) {
        GoMatch.Outcome o =
            GoMatch.play(
                9,
                7,
                ours,
                () -> new Mcts(new RandomRolloutFn(3), Mcts.Config.play(200, 3).withCPuct(1.0)),
                gnugo,
                200);
        assertThat(o.moves()).isGreaterThan(10);
        assertThat(o.score()).matches("[BW]\\+.*|0");
      }
    }
  }
}
