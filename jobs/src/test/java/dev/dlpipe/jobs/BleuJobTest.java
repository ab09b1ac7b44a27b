package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/dlpipe bleu} on the WMT17 sample against sacreBLEU 2.6.0's numbers, and its errors.
 */
class BleuJobTest {
  @TempDir Path tmp;
  private static final Path WMT = JobTesting.projectRoot().resolve("sample-data/wmt17_en_de");

  private JobTesting.Result bleu(String... args) {
    return JobTesting.job(tmp.resolve("warehouse").toUri().toString(), "bleu", args);
  }

  @Test
  void printsSacreBleusLineAndJsonAndWritesTheMetricRow() throws IOException {
    JsonNode expected =
        new ObjectMapper()
            .readTree(WMT.resolve("expected.json").toFile())
            .get("sacrebleu")
            .get("systems");
    String system = "newstest2017.online-B.0.en-de";
    String ref = WMT.resolve("newstest2017-ende-ref.de").toString();

    JobTesting.Result text =
        bleu("--hyp", WMT.resolve(system + ".txt").toString(), "--ref", ref, "--run-id", "b1");
    assertThat(text.status()).as(text.err()).isZero();
    JsonNode want13a = expected.get(system).get("bleu_13a");
    assertThat(text.out())
        .contains(
            "BLEU|"
                + want13a.get("signature").asText()
                + " = "
                + want13a.get("formatted").asText().substring("BLEU = ".length()));

    JobTesting.Result json =
        bleu(
            "--hyp",
            WMT.resolve(system + ".txt").toString(),
            "--ref",
            ref,
            "--tokenize",
            "intl",
            "--json",
            "--run-id",
            "b2");
    assertThat(json.status()).as(json.err()).isZero();
    String jsonText =
        json.out().substring(json.out().indexOf('{'), json.out().lastIndexOf('}') + 1);
    JsonNode got = new ObjectMapper().readTree(jsonText);
    JsonNode want = expected.get(system).get("bleu_intl");
    assertThat(got.get("exact_score").asDouble())
        .isCloseTo(want.get("score").asDouble(), Offset.offset(1e-12));
    assertThat(got.get("score").asDouble()).isEqualTo(26.77);
    assertThat(got.get("counts")).isEqualTo(want.get("counts"));
    assertThat(got.get("totals")).isEqualTo(want.get("totals"));
    assertThat(got.get("sys_len")).isEqualTo(want.get("sys_len"));
    assertThat(got.get("ref_len")).isEqualTo(want.get("ref_len"));
    assertThat(got.get("signature").asText()).isEqualTo(want.get("signature").asText());
    assertThat(got.get("tok").asText()).isEqualTo("intl");

    JobTesting.withWarehouse(
        tmp.resolve("warehouse").toUri().toString(),
        spark -> {
          var row =
              spark
                  .sql(
                      "SELECT score, signature, segments, correct FROM dlpipe.metrics.bleu WHERE run_id = 'b1'")
                  .first();
          assertThat(row.getDouble(0))
              .isCloseTo(want13a.get("score").asDouble(), Offset.offset(1e-12));
          assertThat(row.getString(1)).isEqualTo(want13a.get("signature").asText());
          assertThat(row.getLong(2)).isEqualTo(3004);
          assertThat(row.<Long>getList(3)).containsExactly(36838L, 19402L, 11447L, 7012L);
          return null;
        });
  }

  @Test
  void mismatchedLineCountsAndEmptyReferencesAreClearErrors() throws IOException {
    Path hyp = tmp.resolve("hyp.txt");
    Path ref = tmp.resolve("ref.txt");
    Files.write(hyp, List.of("a b c", "d e f", "g"));
    Files.write(ref, List.of("a b c", "d e f"));
    JobTesting.Result r = bleu("--hyp", hyp.toString(), "--ref", ref.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .contains("error: system and reference streams have different lengths")
        .contains("has 3 lines but")
        .contains("has 2");

    Files.write(ref, List.of("a b c", "  ", "g"));
    JobTesting.Result empty = bleu("--hyp", hyp.toString(), "--ref", ref.toString());
    assertThat(empty.status()).isEqualTo(1);
    assertThat(empty.err()).contains("error: empty reference at line 2");

    JobTesting.Result badTok =
        bleu("--hyp", hyp.toString(), "--ref", ref.toString(), "--tokenize", "zh");
    assertThat(badTok.status()).isEqualTo(1);
    assertThat(badTok.err()).contains("unknown BLEU tokenizer 'zh'");
  }
}
