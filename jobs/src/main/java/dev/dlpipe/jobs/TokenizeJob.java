package dev.dlpipe.jobs;

import dev.dlpipe.pipelines.text.TokenizeCorpus;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tokenize}: text files into documents, token ids and a vocabulary for one corpus. */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Tokenize text into documents, token ids and a vocabulary.",
      "",
      "Reads every line of the inputs (any Hadoop filesystem; .gz/.bz2 decompressed), splits it at Unicode"
          + " word boundaries (UAX #29; punctuation kept as tokens) and writes dlpipe.text.documents,"
          + " dlpipe.text.tokens and dlpipe.text.vocabulary for the corpus, replacing its previous contents."
          + " Vocabulary ids: <pad>=0, <unk>=1, <s>=2, </s>=3, then by count descending, ties by token."
          + " Lines that are not valid UTF-8 go to dlpipe.ops.rejects with file and line number.",
      ""
    })
public final class TokenizeJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      arity = "1..*",
      paramLabel = "PATH",
      description = "Input files, directories (read recursively) or globs; repeatable.")
  List<String> inputs;

  @Option(
      names = "--corpus",
      required = true,
      paramLabel = "NAME",
      description =
          "Corpus name (letters, digits, . _ -). A run replaces this corpus in every text table.")
  String corpus;

  @Option(names = "--lowercase", description = "Lower-case tokens (root locale).")
  boolean lowercase;

  @Option(
      names = "--vocab-size",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Most vocabulary entries, the 4 specials included; 0 = no limit. Default: ${DEFAULT-VALUE}.")
  int vocabSize;

  @Option(
      names = "--min-count",
      defaultValue = "1",
      paramLabel = "N",
      description = "Tokens seen fewer times map to <unk>. Default: ${DEFAULT-VALUE}.")
  long minCount;

  @Override
  public Integer call() {
    TokenizeCorpus.Spec what =
        new TokenizeCorpus.Spec(inputs, corpus, lowercase, vocabSize, minCount);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          TokenizeCorpus.Result r = TokenizeCorpus.run(warehouse, what, run);
          return new JobRunner.Outcome(
              r.counts(),
              String.format(
                  "corpus %s: %,d files, %,d documents, %,d lines rejected, %,d tokens (%,d <unk>),"
                      + " vocabulary %,d",
                  corpus,
                  r.files(),
                  r.counts().written(),
                  r.counts().rejected(),
                  r.tokens(),
                  r.unknownTokens(),
                  r.vocabularySize()));
        });
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.TokenizeJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new TokenizeJob(), args));
  }
}
