package dev.dlpipe.jobs;

import dev.dlpipe.engines.bleu.Bleu;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.text.ScoreBleu;
import dev.dlpipe.pipelines.text.Translate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code translate}: a test set through a seq2seq model, optionally scored with BLEU. */
@Command(
    name = "translate",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Translate a text file with a seq2seq model (beam search).",
      "",
      "Writes the hypotheses file (line n translates input line n) and dlpipe.text.translations. With"
          + " --ref, also scores the hypotheses exactly as bleu does (sacreBLEU 13a) into"
          + " dlpipe.metrics.bleu.",
      ""
    })
public final class TranslateJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "NAME|URI",
      description = "Model name (its newest run in dlpipe.ml.models) or a model.zip URI.")
  String model;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "Source text.")
  String input;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "Hypotheses file to write (any Hadoop URI; replaced).")
  String output;

  @Option(
      names = "--beam",
      defaultValue = "5",
      paramLabel = "N",
      description = "Beam size; 1 = greedy. Default: ${DEFAULT-VALUE}.")
  int beam;

  @Option(
      names = "--max-length",
      defaultValue = "80",
      paramLabel = "N",
      description = "Most output tokens per sentence. Default: ${DEFAULT-VALUE}.")
  int maxLength;

  @Option(
      names = "--length-penalty",
      defaultValue = "1.0",
      paramLabel = "A",
      description = "GNMT length penalty exponent; 0 = none. Default: ${DEFAULT-VALUE}.")
  double lengthPenalty;

  @Option(
      names = "--batch",
      defaultValue = "64",
      paramLabel = "N",
      description = "Sentences decoded together. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(
      names = "--ref",
      paramLabel = "FILE",
      description = "Reference translations: score the output with BLEU (repeatable).")
  List<String> refs;

  @Override
  public Integer call() {
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          Translate.Result r =
              Translate.run(
                  warehouse,
                  new Translate.Spec(
                      model, input, output, beam, maxLength, lengthPenalty, Math.max(1, batch)),
                  run);
          String bleu = "";
          if (refs != null && !refs.isEmpty()) {
            ScoreBleu.Result s =
                ScoreBleu.run(
                    warehouse, new ScoreBleu.Spec(output, refs, Bleu.Options.corpus()), run);
            System.out.println(s.score().format(1, true));
            bleu = String.format(Locale.ROOT, "; BLEU %.2f", s.score().score());
          }
          return new JobRunner.Outcome(
              new RowCounts(r.lines(), r.lines(), 0),
              String.format(
                  Locale.ROOT,
                  "%,d lines (%,d empty, %,d unknown source tokens) in %.1f s with %s%s",
                  r.lines(),
                  r.emptyLines(),
                  r.unknownTokens(),
                  r.seconds(),
                  r.modelUri(),
                  bleu));
        });
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.TranslateJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new TranslateJob(), args));
  }
}
