package dev.dlpipe.pipelines.embeddings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.embeddings.BlockDelta;
import dev.dlpipe.engines.embeddings.Combine;
import dev.dlpipe.engines.embeddings.FloatRows;
import dev.dlpipe.engines.embeddings.VectorsFile;
import dev.dlpipe.engines.embeddings.Word2VecParams;
import dev.dlpipe.engines.embeddings.Word2VecTrainer;
import dev.dlpipe.engines.embeddings.Word2VecVocab;
import dev.dlpipe.engines.embeddings.Word2VecWeights;
import dev.dlpipe.engines.embeddings.WordVectors;
import dev.dlpipe.pipelines.io.AtomicFiles;
import dev.dlpipe.pipelines.ml.RoundStats;
import dev.dlpipe.pipelines.ml.TrainingTables;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import scala.Tuple2;

/**
 * The {@code word2vec} pipeline: data-parallel Word2Vec on Spark.
 *
 * <p>The corpus's sentences are dealt round-robin to {@code partitions} workers (so every worker
 * sees text from everywhere in the corpus) and cached. Each epoch is split into {@code
 * roundsPerEpoch} slices; in a round {@code replicas} workers (by default as many as Spark has task
 * slots, at most {@link #MAX_DEFAULT_REPLICAS}) each copy the current weights (a broadcast), train
 * on their next slice of sentences with {@code threads} Hogwild threads (word2vec.c's algorithm,
 * {@link Word2VecTrainer}; by default the cores the replicas leave, see {@link #layout}), and send
 * back, per block of rows, how it changed the rows it touched ({@link BlockDelta}); the blocks are
 * added up with {@code reduceByKey} and the driver applies them by the {@link Combine} rule. With
 * more partitions than replicas, the partitions take turns in groups, one round each per slice:
 * workers beyond the task slots would only have run in later waves of the same round, from the same
 * stale weights, so taking turns costs no parallelism and each group starts from the previous
 * group's result; a round's job runs tasks on its group's partitions only. Weights live in blocks
 * of rows ({@link FloatRows}), so no single array holds vocabulary × dimension floats. The learning
 * rate falls linearly with the words trained by all workers together, as if one machine had trained
 * them.
 *
 * <p>One row per round goes to {@code dlpipe.ml.training_rounds}; the word vectors are written in
 * word2vec.c's format to the output URI (any Hadoop filesystem; written beside it, then renamed)
 * and indexed in {@code dlpipe.ml.models}.
 */
public final class TrainWord2Vec {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(TrainWord2Vec.class);

  public static final String ROUNDS = TrainingTables.ROUNDS;
  public static final String MODELS = TrainingTables.MODELS;

  private TrainWord2Vec() {}

  /**
   * What to train.
   *
   * @param corpus a tokenized corpus in the warehouse, or null
   * @param inputs text files (when {@code corpus} is null)
   * @param params the hyperparameters
   * @param threads Hogwild threads per worker (Spark task); 0 = fill the cores (see {@link
   *     #layout})
   * @param partitions workers; 0 = the replicas
   * @param roundsPerEpoch slices per epoch (each a round per group of replicas); 0 = {@link
   *     #defaultRoundsPerEpoch}
   * @param replicas workers training at once, each from the same weights; the partitions take turns
   *     in groups of this size; 0 = Spark's task slots (default parallelism / threads), at most
   *     {@link #MAX_DEFAULT_REPLICAS}
   * @param combine how the workers' weights are combined
   * @param output URI of the vectors file
   * @param format binary or text
   * @param name model name in {@code dlpipe.ml.models}
   */
  public record Spec(
      String corpus,
      List<String> inputs,
      Word2VecParams params,
      int threads,
      int partitions,
      int roundsPerEpoch,
      int replicas,
      Combine combine,
      String output,
      VectorsFile.Format format,
      String name)
      implements Serializable {
    public Spec {
      inputs = inputs == null ? List.of() : List.copyOf(inputs);
      if ((corpus == null) == inputs.isEmpty()) {
        throw UserError.of(
            corpus == null ? "nothing to train on" : "both --corpus and --input given",
            "word2vec reads either a tokenized corpus from the warehouse or text files",
            "pass --corpus NAME or --input FILES");
      }
      if (threads < 0 || partitions < 0 || roundsPerEpoch < 0 || replicas < 0) {
        throw UserError.of(
            "negative --threads, --partitions, --rounds-per-epoch or --replicas",
            "counts cannot be negative",
            "pass 0 for the default or a positive number");
      }
    }
  }

