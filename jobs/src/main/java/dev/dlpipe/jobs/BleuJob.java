package dev.dlpipe.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.engines.bleu.Bleu;
import dev.dlpipe.engines.bleu.BleuScore;
import dev.dlpipe.engines.bleu.BleuTokenizer;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.text.ScoreBleu;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bleu}: corpus BLEU identical to sacreBLEU 2.x, printed with its signature. */
@Command(
    name = "bleu",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "BLEU of a translation, exactly as sacreBLEU 2.x gives it.",
      "",
      "Prints sacreBLEU's line (BLEU|<signature> = score precisions (BP ratio hyp_len ref_len)) and"
          + " writes the score, its statistics and signature to dlpipe.metrics.bleu. Files are read as"
          + " sacreBLEU reads them (UTF-8, lines split at \\n, trailing white space removed; .gz"
          + " decompressed). Line-count mismatches and segments whose references are all empty are errors.",
      ""
    })
public final class BleuJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--hyp",
      required = true,
      paramLabel = "FILE",
      description = "System output, one segment a line.")
  String hypothesis;

  @Option(
      names = "--ref",
      required = true,
      paramLabel = "FILE",
      description = "Reference file, line-aligned with --hyp; repeat for several references.")
  List<String> references;

  @Option(
      names = "--tokenize",
      defaultValue = "13a",
      paramLabel = "TOK",
      description =
          "13a (mteval-v13a, the default), intl (mteval-v14 international), char or none.")
  String tokenize;

  @Option(names = "--lowercase", description = "Case-insensitive BLEU.")
  boolean lowercase;

  @Option(
      names = "--smooth-method",
      defaultValue = "exp",
      paramLabel = "M",
      description = "exp (default), floor, add-k or none.")
  String smoothMethod;

  @Option(
      names = "--smooth-value",
      paramLabel = "X",
      description = "Value for floor (default 0.1) or add-k (default 1).")
  Double smoothValue;

  @Option(
      names = "--width",
      defaultValue = "2",
      paramLabel = "N",
      description = "Decimals of the printed score. Default: ${DEFAULT-VALUE}.")
  int width;

  @Option(
      names = "--sentence-level",
      description =
          "Also print sentence BLEU of every line (effective order on, as sacreBLEU does).")
  boolean sentenceLevel;

  @Option(
      names = "--json",
      description =
          "Print JSON: score, counts, totals, precisions, bp, sys_len, ref_len, ratio, signature.")
  boolean json;

  @Override
  public Integer call() {
    Bleu.Options options;
    try {
      options =
          new Bleu.Options(
              BleuTokenizer.named(tokenize),
              lowercase,
              Bleu.Smoothing.named(smoothMethod),
              smoothValue,
              false,
              4);
    } catch (IllegalArgumentException e) {
      throw dev.dlpipe.engines.UserError.of(
          "invalid BLEU option", e.getMessage(), "see `bin/dlpipe bleu --help`");
    }
    ScoreBleu.Spec what = new ScoreBleu.Spec(hypothesis, references, options);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          ScoreBleu.Result r = ScoreBleu.run(warehouse, what, run);
          if (sentenceLevel) {
            printSentences(warehouse, what, options);
          }
          System.out.println(json ? toJson(r.score()) : r.score().format(width, true));
          return new JobRunner.Outcome(
              new RowCounts(r.segments(), r.segments(), 0),
              String.format(
                  "%,d segments scored, row written to %s", r.segments(), ScoreBleu.TABLE));
        });
  }

  private void printSentences(
      dev.dlpipe.pipelines.tables.Warehouse warehouse, ScoreBleu.Spec what, Bleu.Options options) {
    Bleu sentence = new Bleu(options.withEffectiveOrder(true));
    List<List<String>> streams =
        ScoreBleu.readAligned(warehouse.spark().sparkContext().hadoopConfiguration(), what);
    for (int i = 0; i < streams.get(0).size(); i++) {
      List<String> refs = new java.util.ArrayList<>();
      for (int r = 1; r < streams.size(); r++) {
        refs.add(streams.get(r).get(i));
      }
      System.out.println(sentence.sentence(streams.get(0).get(i), refs).format(width, true));
    }
  }

  /**
   * sacreBLEU's JSON keys (score rounded to --width, as sacreBLEU prints it) plus the full
   * statistics.
   */
  String toJson(BleuScore s) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode node = mapper.createObjectNode();
    node.put("name", "BLEU");
    node.put("score", Double.parseDouble(BleuScore.fixed(s.score(), width)));
    node.put("signature", s.signature());
    node.put("verbose_score", s.verbose());
    for (String kv : s.signature().split("\\|")) {
      String[] p = kv.split(":", 2);
      node.put(p[0], p[1]);
    }
    node.put("exact_score", s.score());
    var counts = node.putArray("counts");
    var totals = node.putArray("totals");
    var precisions = node.putArray("precisions");
    for (int i = 0; i < s.counts().length; i++) {
      counts.add(asNumber(s.counts()[i]));
      totals.add(asNumber(s.totals()[i]));
      precisions.add(s.precisions()[i]);
    }
    node.put("bp", s.bp());
    node.put("sys_len", s.sysLen());
    node.put("ref_len", s.refLen());
    node.put("ratio", s.ratio());
    return JsonOutput.pretty(node);
  }

  private static com.fasterxml.jackson.databind.JsonNode asNumber(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? com.fasterxml.jackson.databind.node.LongNode.valueOf((long) v)
        : com.fasterxml.jackson.databind.node.DoubleNode.valueOf(v);
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.BleuJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new BleuJob(), args));
  }
}
