package dev.dlpipe.engines.go;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SgfTest {
  @Test
  void readsTheMainLineAndIgnoresVariations() {
    Sgf.Record r =
        Sgf.read(
            "(;GM[1]SZ[9]KM[7]PB[Black]PW[White];B[ee](;W[cc];B[gg](;W[ff])(;W[gc]))(;W[dd]))",
            "t");
    assertThat(r.nodes()).hasSize(5);
    Game g = Sgf.replay(r, "t", false, false);
    assertThat(g.moves())
        .extracting(p -> Vertex.gtp(g.board(), p))
        .containsExactly("E5", "C7", "G3", "F4");
    assertThat(g.komi()).isEqualTo(7.0);
  }

  @Test
  void textEscapesSoftBreaksAndPasses() {
    Sgf.Record r = Sgf.read("(;SZ[19]C[a \\] b \\\\ c\\\nd]PB[x];B[];W[tt];B[aa])", "t");
    assertThat(r.root().first("C")).isEqualTo("a ] b \\ cd");
    Game g = Sgf.replay(r, "t", false, false);
    assertThat(g.moves()).containsExactly(Board.PASS, Board.PASS, g.board().point(0, 0));
  }

  @Test
  void handicapSetupStonesAndWhiteToMove() {
    Game g = Sgf.replay(Sgf.read("(;SZ[9]HA[2]AB[cc][gg]AW[ee:ef];W[dd])", "t"), "t", false, false);
    assertThat(g.board().toString().chars().filter(c -> c == 'X').count()).isEqualTo(2);
    assertThat(g.board().toString().chars().filter(c -> c == 'O').count()).isEqualTo(3);
    assertThat(g.toMove()).isEqualTo(Board.BLACK);
  }

  @Test
  void badRecordsNameTheFileAndMove() {
    assertThatThrownBy(
            () ->
                Sgf.replay(Sgf.read("(;SZ[9];B[ee];W[ee])", "game.sgf"), "game.sgf", false, false))
        .isInstanceOf(Sgf.SgfException.class)
        .hasMessage("game.sgf: move 2 W[ee] (E5) is illegal: point is occupied")
        .extracting(e -> ((Sgf.SgfException) e).moveNumber())
        .isEqualTo(2);
    assertThatThrownBy(() -> Sgf.replay(Sgf.read("(;SZ[9];B[ee];W[zz])", "g"), "g", false, false))
        .hasMessage("g: move 2 [zz] is off the 9x9 board");
    assertThatThrownBy(() -> Sgf.read("(;SZ[9];B[ee", "g"))
        .hasMessage("g: unterminated value of property B");
    assertThatThrownBy(() -> Sgf.read("(;SZ[9];B[ee]", "g"))
        .hasMessage("g: unterminated game tree (missing ')')");
    assertThatThrownBy(() -> Sgf.read("garbage", "g")).hasMessageContaining("no game tree");
  }

  @Test
  void absurdNestingIsAnErrorNotAStackOverflow() {
    String deep = "(;SZ[9]" + "(;B[aa]".repeat(200_000) + ")".repeat(200_001);
    assertThatThrownBy(() -> Sgf.read(deep, "deep.sgf"))
        .isInstanceOf(Sgf.SgfException.class)
        .hasMessage("deep.sgf: variations nested deeper than 10000 levels");
    String ok = "(;SZ[9]" + "(;B[aa];W[bb]".repeat(1) + ")".repeat(2);
    assertThat(Sgf.read(ok, "g").nodes()).hasSize(3);
  }

  @Test
  void writesWhatItReads() {
    Game g = Sgf.replay(Sgf.read("(;SZ[9]KM[6.5];B[ee];W[cc];B[];W[gg])", "t"), "t", false, false);
    String out = Sgf.write(g, Map.of("PB", "dlpipe [test]"));
    assertThat(out).contains("PB[dlpipe [test\\]]").contains(";B[]");
    Game again = Sgf.replay(Sgf.read(out, "out"), "out", false, false);
    assertThat(again.moves()).isEqualTo(g.moves());
    assertThat(again.komi()).isEqualTo(6.5);
  }
}
