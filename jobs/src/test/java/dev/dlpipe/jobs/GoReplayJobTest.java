package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoReplayJobTest {
  @TempDir Path tmp;
  private static final Path GO = JobTesting.projectRoot().resolve("sample-data/go");

  @Test
  void printsOneJsonLinePerGameMatchingGnuGo() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode want = null;
    for (String l : Files.readAllLines(GO.resolve("expected.jsonl"))) {
      JsonNode r = json.readTree(l);
      if (r.get("sgf").asText().contains("alphago/")) {
        want = r;
        break;
      }
    }
    assertThat(want).isNotNull();
    String sgf = GO.resolve(want.get("sgf").asText()).toString();

    JobTesting.Result r = JobTesting.cli("go-replay", "--input", sgf);
    assertThat(r.status()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode got = json.readTree(lines.get(0));
    assertThat(got.get("sgf").asText()).isEqualTo(sgf);
    assertThat(got.get("captures_black").asInt()).isEqualTo(want.get("captures_black").asInt());
    assertThat(got.get("captures_white").asInt()).isEqualTo(want.get("captures_white").asInt());
    assertThat(vertices(got.get("black")))
        .isEqualTo(
            new TreeSet<>(
                Arrays.asList(want.get("list_stones_black").asText().trim().split("\\s+"))));
    assertThat(got.get("error").isNull()).isTrue();
    assertThat(got.get("tromp_taylor").isNumber()).isTrue();
  }

  @Test
  void aBrokenRecordGivesAnErrorLineAndExitStatusOne() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("games"));
    Files.writeString(dir.resolve("a-good.sgf"), "(;SZ[9]KM[7];B[ee];W[cc])");
    Files.writeString(dir.resolve("b-bad.sgf"), "(;SZ[9];B[ee];W[ee])");
    JobTesting.Result r = JobTesting.cli("go-replay", "--input", dir.toString());
    assertThat(r.status()).isEqualTo(1);
    List<JsonNode> lines = new ArrayList<>();
    for (String l : r.out().lines().toList()) {
      lines.add(new ObjectMapper().readTree(l));
    }
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("error").isNull()).isTrue();
    // One stone each; the one empty region touches both colours: 1 - 1 - komi 7.
    assertThat(lines.get(0).get("tromp_taylor").asDouble()).isEqualTo(-7.0);
    assertThat(lines.get(1).get("error").asText())
        .endsWith("b-bad.sgf: move 2 W[ee] (E5) is illegal: point is occupied");
  }

  private static TreeSet<String> vertices(JsonNode array) {
    TreeSet<String> out = new TreeSet<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