  /**
   * Slices per epoch unless told otherwise: {@code ceil(P² / 8)} for P replicas with CBOW (1 for 2,
   * 2 for 4, 8 for 8, 32 for 16) and {@code ceil(P² / 4)} with skip-gram (1, 4, 16, 64), whose
   * worker makes about a window's more updates per word. A round costs about 0.4 s on {@code
   * local[2]} (sending the weights out and the changes back), which is the whole difference between
   * being faster than gensim per core and being slower on a 3.4M-word corpus; but each of P
   * averaged workers learns at P times the rate, and past about 4 workers that rate blows up within
   * a long slice. On word2vec.c's reference corpus (5 epochs, all P workers from the same weights,
   * engine replay of the job's rounds, correct analogies of 10,508):
   *
   * <ul>
   *   <li>CBOW, seeds 1-3 (one worker: 527): 2 workers, 1 slice 533; 4 workers, 2 slices 509, 4
   *       slices 514; 8 workers, 4 slices 432, 8 slices 496, 16 slices 496; 16 workers, 8 or 16
   *       slices 2 to 7 (diverged), 32 slices 521 (seeds 1-2);
   *   <li>skip-gram, seeds 1-2 (one worker: 596): 4 workers, 2 slices 517, 4 slices 570; seed 1
   *       (one worker: 621): 2 workers, 1 slice 582, 2 slices 596; 8 workers, 4 slices 402, 8
   *       slices 497, 16 slices 547. Through the job, seed 1: 4 workers of 1 thread ({@code
   *       local[4]}) 467 at 2 slices, 563 at 4; of 2 threads ({@code local[8]}) 556 either way.
   * </ul>
   *
   * Hence also {@link #MAX_DEFAULT_REPLICAS}.
   *
   * <p>A short run also gets at least {@value #MIN_ROUNDS} rounds in all: with one epoch and one
   * round the workers never meet before the end, and averaging independent models loses what they
   * learned (skip-gram, 1 epoch, no subsampling, 2 workers: 1.92% of the analogies in one round,
   * 2.20% in five, 2.44% on one machine).
   *
   * @param groups groups of replicas taking turns in each slice
   */
  public static int defaultRoundsPerEpoch(int replicas, int iter, int groups, boolean cbow) {
    int perRun = Math.max(1, iter) * Math.max(1, groups);
    long p = Math.max(1, replicas);
    long per = cbow ? 8 : 4;
    int bySize = (int) Math.min(Integer.MAX_VALUE, (p * p + per - 1) / per);
    return Math.max(bySize, (MIN_ROUNDS + perRun - 1) / perRun);
  }

  /**
   * Most workers that train at once unless {@code --replicas} says otherwise. Averaging P workers
   * that each learn at P times the rate keeps one machine's accuracy up to 4 (see {@link
   * #defaultRoundsPerEpoch}); more need many more rounds, so further cores go to Hogwild threads
   * within each worker instead, which share one copy and need no averaging (2 workers x 4 threads:
   * 524 correct analogies, as one thread). With hierarchical softmax the default is one worker:
   * even 2 averaged workers lose a third of its accuracy (its learning rate has no slack), so all
   * the cores go to one worker's threads (on a cluster, one executor's).
   */
  public static final int MAX_DEFAULT_REPLICAS = 4;

  /**
   * Where a run's work goes on Spark's cores.
   *
   * @param threads Hogwild threads per worker (Spark task)
   * @param replicas workers training at once
   * @param partitions workers in all (shares of the corpus); more than replicas take turns
   * @param reserveCores whether each training task asks Spark for {@code threads} cores (a
   *     stage-level task resource profile), so that no executor runs more threads than it has cores
   */
  record Layout(int threads, int replicas, int partitions, boolean reserveCores) {}

