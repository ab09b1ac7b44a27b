package dev.dlpipe.jobs;

import dev.dlpipe.models.text.Seq2SeqConfig;
import dev.dlpipe.pipelines.ml.SequenceTraining;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.text.TrainTranslation;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train-seq2seq}: an attention encoder-decoder trained with parameter averaging. */
@Command(
    name = "train-seq2seq",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Train an attention seq2seq translation model on Spark.",
      "",
      "Reads two tokenized corpora whose doc ids align (tokenize the source file and the target file"
          + " of a parallel corpus separately). A bidirectional LSTM encoder, an LSTM decoder with"
          + " teacher forcing and attention over the encoder states. Rounds, checkpoints, resume and"
          + " the model store work as in train-lm; translate uses the model.",
      ""
    })
public final class TrainSeq2SeqJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin TrainingOptions training;
  @Spec CommandSpec spec;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "CORPUS",
      description = "Source corpus.")
  String source;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "CORPUS",
      description = "Target corpus.")
  String target;

  @Option(
      names = "--attention",
      defaultValue = "dot",
      paramLabel = "KIND",
      description =
          "dot (dot product of decoder and encoder states divided by the square root of"
              + " --hidden) or luong (undivided, as Luong et al.; learned slower on Multi30k)."
              + " Default: ${DEFAULT-VALUE}.")
  String attention;

  @Option(
      names = "--embedding",
      defaultValue = "256",
      paramLabel = "N",
      description = "Embedding width. Default: ${DEFAULT-VALUE}.")
  int embedding;

  @Option(
      names = "--hidden",
      defaultValue = "256",
      paramLabel = "N",
      description = "Encoder (per direction) and decoder width. Default: ${DEFAULT-VALUE}.")
  int hidden;

  @Option(
      names = "--layers",
      defaultValue = "1",
      paramLabel = "N",
      description = "Encoder layers. Default: ${DEFAULT-VALUE}.")
  int layers;

  @Option(
      names = "--dropout",
      defaultValue = "0.2",
      paramLabel = "P",
      description = "Dropout. Default: ${DEFAULT-VALUE}.")
  double dropout;

  @Option(
      names = "--learning-rate",
      defaultValue = "0.002",
      paramLabel = "LR",
      description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
  double learningRate;

  @Option(
      names = "--clip",
      defaultValue = "1.0",
      paramLabel = "NORM",
      description = "Per-layer gradient L2-norm clip; 0 = off. Default: ${DEFAULT-VALUE}.")
  double clip;

  @Option(
      names = "--max-vocab",
      defaultValue = "20000",
      paramLabel = "N",
      description = "Most frequent ids kept per side; 0 = all. Default: ${DEFAULT-VALUE}.")
  int maxVocab;

  @Option(
      names = "--max-length",
      defaultValue = "50",
      paramLabel = "N",
      description = "Longest sentence trained on (tokens, either side). Default: ${DEFAULT-VALUE}.")
  int maxLength;

  @Option(
      names = "--held-out",
      defaultValue = "2",
      paramLabel = "PCT",
      description = "Percent of pairs held out for the per-epoch loss. Default: ${DEFAULT-VALUE}.")
  int heldOut;

  @Override
  public Integer call() {
    Seq2SeqConfig.Attention a =
        Kinds.parse(attention, Seq2SeqConfig.Attention.class, "--attention");
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          String model = training.name != null ? training.name : source + "-" + target + "-seq2seq";
          TrainTranslation.Spec what =
              new TrainTranslation.Spec(
                  source,
                  target,
                  model,
                  new Seq2SeqConfig(
                      5, 5, embedding, hidden, a, layers, dropout, learningRate, clip, 0),
                  maxVocab,
                  maxLength,
                  heldOut,
                  training.plan(warehouse.spark().sparkContext().defaultParallelism()),
                  training.resume(warehouse, model, run.runId()));
          TrainTranslation.Result result = TrainTranslation.run(warehouse, what, run);
          SequenceTraining.Result r = result.training();
          long examples = r.rounds().stream().mapToLong(x -> x.examples()).sum();
          return new JobRunner.Outcome(
              new RowCounts(result.pairs(), result.trained() + result.heldOut(), result.skipped()),
              String.format(
                  Locale.ROOT,
                  "%s: %,d pairs (%,d held out, %,d empty or too long), epochs %d-%d, %,d rounds, %,d"
                      + " pairs in %.1f s (%.1f/s); held-out loss %.4f per token; model %s",
                  what.model(),
                  result.pairs(),
                  result.heldOut(),
                  result.skipped(),
                  r.firstEpoch(),
                  what.plan().epochs(),
                  r.rounds().size(),
                  examples,
                  r.seconds(),
                  examples / r.seconds(),
                  r.finalValidLoss(),
                  r.modelUri()));
        });
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.TrainSeq2SeqJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new TrainSeq2SeqJob(), args));
  }
}
