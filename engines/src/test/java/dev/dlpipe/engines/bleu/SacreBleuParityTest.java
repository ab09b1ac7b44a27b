package dev.dlpipe.engines.bleu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlpipe.engines.bleu.Bleu.Options;
import dev.dlpipe.engines.bleu.Bleu.Smoothing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every number sacreBLEU 2.6.0 printed for 4 WMT17 en-de systems (test resources bleu/, see
 * SOURCE.md): scores, n-gram counts, totals, precisions, brevity penalty, lengths, signatures and
 * the formatted line, for the 13a, none, intl and char tokenizers and lower-cased 13a; and sentence
 * BLEU of the first 10 lines with exp, floor and no smoothing.
 */
class SacreBleuParityTest {
  /**
   * 59 of the 60 cases are bit-identical; one sentence score differs in the last bit (6e-16), from
   * Java's Math.exp/log against the C library's that CPython calls. (StrictMath is further off.)
   */
  private static final double EPSILON = 1e-12;

  private static final List<String> SYSTEMS =
      List.of(
          "newstest2017.KIT.4950.en-de",
          "newstest2017.PROMT-Rule-based.4735.en-de",
          "newstest2017.online-B.0.en-de",
          "newstest2017.uedin-nmt.4722.en-de");
  private static final JsonNode EXPECTED = load();

  private static JsonNode load() {
    try (InputStream in = resource("expected.json")) {
      return new ObjectMapper().readTree(in).get("sacrebleu").get("systems");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputStream resource(String name) {
    return SacreBleuParityTest.class.getResourceAsStream("/bleu/" + name);
  }

  /** Lines as sacreBLEU reads them: split at '\n' only, final newline not making an extra line. */
  static List<String> lines(String name) {
    try (InputStream in = resource(name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
      if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
        out.remove(out.size() - 1);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> corpusCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String system : SYSTEMS) {
      cases.add(Arguments.of(system, "bleu_13a", Options.corpus()));
      cases.add(
          Arguments.of(system, "bleu_none", Options.corpus().withTokenizer(BleuTokenizer.NONE)));
      cases.add(
          Arguments.of(system, "bleu_intl", Options.corpus().withTokenizer(BleuTokenizer.INTL)));
      cases.add(
          Arguments.of(system, "bleu_char", Options.corpus().withTokenizer(BleuTokenizer.CHAR)));
      cases.add(Arguments.of(system, "bleu_13a_lowercase", Options.corpus().withLowercase(true)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("corpusCases")
  void corpusBleuEqualsSacreBleu(String system, String key, Options options) {
    JsonNode want = EXPECTED.get(system).get(key);
    BleuScore got =
        new Bleu(options)
            .corpus(lines(system + ".txt"), List.of(lines("newstest2017-ende-ref.de")));

    assertThat(got.sysLen()).isEqualTo(want.get("sys_len").asLong());
    assertThat(got.refLen()).isEqualTo(want.get("ref_len").asLong());
    for (int n = 0; n < 4; n++) {
      assertThat(got.counts()[n])
          .as("counts[%d]", n)
          .isEqualTo(want.get("counts").get(n).asDouble());
      assertThat(got.totals()[n])
          .as("totals[%d]", n)
          .isEqualTo(want.get("totals").get(n).asDouble());
      assertThat(got.precisions()[n])
          .as("precisions[%d]", n)
          .isCloseTo(
              want.get("precisions").get(n).asDouble(),
              org.assertj.core.data.Offset.offset(EPSILON));
    }
    assertThat(got.bp())
        .isCloseTo(want.get("bp").asDouble(), org.assertj.core.data.Offset.offset(EPSILON));
    assertThat(got.score())
        .isCloseTo(want.get("score").asDouble(), org.assertj.core.data.Offset.offset(EPSILON));
    assertThat(got.signature()).isEqualTo(want.get("signature").asText());
    assertThat(got.format(2, false)).isEqualTo(want.get("formatted").asText());
  }

  static Stream<Arguments> sentenceCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String system : SYSTEMS) {
      for (JsonNode line : EXPECTED.get(system).get("sentence_bleu_first10")) {
        cases.add(Arguments.of(system, line.get("line").asInt(), line));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} line {1}")
  @MethodSource("sentenceCases")
  void sentenceBleuEqualsSacreBleu(String system, int lineNo, JsonNode want) {
    String hyp = want.get("hyp").asText();
    List<String> ref = List.of(want.get("ref").asText());
    assertThat(hyp).isEqualTo(lines(system + ".txt").get(lineNo - 1));

    assertThat(new Bleu(Options.sentence()).sentence(hyp, ref).score())
        .isCloseTo(want.get("score").asDouble(), org.assertj.core.data.Offset.offset(EPSILON));
    assertThat(
            new Bleu(Options.sentence().withSmoothing(Smoothing.FLOOR, 0.1))
                .sentence(hyp, ref)
                .score())
        .isCloseTo(
            want.get("score_smooth_floor0.1").asDouble(),
            org.assertj.core.data.Offset.offset(EPSILON));
    assertThat(
            new Bleu(Options.sentence().withSmoothing(Smoothing.NONE, null))
                .sentence(hyp, ref)
                .score())
        .isCloseTo(
            want.get("score_no_smoothing").asDouble(),
            org.assertj.core.data.Offset.offset(EPSILON));
  }
}