  /**
   * The layout for Spark's {@code cores} (default parallelism), {@code spark.task.cpus} and the
   * cores of one executor ({@code executorCores}, 0 when unknown; in local mode the JVM's cores),
   * given what the spec asked for (0 = default). By default at most {@code maxReplicas} workers
   * train at once, each with as many threads as fill the cores, at most one executor's; partitions
   * default to the replicas.
   */
  static Layout layout(
      int cores,
      int taskCpus,
      int executorCores,
      boolean local,
      int threads,
      int replicas,
      int partitions,
      int maxReplicas) {
    int perTask = Math.max(1, taskCpus);
    int all = Math.max(1, cores);
    int perExecutor = local ? all : Math.max(perTask, executorCores);
    int r =
        replicas > 0
            ? replicas
            : Math.min(maxReplicas, Math.max(1, all / (threads > 0 ? threads : perTask)));
    if (partitions > 0) {
      r = Math.min(r, partitions);
    }
    int t = threads > 0 ? threads : Math.max(perTask, Math.min(perExecutor, all / r));
    int p = partitions > 0 ? partitions : r;
    return new Layout(t, r, p, !local && t > perTask && t <= perExecutor);
  }

  /** Fewest rounds a run gets by default (see {@link #defaultRoundsPerEpoch}). */
  static final int MIN_ROUNDS = 5;

  /**
   * What a run did.
   *
   * @param vocabSize words with vectors
   * @param trainWords words of the corpus in the vocabulary (one epoch)
   * @param wordsTrained words trained, all epochs
   * @param trainSeconds wall time of the training rounds
   * @param partitions workers (data partitions)
   * @param replicas workers that trained at once, from the same weights
   * @param threads threads per worker
   * @param rounds rounds run
   * @param uri the vectors file
   * @param counts lines read = used + rejected
   * @param vectors the trained vectors
   */
  public record Result(
      int vocabSize,
      long trainWords,
      long wordsTrained,
      double trainSeconds,
      int partitions,
      int replicas,
      int threads,
      int rounds,
      String uri,
      RowCounts counts,
      WordVectors vectors) {
    /** Words trained per second of training, all workers together. */
    public double wordsPerSecond() {
      return wordsTrained / trainSeconds;
    }
  }

  /** One worker's round, for the rounds table. */
  private record WorkerRound(int partition, long words, long fitMs) implements Serializable {}

