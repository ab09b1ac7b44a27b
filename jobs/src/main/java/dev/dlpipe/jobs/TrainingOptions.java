package dev.dlpipe.jobs;

import dev.dlpipe.pipelines.ml.TrainingPlan;
import picocli.CommandLine.Option;

/** Options of every data-parallel training job (a picocli mixin). */
public final class TrainingOptions {
  @Option(
      names = "--epochs",
      defaultValue = "5",
      paramLabel = "N",
      description = "Epochs to train (with --resume: in total). Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(
      names = "--workers",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Workers (Spark partitions) per averaging round; 0 = Spark's default parallelism (the"
              + " cluster's cores). Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(
      names = "--batch-per-worker",
      defaultValue = "32",
      paramLabel = "N",
      description = "Examples per minibatch on each worker. Default: ${DEFAULT-VALUE}.")
  int batchPerWorker;

  @Option(
      names = "--averaging-frequency",
      defaultValue = "5",
      paramLabel = "N",
      description =
          "Minibatches each worker fits between two parameter averagings. Default:"
              + " ${DEFAULT-VALUE}.")
  int averagingFrequency;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description =
          "Seed of the initial weights and of the minibatch order. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--resume",
      description =
          "Continue the run given by --run-id from its newest checkpoint (same options; only"
              + " --epochs may grow).")
  boolean resume;

  @Option(
      names = "--restartable",
      description =
          "Resume when the run (--run-id) has a checkpoint, else start: for schedulers that retry a"
              + " task with the same run id.")
  boolean restartable;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Model name in dlpipe.ml.models. Default: the job's own.")
  String name;

  /** Whether to resume: --resume, or --restartable and the run already has a checkpoint. */
  boolean resume(dev.dlpipe.pipelines.tables.Warehouse warehouse, String model, String runId) {
    return resume
        || (restartable
            && !dev.dlpipe.pipelines.ml.ModelFiles.checkpoints(
                    warehouse.spark().sparkContext().hadoopConfiguration(),
                    dev.dlpipe.pipelines.ml.ModelFiles.runDir(warehouse.root(), model, runId))
                .isEmpty());
  }

  /** The plan, with {@code defaultWorkers} standing in for {@code --workers 0}. */
  TrainingPlan plan(int defaultWorkers) {
    return new TrainingPlan(
        workers > 0 ? workers : Math.max(1, defaultWorkers),
        batchPerWorker,
        averagingFrequency,
        epochs,
        seed);
  }
}
