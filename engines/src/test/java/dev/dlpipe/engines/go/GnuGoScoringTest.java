package dev.dlpipe.engines.go;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Area scoring of a seki checked against GNU Go: the position of {@link BoardTest#SEKI} is set up
 * in GNU Go (Chinese rules, komi 7), which must call the two inner chains seki, nothing dead, and
 * give the same score as dlpipe's Tromp-Taylor count. Skipped where GNU Go is not installed.
 */
class GnuGoScoringTest {
  @Test
  void sekiScoreEqualsGnuGosFinalScore() {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of(GnuGoMatchTest.GNUGO)),
        "GNU Go is not installed (apt-get install gnugo)");
    Game g = BoardTest.position(BoardTest.SEKI, false, false);
    Board b = g.board();
    double komi = 7;
    try (GtpEngine gnugo = GtpEngine.gnugo(GnuGoMatchTest.GNUGO, 1, b.size(), komi, 1)) {
      gnugo.send("clear_board");
      for (int p = 0; p < b.cells(); p++) {
        byte c = b.color(p);
        if (c == Board.BLACK || c == Board.WHITE) {
          gnugo.send("play " + (c == Board.BLACK ? "black " : "white ") + Vertex.gtp(b, p));
        }
      }
      assertThat(GnuGoReplayTest.set(gnugo.send("final_status_list seki")))
          .isEqualTo(new TreeSet<>(java.util.List.of("C7", "C6", "C5", "D5", "E7", "E6", "E5")));
      assertThat(gnugo.send("final_status_list dead")).isEmpty();
      double ours = b.areaScore() - komi;
      String want = ours > 0 ? "B+" + ours : ours < 0 ? "W+" + (-ours) : "0";
      assertThat(gnugo.send("final_score")).isEqualTo(want);
    }
  }
}
