package dev.dlpipe.pipelines.ml;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingMasterStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats;
import org.deeplearning4j.spark.stats.EventStats;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Synchronous data-parallel training of a {@link ComputationGraph} on Spark with Deeplearning4j's
 * {@link ParameterAveragingTrainingMaster}, one averaging round at a time.
 *
 * <p>dlpipe drives the rounds itself instead of handing DL4J a whole epoch: the epoch's minibatches
 * come in a fixed order (from {@link EpochBatches}, seeded by epoch), each round's minibatches are
 * parallelized into exactly one partition per worker, and DL4J then runs exactly one
 * broadcast-fit-average on them. That gives a row per round in {@code dlpipe.ml.training_rounds}
 * with DL4J's own timings, and makes an epoch a deterministic function of (parameters, updater
 * state, epoch): a run resumed from a checkpoint trains the same next epoch as one that never
 * stopped.
 *
 * <p>Two DL4J 1.0.0-M2 sharp edges are kept away here. Nothing broadcasts the live parameter array
 * as a bare {@code INDArray} (DL4J's {@code calculateScore} does, and Spark's ContextCleaner then
 * closes it, freeing the driver's network): score held-out data on the driver, or on a copy of the
 * network. And training statistics use the system clock (see {@code conf/jvm.options}), not an NTP
 * server.
 */
public final class ParameterAveragingTrainer {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ParameterAveragingTrainer.class);

  /** The minibatches of one epoch, in training order; a pure function of the epoch. */
  @FunctionalInterface
  public interface EpochBatches {
    List<MultiDataSet> batches(int epoch);
  }

  /** Called after each epoch with the averaged network and the epoch's rounds. */
  @FunctionalInterface
  public interface EpochListener {
    void epochEnded(int epoch, ComputationGraph network, List<RoundStats> rounds);
  }

  private final JavaSparkContext sc;
  private final TrainingPlan plan;

  public ParameterAveragingTrainer(JavaSparkContext sc, TrainingPlan plan) {
    this.sc = sc;
    this.plan = plan;
    NativeThreads.forTasks(sc.getConf());
  }

  /**
   * Trains {@code network} in place for epochs {@code firstEpoch..plan.epochs()}.
   *
   * @return the rounds of every epoch trained
   */
  public List<RoundStats> train(
      ComputationGraph network, int firstEpoch, EpochBatches data, EpochListener listener) {
    List<RoundStats> all = new ArrayList<>();
    for (int epoch = firstEpoch; epoch <= plan.epochs(); epoch++) {
      List<MultiDataSet> batches = data.batches(epoch);
      List<RoundStats> rounds = new ArrayList<>();
      int perRound = plan.batchesPerRound();
      int roundsInEpoch = ceilDiv(batches.size(), perRound);
      for (int start = 0, round = 1; start < batches.size(); start += perRound, round++) {
        List<MultiDataSet> slice =
            batches.subList(start, Math.min(batches.size(), start + perRound));
        RoundStats r = round(network, epoch, round, slice);
        rounds.add(r);
        if (LOG.isInfoEnabled()) {
          LOG.info(
              String.format(
                  java.util.Locale.ROOT,
                  "epoch %d round %d/%d: loss %.4f, %d examples in %.1f s (fit %.1f s, averaging"
                      + " %.1f s)",
                  epoch,
                  round,
                  roundsInEpoch,
                  r.score(),
                  r.examples(),
                  r.roundMillis() / 1000.0,
                  r.fitMillis() / 1000.0,
                  r.averagingMillis() / 1000.0));
        }
      }
      listener.epochEnded(epoch, network, rounds);
      all.addAll(rounds);
    }
    return all;
  }

  private RoundStats round(
      ComputationGraph network, int epoch, int round, List<MultiDataSet> batches) {
    long started = System.nanoTime();
    // One partition per worker, each holding at most averagingFrequency minibatches, so DL4J sees
    // no more objects than one split and runs a single broadcast-fit-average.
    int workers = Math.min(plan.workers(), ceilDiv(batches.size(), plan.averagingFrequency()));
    long examples = 0;
    for (MultiDataSet batch : batches) {
      examples += batch.getFeatures(0).size(0);
    }
    ParameterAveragingTrainingMaster master =
        new ParameterAveragingTrainingMaster.Builder(workers, plan.batchPerWorker())
            .batchSizePerWorker(plan.batchPerWorker())
            .averagingFrequency(plan.averagingFrequency())
            .workerPrefetchNumBatches(0)
            .rddTrainingApproach(RDDTrainingApproach.Direct)
            .repartionData(Repartition.Never)
            .saveUpdater(true)
            .collectTrainingStats(true)
            .rngSeed(plan.seed())
            .build();
    SparkComputationGraph spark = new SparkComputationGraph(sc, network, master);
    JavaRDD<MultiDataSet> rdd =
        sc.parallelize(perWorker(batches, workers), workers).flatMap(List::iterator);
    sc.setJobDescription(String.format("train: epoch %d, round %d", epoch, round));
    try {
      spark.fitMultiDataSet(rdd);
    } finally {
      rdd.unpersist(false);
    }
    SparkTrainingStats stats = spark.getSparkTrainingStats();
    long broadcast =
        total(
            stats,
            ParameterAveragingTrainingMasterStats
                .PARAMETER_AVERAGING_MASTER_BROADCAST_CREATE_TIMES_MS);
    long fit =
        max(stats, ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_FIT_TIMES_MS);
    // DL4J's aggregate time is the whole tree-aggregate job, workers' fitting included: what
    // averaging adds is that minus the slowest worker's fit, plus dividing and setting the result.
    long aggregate =
        total(
            stats,
            ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_AGGREGATE_TIMES_MS);
    long averaging =
        Math.max(0, aggregate - fit)
            + total(
                stats,
                ParameterAveragingTrainingMasterStats
                    .PARAMETER_AVERAGING_MASTER_PROCESS_PARAMS_UPDATER_TIMES_MS);
    return new RoundStats(
        epoch,
        round,
        workers,
        examples,
        spark.getScore(),
        fit,
        averaging,
        broadcast,
        (System.nanoTime() - started) / 1_000_000,
        Instant.now());
  }

  /**
   * Deals a round's minibatches to the workers, full ones first. A DL4J worker merges a minibatch
   * smaller than the batch size with the next one, which fails for sequences of different lengths
   * (and would undo the bucketing), so a short minibatch must be the last of its worker.
   */
  private List<List<MultiDataSet>> perWorker(List<MultiDataSet> batches, int workers) {
    List<List<MultiDataSet>> lists = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      lists.add(new ArrayList<>());
    }
    List<MultiDataSet> shortOnes = new ArrayList<>();
    int next = 0;
    for (MultiDataSet b : batches) {
      long size = b.getFeatures(0).size(0);
      if (size > plan.batchPerWorker()) {
        throw new IllegalArgumentException(
            "a minibatch of "
                + size
                + " examples exceeds the batch per worker "
                + plan.batchPerWorker());
      }
      if (size < plan.batchPerWorker()) {
        shortOnes.add(b);
      } else {
        lists.get(next++ % workers).add(b);
      }
    }
    if (shortOnes.size() > workers) {
      throw new IllegalArgumentException(
          shortOnes.size() + " short minibatches in one round of " + workers + " workers");
    }
    // Shortest lists get the short minibatches, at their end.
    List<List<MultiDataSet>> bySize = new ArrayList<>(lists);
    bySize.sort(java.util.Comparator.comparingInt(List::size));
    for (int i = 0; i < shortOnes.size(); i++) {
      bySize.get(i).add(shortOnes.get(i));
    }
    List<List<MultiDataSet>> out = new ArrayList<>(workers);
    for (List<MultiDataSet> l : lists) {
      out.add(new ArrayList<>(l));
    }
    return out;
  }

  private static long total(SparkTrainingStats stats, String key) {
    long sum = 0;
    for (EventStats e : events(stats, key)) {
      sum += e.getDurationMs();
    }
    return sum;
  }

  /** Longest worker: per worker the sum of its minibatch fit times, then the maximum. */
  private static long max(SparkTrainingStats stats, String key) {
    java.util.Map<String, Long> perWorker = new java.util.HashMap<>();
    for (EventStats e : events(stats, key)) {
      perWorker.merge(
          e.getMachineID() + "/" + e.getJvmID() + "/" + e.getThreadID(),
          e.getDurationMs(),
          Long::sum);
    }
    return perWorker.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  private static List<EventStats> events(SparkTrainingStats stats, String key) {
    if (stats == null || !stats.getKeySet().contains(key)) {
      return List.of();
    }
    List<EventStats> events = stats.getValue(key);
    return events == null ? List.of() : events;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
