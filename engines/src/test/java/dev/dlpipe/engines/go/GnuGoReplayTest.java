package dev.dlpipe.engines.go;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record of sample-data/go/expected.jsonl: replaying the SGF gives GNU Go 3.8's prisoner
 * counts and final stone lists (Tygem 9-dan, AlphaGo and GNU Go regression games, 19x19 and 9x9,
 * handicap).
 */
class GnuGoReplayTest {
  static Stream<JsonNode> records() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = GnuGoReplayTest.class.getResourceAsStream("/go/expected.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          out.add(json.readTree(line));
        }
      }
    }
    return out.stream();
  }

  static String text(String path) throws IOException {
    try (InputStream in = GnuGoReplayTest.class.getResourceAsStream("/go/" + path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static TreeSet<String> stones(Board b, byte c) {
    TreeSet<String> out = new TreeSet<>();
    for (int p = 0; p < b.cells(); p++) {
      if (b.color(p) == c) {
        out.add(Vertex.gtp(b, p));
      }
    }
    return out;
  }

  static TreeSet<String> set(String gtpList) {
    return new TreeSet<>(
        Arrays.asList(gtpList.trim().isEmpty() ? new String[0] : gtpList.trim().split("\\s+")));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("records")
  void replayEqualsGnuGo(JsonNode want) throws IOException {
    String path = want.get("sgf").asText();
    Game g = Sgf.replay(Sgf.read(text(path), path), path, false, false);
    Board b = g.board();
    assertThat(b.captures(Board.BLACK))
        .as("captures black")
        .isEqualTo(want.get("captures_black").asInt());
    assertThat(b.captures(Board.WHITE))
        .as("captures white")
        .isEqualTo(want.get("captures_white").asInt());
    assertThat(stones(b, Board.BLACK))
        .as("black stones")
        .isEqualTo(set(want.get("list_stones_black").asText()));
    assertThat(stones(b, Board.WHITE))
        .as("white stones")
        .isEqualTo(set(want.get("list_stones_white").asText()));
    assertThat(b.size()).isEqualTo(want.get("query_boardsize").asInt());
    assertThat(g.komi()).isEqualTo(Double.parseDouble(want.get("get_komi").asText().trim()));
    assertThat(g.toMove())
        .isEqualTo(want.get("loadsgf").asText().equals("black") ? Board.BLACK : Board.WHITE);
  }
}
