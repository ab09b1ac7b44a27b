package dev.dlpipe.jobs;

import dev.dlpipe.models.text.LmConfig;
import dev.dlpipe.pipelines.ml.SequenceTraining;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.text.TrainLanguageModel;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train-lm}: a word-level language model trained with parameter averaging. */
@Command(
    name = "train-lm",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Train an LSTM, BiLSTM or GRU language model on Spark.",
      "",
      "Reads a corpus from dlpipe.text.tokens (run tokenize first). Every averaging round writes a row"
          + " to dlpipe.ml.training_rounds, every epoch a checkpoint; the model, its training curve and"
          + " config go to <warehouse>/models/<name>/<run id>/ with a row in dlpipe.ml.models."
          + " --resume --run-id R continues run R from its newest checkpoint.",
      ""
    })
public final class TrainLmJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin TrainingOptions training;
  @Spec CommandSpec spec;

  @Option(
      names = "--corpus",
      required = true,
      paramLabel = "NAME",
      description = "Tokenized corpus.")
  String corpus;

  @Option(
      names = "--model",
      defaultValue = "lstm",
      paramLabel = "KIND",
      description =
          "lstm, bilstm (ELMo-style: forward and backward LMs) or gru. Default: ${DEFAULT-VALUE}.")
  String kind;

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
      description = "Recurrent layer width (per direction). Default: ${DEFAULT-VALUE}.")
  int hidden;

  @Option(
      names = "--layers",
      defaultValue = "2",
      paramLabel = "N",
      description = "Stacked recurrent layers. Default: ${DEFAULT-VALUE}.")
  int layers;

  @Option(
      names = "--dropout",
      defaultValue = "0.2",
      paramLabel = "P",
      description = "Dropout on recurrent and softmax inputs. Default: ${DEFAULT-VALUE}.")
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
      description =
          "Most frequent ids kept, others become <unk>; 0 = all. Default: ${DEFAULT-VALUE}.")
  int maxVocab;

  @Option(
      names = "--max-length",
      defaultValue = "50",
      paramLabel = "N",
      description =
          "Longest training sequence; longer documents are cut. Default: ${DEFAULT-VALUE}.")
  int maxLength;

  @Option(
      names = "--held-out",
      defaultValue = "5",
      paramLabel = "PCT",
      description =
          "Percent of documents held out for loss and perplexity. Default: ${DEFAULT-VALUE}.")
  int heldOut;

  @Override
  public Integer call() {
    LmConfig.Kind k = Kinds.parse(kind, LmConfig.Kind.class, "--model");
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          String model = training.name != null ? training.name : corpus + "-" + kind + "-lm";
          TrainLanguageModel.Spec what =
              new TrainLanguageModel.Spec(
                  corpus,
                  model,
                  new LmConfig(k, 5, embedding, hidden, layers, dropout, learningRate, clip, 0),
                  maxVocab,
                  maxLength,
                  heldOut,
                  training.plan(warehouse.spark().sparkContext().defaultParallelism()),
                  training.resume(warehouse, model, run.runId()));
          TrainLanguageModel.Result result = TrainLanguageModel.run(warehouse, what, run);
          SequenceTraining.Result r = result.training();
          long examples = r.rounds().stream().mapToLong(x -> x.examples()).sum();
          return new JobRunner.Outcome(
              new RowCounts(result.documents(), result.documents(), 0),
              String.format(
                  Locale.ROOT,
                  "%s: epochs %d-%d, %,d rounds, %,d sequences in %.1f s (%.1f/s); held-out loss %.4f"
                      + " per token (perplexity %.2f); model %s",
                  what.model(),
                  r.firstEpoch(),
                  what.plan().epochs(),
                  r.rounds().size(),
                  examples,
                  r.seconds(),
                  examples / r.seconds(),
                  r.finalValidLoss(),
                  Math.exp(r.finalValidLoss()),
                  r.modelUri()));
        });
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.TrainLmJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new TrainLmJob(), args));
  }
}
