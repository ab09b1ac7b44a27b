package dev.dlpipe.jobs;

import dev.dlpipe.engines.embeddings.Combine;
import dev.dlpipe.engines.embeddings.VectorsFile;
import dev.dlpipe.engines.embeddings.Word2VecParams;
import dev.dlpipe.pipelines.embeddings.TrainWord2Vec;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code word2vec}: trains word vectors on Spark, word2vec.c's algorithm, data parallel. */
@Command(
    name = "word2vec",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Train word vectors on Spark, word2vec.c's algorithm.",
      "",
      "CBOW or skip-gram with negative sampling and/or hierarchical softmax, frequent-word subsampling,"
          + " a window drawn per word and a linearly falling learning rate, as word2vec.c trains"
          + " (same defaults). The corpus is dealt to --partitions workers; each trains its share"
          + " with --threads Hogwild threads from the current vectors, and the workers' changes are"
          + " combined several times per epoch. Writes the vectors in word2vec.c's binary or text"
          + " format (gensim's KeyedVectors.load_word2vec_format reads both) to --output on any"
          + " Hadoop filesystem, one row per round to dlpipe.ml.training_rounds and the model to"
          + " dlpipe.ml.models. Input: --corpus (a tokenized corpus) or --input (text files, words"
          + " split at spaces and tabs, every line a sentence; lines that are not UTF-8 go to"
          + " dlpipe.ops.rejects).",
      ""
    })
