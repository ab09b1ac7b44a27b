package dev.dlpipe.pipelines.ml;

import dev.dlpipe.engines.UserError;
import java.io.Serializable;

/**
 * How a data-parallel run trains: synchronous parameter averaging with {@code workers} workers,
 * each fitting {@code averagingFrequency} minibatches of {@code batchPerWorker} examples from the
 * same parameters before the parameters (and updater state) are averaged. One averaging round
 * therefore consumes up to {@code workers × averagingFrequency} minibatches.
 *
 * @param workers Spark partitions that train in each round (at most the cluster's cores)
 * @param batchPerWorker examples per minibatch on each worker
 * @param averagingFrequency minibatches each worker fits between two averagings
 * @param epochs epochs to train in total (a resumed run continues up to this number)
 * @param seed seed of everything random: initial weights and the order of minibatches per epoch
 */
public record TrainingPlan(
    int workers, int batchPerWorker, int averagingFrequency, int epochs, long seed)
    implements Serializable {
  public TrainingPlan {
    positive("workers", workers);
    positive("batch per worker", batchPerWorker);
    positive("averaging frequency", averagingFrequency);
    positive("epochs", epochs);
  }

  /** Adds the plan to a run's configuration JSON (what {@code --resume} compares). */
  public void describe(com.fasterxml.jackson.databind.node.ObjectNode json) {
    json.put("workers", workers);
    json.put("batch_per_worker", batchPerWorker);
    json.put("averaging_frequency", averagingFrequency);
    json.put("seed", seed);
  }

  /** Minibatches consumed by one full averaging round. */
  public int batchesPerRound() {
    return workers * averagingFrequency;
  }

  private static void positive(String what, int value) {
    if (value < 1) {
      throw UserError.of(
          "invalid " + what + ": " + value,
          "data-parallel training needs at least one",
          "pass a positive number");
    }
  }
}