  /** Trains, writes the vectors and the table rows; see the class documentation. */
  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    SparkSession spark = warehouse.spark();
    Word2VecCorpus corpus =
        spec.corpus() != null
            ? Word2VecCorpus.fromTable(warehouse, spec.corpus(), spec.params().minCount())
            : Word2VecCorpus.fromFiles(warehouse, spec.inputs(), spec.params().minCount(), run);
    try {
      Training t = train(spark, corpus, spec);
      Result result = t.result(spec, corpus);
      spark.sparkContext().setJobDescription("word2vec: write " + spec.output());
      String uri = writeVectors(spark, result.vectors(), spec.output(), spec.format(), run.runId());
      spark.sparkContext().setJobDescription("word2vec: write " + ROUNDS);
      Map<Integer, List<RoundStats>> byEpoch = new java.util.TreeMap<>();
      for (RoundStats r : t.roundStats()) {
        byEpoch.computeIfAbsent(r.epoch(), e -> new ArrayList<>()).add(r);
      }
      byEpoch.forEach(
          (epoch, rounds) ->
              TrainingTables.writeEpoch(warehouse, run.runId(), spec.name(), epoch, rounds));
      spark.sparkContext().setJobDescription("word2vec: write " + MODELS);
      TrainingTables.registerModel(
          warehouse,
          new TrainingTables.ModelRow(
              spec.name(),
              run.runId(),
              "word2vec",
              uri,
              spec.format().formatName(),
              t.weights.parameters(),
              config(spec, result),
              corpus.source(),
              spec.params().iter(),
              metrics(result)));
      return new Result(
          result.vocabSize(),
          result.trainWords(),
          result.wordsTrained(),
          result.trainSeconds(),
          result.partitions(),
          result.replicas(),
          result.threads(),
          result.rounds(),
          uri,
          result.counts(),
          result.vectors());
    } finally {
      corpus.sentences().unpersist(false);
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** The training loop's outcome: final weights, one table row per round, timings. */
  static final class Training {
    Word2VecWeights weights;
    Word2VecVocab vocab;
    final List<RoundStats> roundStats = new ArrayList<>();
    long wordsTrained;
    long trainNanos;
    int partitions;
    int replicas;
    int threads;
    int rounds;

    List<RoundStats> roundStats() {
      return roundStats;
    }

    Result result(Spec spec, Word2VecCorpus corpus) {
      return new Result(
          vocab.size(),
          vocab.trainWords(),
          wordsTrained,
          trainNanos / 1e9,
          partitions,
          replicas,
          threads,
          rounds,
          spec.output(),
          corpus.counts(),
          new WordVectors(vocab.words(), weights.syn0()));
    }
  }

  /** The training rounds only (no table or file written): for benchmarks and tests. */
  public static Result trainOnly(Warehouse warehouse, Word2VecCorpus corpus, Spec spec) {
    return train(warehouse.spark(), corpus, spec).result(spec, corpus);
  }

  private static Training train(SparkSession spark, Word2VecCorpus corpus, Spec spec) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Word2VecParams params = spec.params();
    SparkContext sc = spark.sparkContext();
    int taskCpus = sc.conf().getInt("spark.task.cpus", 1);
    int executorCores = sc.conf().getInt("spark.executor.cores", 0);
    if (executorCores == 0 && !sc.isLocal()) {
      // The driver is one of the block managers listed.
      int executors = sc.getExecutorMemoryStatus().size() - 1;
      executorCores = executors > 0 ? sc.defaultParallelism() / executors : 0;
    }
    Layout layout =
        layout(
            sc.defaultParallelism(),
            taskCpus,
            executorCores,
            sc.isLocal(),
            spec.threads(),
            spec.replicas(),
            spec.partitions(),
            params.hs() ? 1 : MAX_DEFAULT_REPLICAS);
    int threads = layout.threads();
    int partitions = layout.partitions();
    int replicas = layout.replicas();
    ResourceProfile cores = layout.reserveCores() ? taskCores(jsc, threads) : null;
    if (!sc.isLocal() && threads > taskCpus && !layout.reserveCores()) {
      LOG.warn(
          "{} threads per worker, but Spark counts spark.task.cpus={} per task and the executors'"
              + " cores are unknown or fewer: an executor may run several workers at once; set"
              + " spark.task.cpus={} (or spark.executor.cores) for this job",
          threads,
          taskCpus,
          threads);
    }
    // Partition pi trains in group pi % groups: groups of at most `replicas` partitions.
    int groups = (partitions + replicas - 1) / replicas;
    int enough = defaultRoundsPerEpoch(replicas, params.iter(), 1, params.cbow());
    if (spec.combine() == Combine.AVERAGE
        && replicas > 2
        && spec.roundsPerEpoch() > 0
        && spec.roundsPerEpoch() < enough) {
      LOG.warn(
          "{} workers at once with --rounds-per-epoch {}: each learns at {} times the rate, and"
              + " long slices at that rate drift apart or diverge (reference corpus: CBOW with 8"
              + " workers loses 18% of the analogies at 4 rounds per epoch and finds none with 16"
              + " at 16; skip-gram with 4 workers of 1 thread finds 467 at 2 against 563 at 4)."
              + " Fewer --replicas with more --threads each, or --rounds-per-epoch {}, keep the"
              + " accuracy.",
          replicas, spec.roundsPerEpoch(), replicas, enough);
    }
    if (params.hs() && replicas > 1) {
      LOG.warn(
          "--hs with {} workers training at once: averaging their hierarchical-softmax weights"
              + " costs accuracy (skip-gram, 5 epochs, reference corpus: 3.8% of analogies on 2"
              + " workers against 5.5% on one). Negative sampling does not lose it. Without"
              + " --replicas, --hs trains one worker with all the cores as its threads.",
          replicas);
    }
    int perEpoch =
        spec.roundsPerEpoch() > 0
            ? spec.roundsPerEpoch()
            : defaultRoundsPerEpoch(replicas, params.iter(), groups, params.cbow());
    Combine combine = spec.combine();
    Word2VecVocab vocab = corpus.vocab();

    spark
        .sparkContext()
        .setJobDescription("word2vec: deal sentences to " + partitions + " workers");
    JavaRDD<int[]> dealt =
        corpus
            .sentences()
            .mapPartitionsWithIndex(
                (pi, it) -> {
                  List<Tuple2<Integer, int[]>> out = new ArrayList<>();
                  int k = pi;
                  while (it.hasNext()) {
                    out.add(new Tuple2<>(Math.floorMod(k++, partitions), it.next()));
                  }
                  return out.iterator();
                },
                false)
            .mapToPair(t -> t)
            .partitionBy(new HashPartitioner(partitions))
            .values()
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // Words per worker per slice of an epoch: the learning-rate schedule needs the global count.
      List<long[]> sliceWords =
          dealt
              .mapPartitionsWithIndex(
                  (pi, it) -> {
                    int[][] s = toArray(it);
                    int[] b = slices(s, perEpoch);
                    long[] w = new long[perEpoch + 1];
                    w[0] = pi;
                    for (int r = 0; r < perEpoch; r++) {
                      for (int i = b[r]; i < b[r + 1]; i++) {
                        w[r + 1] += s[i].length;
                      }
                    }
                    return Collections.singletonList(w).iterator();
                  },
                  false)
              .collect();
      long[][] words = new long[partitions][perEpoch];
      for (long[] w : sliceWords) {
        System.arraycopy(w, 1, words[(int) w[0]], 0, perEpoch);
      }
      long perEpochWords = 0;
      for (long[] w : words) {
        for (long x : w) {
          perEpochWords += x;
        }
      }
      long totalWords = perEpochWords * params.iter();

      Word2VecTrainer trainer = new Word2VecTrainer(params, vocab);
      Broadcast<Word2VecTrainer> trainerB = jsc.broadcast(trainer);
      Training t = new Training();
      t.vocab = vocab;
      t.weights = Word2VecWeights.init(vocab.size(), params);
      // A round runs tasks only on its group's partitions, and reduces the matrices' blocks (the
      // keys) with one reducer per key: no empty tasks when partitions outnumber the replicas.
      List<JavaRDD<int[]>> groupParts = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        groupParts.add(inGroup(dealt, g, groups));
      }
      int deltaKeys = 0;
      for (FloatRows m : t.weights.matrices()) {
        deltaKeys += m == null ? 0 : m.blockCount();
      }
      final int reducers = Math.max(1, Math.min(deltaKeys, 64));
      t.partitions = partitions;
      t.replicas = replicas;
      t.threads = threads;
      long before = 0;
      long started = System.nanoTime();
      int round = 0;
      for (int epoch = 1; epoch <= params.iter(); epoch++) {
        for (int r = 1; r <= perEpoch * groups; r++) {
          long roundStart = System.nanoTime();
          final int slice = (r - 1) / groups;
          final int group = (r - 1) % groups;
          long roundWords = 0;
          int active = 0;
          for (int pi = group; pi < partitions; pi += groups) {
            roundWords += words[pi][slice];
            active += words[pi][slice] > 0 ? 1 : 0;
          }
          if (roundWords == 0) {
            continue;
          }
          final long wordsBefore = before;
          final long roundTotal = roundWords;
          final long seed = Word2VecTrainer.mix(params.seed(), round);
          final long[][] sliceW = words;
          final int workersInRound = active;
          spark
              .sparkContext()
              .setJobDescription(
                  "word2vec: epoch "
                      + epoch
                      + "/"
                      + params.iter()
                      + ", round "
                      + r
                      + "/"
                      + perEpoch * groups);
          long b0 = System.nanoTime();
          Broadcast<Word2VecWeights> weightsB = jsc.broadcast(t.weights);
          long broadcastMs = (System.nanoTime() - b0) / 1_000_000;
          CollectionAccumulator<WorkerRound> workers =
              spark.sparkContext().collectionAccumulator("word2vec workers");
          JavaRDD<Tuple2<Long, BlockDelta>> trained =
              groupParts
                  .get(group)
                  .mapPartitionsWithIndex(
                      (gi, it) -> {
                        int pi = group + gi * groups;
                        long f0 = System.nanoTime();
                        int[][] s = toArray(it);
                        int[] bounds = slices(s, perEpoch);
                        long local = sliceW[pi][slice];
                        if (local == 0) {
                          return Collections.emptyIterator();
                        }
                        Word2VecTrainer tr = trainerB.value();
                        Word2VecWeights start = weightsB.value();
                        Word2VecWeights w = start.copy();
                        long done =
                            tr.train(
                                w,
                                s,
                                bounds[slice],
                                bounds[slice + 1],
                                1,
                                threads,
                                new Word2VecTrainer.Schedule(
                                    wordsBefore,
                                    roundTotal / (double) local,
                                    totalWords,
                                    combine.rateScale(workersInRound)),
                                Word2VecTrainer.mix(seed, pi));
                        List<Tuple2<Long, BlockDelta>> out = deltas(start, w);
                        workers.add(
                            new WorkerRound(pi, done, (System.nanoTime() - f0) / 1_000_000));
                        return out.iterator();
                      },
                      false);
          if (cores != null) {
            trained = trained.withResources(cores);
          }
          List<Tuple2<Long, BlockDelta>> deltas =
              trained.mapToPair(x -> x).reduceByKey(BlockDelta::add, reducers).collect();
          long a0 = System.nanoTime();
          Word2VecWeights next = t.weights;
          FloatRows[] m = next.matrices();
          for (Tuple2<Long, BlockDelta> d : deltas) {
            int matrix = (int) (d._1() >>> 32);
            int block = (int) (long) d._1();
            d._2().applyTo(m[matrix].blockArray(block), combine, workersInRound);
          }
          weightsB.destroy();
          long applyMs = (System.nanoTime() - a0) / 1_000_000;
          long fitMs = 0;
          long done = 0;
          // A task that ran again (its executor lost) reports again: count each partition once.
          Map<Integer, WorkerRound> byPartition = new HashMap<>();
          for (WorkerRound w : workers.value()) {
            byPartition.put(w.partition(), w);
          }
          Collection<WorkerRound> wr = byPartition.values();
          for (WorkerRound w : wr) {
            fitMs = Math.max(fitMs, w.fitMs());
            done += w.words();
          }
          long roundMs = (System.nanoTime() - roundStart) / 1_000_000;
          LOG.info(
              "epoch {} round {}/{}: {} words by {} workers in {} ms (slowest fit {} ms,"
                  + " broadcast {} ms, applying {} ms)",
              epoch,
              r,
              perEpoch * groups,
              done,
              wr.size(),
              roundMs,
              fitMs,
              broadcastMs,
              applyMs);
          before += roundTotal;
          t.wordsTrained += done;
          round++;
          t.roundStats.add(
              new RoundStats(
                  epoch,
                  r,
                  wr.size(),
                  done,
                  Double.NaN,
                  fitMs,
                  // Everything in the round that was neither broadcasting nor the slowest fit:
                  // sending, adding and applying the workers' changes.
                  Math.max(applyMs, roundMs - broadcastMs - fitMs),
                  broadcastMs,
                  roundMs,
                  Instant.now()));
        }
      }
      t.trainNanos = System.nanoTime() - started;
      t.rounds = round;
      trainerB.destroy();
      return t;
    } finally {
      dealt.unpersist(false);
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** The partitions {@code group}, {@code group + groups}, ... of {@code rdd}, in that order. */
  static <T> JavaRDD<T> inGroup(JavaRDD<T> rdd, int group, int groups) {
    scala.Function1<Object, Object> keep =
        (scala.Function1<Object, Object> & Serializable) i -> (Integer) i % groups == group;
    return JavaRDD.fromRDD(
        new PartitionPruningRDD<>(rdd.rdd(), keep, rdd.classTag()), rdd.classTag());
  }

  /**
   * A stage-level profile asking {@code threads} cores per task, or null where the cluster manager
   * cannot honour one without dynamic allocation (Spark 3.5: standalone, YARN and Kubernetes can);
   * then Spark may start two such tasks on one executor, and the job says so.
   */
  private static ResourceProfile taskCores(JavaSparkContext jsc, int threads) {
    ResourceProfile rp =
        new ResourceProfileBuilder().require(new TaskResourceRequests().cpus(threads)).build();
    try {
      // Registers the profile: Spark checks here whether this cluster manager supports it.
      jsc.emptyRDD().withResources(rp);
      LOG.info("training tasks reserve {} cores each (stage-level scheduling)", threads);
      return rp;
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot reserve {} cores per training task ({}): an executor may run several workers at"
              + " once; set spark.task.cpus={} for this job",
          threads,
          e.getMessage(),
          threads);
      return null;
    }
  }

  /** Each changed block's change, keyed by matrix (high 32 bits) and block (low 32 bits). */
  static List<Tuple2<Long, BlockDelta>> deltas(Word2VecWeights start, Word2VecWeights trained) {
    List<Tuple2<Long, BlockDelta>> out = new ArrayList<>();
    FloatRows[] s = start.matrices();
    FloatRows[] w = trained.matrices();
    for (int m = 0; m < s.length; m++) {
      if (s[m] == null) {
        continue;
      }
      for (int b = 0; b < s[m].blockCount(); b++) {
        BlockDelta d = BlockDelta.of(w[m].blockArray(b), s[m].blockArray(b), s[m].dim());
        if (d != null) {
          out.add(new Tuple2<>(((long) m << 32) | b, d));
        }
      }
    }
    return out;
  }

  private static int[][] toArray(java.util.Iterator<int[]> it) {
    List<int[]> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    return l.toArray(new int[0][]);
  }

  /** Bounds of {@code n} slices of about equal word count. */
  private static int[] slices(int[][] sentences, int n) {
    long total = 0;
    for (int[] s : sentences) {
      total += s.length;
    }
    int[] b = new int[n + 1];
    b[n] = sentences.length;
    long seen = 0;
    int k = 1;
    for (int i = 0; i < sentences.length && k < n; i++) {
      seen += sentences[i].length;
      while (k < n && seen * n >= total * k) {
        b[k++] = i + 1;
      }
    }
    for (; k < n; k++) {
      b[k] = sentences.length;
    }
    return b;
  }

  /** Writes the vectors beside {@code output}, then renames; returns the qualified URI. */
  static String writeVectors(
      SparkSession spark,
      WordVectors vectors,
      String output,
      VectorsFile.Format format,
      String runId) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      Path target = new Path(output);
      FileSystem fs = target.getFileSystem(conf);
      target = fs.makeQualified(target);
      if (fs.exists(target) && fs.getFileStatus(target).isDirectory()) {
        throw UserError.of(
            "--output " + output + " is a directory",
            "the vectors are one file",
            "pass a file name, e.g. " + new Path(target, "vectors.bin"));
      }
      return AtomicFiles.replace(
          conf,
          target.toString(),
          out -> {
            OutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 20);
            VectorsFile.write(vectors, format, buffered);
            buffered.flush();
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output, e);
    }
  }

  private static String config(Spec spec, Result r) {
    Word2VecParams p = spec.params();
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("model", p.cbow() ? "cbow" : "skipgram");
    n.put("dim", p.dim());
    n.put("window", p.window());
    n.put("negative", p.negative());
    n.put("hs", p.hs());
    n.put("sample", p.sample());
    n.put("alpha", p.alpha());
    n.put("min_alpha", p.minAlpha());
    n.put("init_range", p.initRange());
    n.put("iter", p.iter());
    n.put("min_count", p.minCount());
    n.put("seed", p.seed());
    n.put("partitions", r.partitions());
    n.put("replicas", r.replicas());
    n.put("threads", r.threads());
    n.put("rounds", r.rounds());
    n.put("combine", spec.combine().optionName());
    return n.toString();
  }

  private static Map<String, Double> metrics(Result r) {
    Map<String, Double> m = new HashMap<>();
    m.put("words_per_second", r.wordsPerSecond());
    m.put("words_trained", (double) r.wordsTrained());
    m.put("train_words", (double) r.trainWords());
    m.put("vocab_size", (double) r.vocabSize());
    m.put("train_seconds", r.trainSeconds());
    return m;
  }
}