public final class Word2VecJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--corpus",
      paramLabel = "NAME",
      description = "Tokenized corpus in the warehouse (dlpipe.text.tokens, from tokenize).")
  String corpus;

  @Option(
      names = "--input",
      arity = "1..*",
      paramLabel = "PATH",
      description =
          "Text files, directories or globs (instead of --corpus); .gz/.bz2 decompressed.")
  List<String> inputs;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "URI",
      description = "Vectors file to write (any Hadoop filesystem); replaced if it exists.")
  String output;

  @Option(
      names = "--format",
      defaultValue = "binary",
      paramLabel = "F",
      description = "binary or text (word2vec.c's -binary 1 / 0). Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--model",
      defaultValue = "cbow",
      paramLabel = "M",
      description = "cbow or skipgram. Default: ${DEFAULT-VALUE} (as word2vec.c).")
  String model;

  @Option(
      names = "--dim",
      defaultValue = "100",
      paramLabel = "N",
      description = "Vector size. Default: ${DEFAULT-VALUE}.")
  int dim;

  @Option(
      names = "--window",
      defaultValue = "5",
      paramLabel = "N",
      description = "Largest distance to a context word. Default: ${DEFAULT-VALUE}.")
  int window;

  @Option(
      names = "--negative",
      defaultValue = "5",
      paramLabel = "N",
      description =
          "Negative samples per word; 0 = none (then pass --hs). Default: ${DEFAULT-VALUE}.")
  int negative;

  @Option(names = "--hs", description = "Also train with hierarchical softmax.")
  boolean hs;

  @Option(
      names = "--sample",
      defaultValue = "1e-4",
      paramLabel = "X",
      description =
          "Subsampling threshold of frequent words; 0 = off. Default: ${DEFAULT-VALUE} (word2vec.c's"
              + " demo scripts; its built-in default is 1e-3).")
  double sample;

  @Option(
      names = "--alpha",
      paramLabel = "X",
      description =
          "Starting learning rate. Default: 0.05 for cbow, 0.025 for skipgram (word2vec.c).")
  Double alpha;

  @Option(
      names = "--min-alpha",
      paramLabel = "X",
      description =
          "Learning rate at the end; the rate falls linearly from --alpha to it. Default: alpha x"
              + " 1e-4 (word2vec.c). A higher end, e.g. alpha x 0.1, learns more from a small"
              + " corpus.")
  Double minAlpha;

  @Option(
      names = "--iter",
      defaultValue = "5",
      paramLabel = "N",
      description = "Epochs. Default: ${DEFAULT-VALUE}.")
  int iter;

  @Option(
      names = "--min-count",
      defaultValue = "5",
      paramLabel = "N",
      description = "Words seen fewer times get no vector. Default: ${DEFAULT-VALUE}.")
  long minCount;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Hogwild threads per worker (Spark task). Default: the cores left when at most 4 workers"
              + " train at once, up to one executor's (spark.executor.cores); on a cluster each"
              + " training task then reserves that many cores (stage-level scheduling).")
  int threads;

  @Option(
      names = "--partitions",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Workers (shares of the corpus); more than --replicas take turns. Default: --replicas.")
  int partitions;

  @Option(
      names = "--rounds-per-epoch",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Slices per epoch; each is a round per group of --replicas workers, after which their"
              + " vectors are combined. Default: ceil(replicas² / 8) for CBOW (1 for 2 replicas, 2"
              + " for 4, 8 for 8), ceil(replicas² / 4) for skip-gram, and enough for 5 rounds in"
              + " the whole run: fewer rounds are faster, more keep many replicas from drifting"
              + " apart.")
  int roundsPerEpoch;

  @Option(
      names = "--replicas",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Workers training at once from the same vectors; with more partitions, the partitions"
              + " take turns in groups of N, each group starting from the last one's result."
              + " Default: Spark's task slots (cores / --threads), at most 4 (1 with --hs): more"
              + " workers averaged at once need many more rounds, so further cores become threads.")
  int replicas;

  @Option(
      names = "--combine",
      defaultValue = "average",
      paramLabel = "C",
      description =
          "How workers' changes combine: average (workers learn P times faster, changes averaged"
              + " over the P workers: accuracy holds up to 4 at once), sum (plain rate, changes"
              + " summed) or touched (plain rate, averaged over the workers that changed a row, as"
              + " Spark MLlib). Default: ${DEFAULT-VALUE}.")
  String combine;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "S",
      description = "Seed of initial vectors and random choices. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--init-range",
      defaultValue = "1",
      paramLabel = "R",
      description =
          "Word vectors start uniform in [-R, R) / dim: 1 = gensim 4's start, 0.5 = word2vec.c's."
              + " The wider start learns more from a small corpus. Default: ${DEFAULT-VALUE}.")
  double initRange;

  @Option(
      names = "--name",
      defaultValue = "word2vec",
      paramLabel = "NAME",
      description = "Model name in dlpipe.ml.models. Default: ${DEFAULT-VALUE}.")
  String name;

  @Override
  public Integer call() {
    boolean cbow =
        switch (model.toLowerCase(Locale.ROOT)) {
          case "cbow" -> true;
          case "skipgram", "skip-gram", "sg" -> false;
          default ->
              throw dev.dlpipe.engines.UserError.of(
                  "unknown --model " + model,
                  "word2vec trains cbow or skipgram",
                  "pass --model cbow or --model skipgram");
        };
    VectorsFile.Format fmt =
        switch (format.toLowerCase(Locale.ROOT)) {
          case "binary" -> VectorsFile.Format.BINARY;
          case "text" -> VectorsFile.Format.TEXT;
          default ->
              throw dev.dlpipe.engines.UserError.of(
                  "unknown --format " + format,
                  "vectors are written in word2vec.c's binary or text format",
                  "pass --format binary or --format text");
        };
    double startAlpha = alpha != null ? alpha : Word2VecParams.defaultAlpha(cbow);
    Word2VecParams params =
        new Word2VecParams(
            cbow,
            dim,
            window,
            negative,
            hs,
            sample,
            startAlpha,
            minAlpha != null ? minAlpha : Word2VecParams.defaultMinAlpha(startAlpha),
            iter,
            minCount,
            seed,
            initRange);
    TrainWord2Vec.Spec what =
        new TrainWord2Vec.Spec(
            corpus,
            inputs,
            params,
            threads,
            partitions,
            roundsPerEpoch,
            replicas,
            Combine.named(combine),
            output,
            fmt,
            name);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          TrainWord2Vec.Result r = TrainWord2Vec.run(warehouse, what, run);
          return new JobRunner.Outcome(
              r.counts(),
              String.format(
                  Locale.ROOT,
                  "%,d words x %d dims to %s; %,d words trained in %.1f s (%,.0f words/s),"
                      + " %d worker%s%s x %d thread%s, %d rounds",
                  r.vocabSize(),
                  dim,
                  r.uri(),
                  r.wordsTrained(),
                  r.trainSeconds(),
                  r.wordsPerSecond(),
                  r.partitions(),
                  r.partitions() == 1 ? "" : "s",
                  r.replicas() < r.partitions() ? " (" + r.replicas() + " at once)" : "",
                  r.threads(),
                  r.threads() == 1 ? "" : "s",
                  r.rounds()));
        });
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.Word2VecJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new Word2VecJob(), args));
  }
}
