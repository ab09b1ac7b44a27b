package dev.dlpipe.pipelines.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.engines.UserError;
import dev.dlpipe.pipelines.io.AtomicFiles;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run of a sequence model, start to finish: data-parallel epochs with {@link
 * ParameterAveragingTrainer}, after each epoch a checkpoint, the epoch's rows in {@code
 * dlpipe.ml.training_rounds} and the held-out loss; at the end the model file, its training curve
 * and its row in {@code dlpipe.ml.models}.
 *
 * <p>{@code resume} continues the run's newest checkpoint (same run id): the configuration must be
 * the one the run started with (only the number of epochs may grow), and the epochs after the
 * checkpoint are trained exactly as an uninterrupted run would train them.
 */
public final class SequenceTraining {
  private static final Logger LOG = LoggerFactory.getLogger(SequenceTraining.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private SequenceTraining() {}

  /**
   * The run.
   *
   * @param model model name in the store
   * @param kind model kind (a {@code dlpipe.ml.models} kind)
   * @param plan parallelism, batch sizes, epochs and seed
   * @param resume continue from the newest checkpoint of this run id
   * @param config the training configuration as JSON (everything but the epochs must match on
   *     resume)
   * @param trainingData what the model trains on, for the models table
   */
  public record Spec(
      String model,
      String kind,
      TrainingPlan plan,
      boolean resume,
      ObjectNode config,
      String trainingData) {}

  /** What the run did. */
  public record Result(
      String modelUri,
      String curveUri,
      int firstEpoch,
      List<RoundStats> rounds,
      Map<Integer, Double> validLossPerEpoch,
      long parameters,
      double seconds,
      Map<String, Double> metrics) {
    public double finalValidLoss() {
      return validLossPerEpoch.isEmpty()
          ? Double.NaN
          : validLossPerEpoch.get(validLossPerEpoch.keySet().stream().max(Integer::compare).get());
    }
  }

  public static <E> Result run(
      Warehouse warehouse,
      RunContext run,
      Spec spec,
      SequenceTask<E> task,
      List<E> train,
      List<E> valid) {
    long started = System.nanoTime();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(warehouse.spark().sparkContext());
    Configuration conf = sc.hadoopConfiguration();
    String runDir = ModelFiles.runDir(warehouse.root(), spec.model(), run.runId());
    String configUri = new Path(runDir, "config.json").toString();
    ObjectNode config = spec.config().deepCopy();
    config.put("epochs", spec.plan().epochs());

    ComputationGraph network;
    int firstEpoch;
    if (spec.resume()) {
      List<Integer> done = ModelFiles.checkpoints(conf, runDir);
      if (done.isEmpty()) {
        throw UserError.of(
            "nothing to resume for run " + run.runId(),
            "no checkpoint under " + runDir + "/checkpoints",
            "pass the --run-id of a run that finished at least one epoch, or drop --resume");
      }
      checkSameConfig(conf, configUri, config);
      int last = done.get(done.size() - 1);
      network = ModelFiles.read(conf, ModelFiles.checkpointUri(runDir, last));
      firstEpoch = last + 1;
      LOG.info("resuming {} from the checkpoint of epoch {}", run.runId(), last);
    } else {
      network = task.newNetwork();
      firstEpoch = 1;
    }
    writeText(conf, configUri, pretty(config));

    Map<Integer, Double> validLoss = new LinkedHashMap<>();
    TrainingPlan plan = spec.plan();
    List<RoundStats> rounds =
        new ParameterAveragingTrainer(sc, plan)
            .train(
                network,
                firstEpoch,
                epoch ->
                    batches(
                        task,
                        BucketedBatches.epoch(
                            train, task::length, plan.batchPerWorker(), plan.seed(), epoch)),
                (epoch, net, epochRounds) -> {
                  // Rows first: a driver lost in between leaves rows without a checkpoint, and the
                  // resumed run trains that epoch again and replaces them.
                  TrainingTables.writeEpoch(
                      warehouse, run.runId(), spec.model(), epoch, epochRounds);
                  ModelFiles.checkpoint(conf, runDir, epoch, net);
                  if (!valid.isEmpty()) {
                    double loss = heldOutLoss(task, net, valid, plan.batchPerWorker());
                    validLoss.put(epoch, loss);
                    LOG.info(
                        "epoch {}: held-out loss {} per token (perplexity {})",
                        epoch,
                        String.format("%.4f", loss),
                        String.format("%.2f", Math.exp(loss)));
                  }
                });

    String modelUri = new Path(runDir, "model.zip").toString();
    ModelFiles.write(conf, modelUri, network);
    String curveUri = new Path(runDir, "training-curve.png").toString();
    List<RoundStats> history = history(warehouse, run.runId(), rounds);
    TrainingCurve.write(conf, curveUri, spec.model() + " (" + run.runId() + ")", history);

    Map<String, Double> metrics = new LinkedHashMap<>();
    if (!history.isEmpty()) {
      metrics.put("train_loss", history.get(history.size() - 1).score());
    }
    if (!validLoss.isEmpty()) {
      double last = validLoss.get(Collections.max(validLoss.keySet()));
      metrics.put("valid_loss_per_token", last);
      metrics.put("valid_perplexity", Math.exp(last));
      metrics.putAll(task.heldOutMetrics(network, valid));
    }
    long examples = rounds.stream().mapToLong(RoundStats::examples).sum();
    double seconds = (System.nanoTime() - started) / 1e9;
    metrics.put("examples_per_second", examples / seconds);
    TrainingTables.registerModel(
        warehouse,
        new TrainingTables.ModelRow(
            spec.model(),
            run.runId(),
            spec.kind(),
            modelUri,
            "dl4j-zip",
            network.numParams(),
            config.toString(),
            spec.trainingData(),
            plan.epochs(),
            metrics));
    return new Result(
        modelUri,
        curveUri,
        firstEpoch,
        rounds,
        validLoss,
        network.numParams(),
        seconds,
        Map.copyOf(metrics));
  }

  /** Mean held-out loss per target token, computed on the driver. */
  public static <E> double heldOutLoss(
      SequenceTask<E> task, ComputationGraph network, List<E> examples, int batchSize) {
    double loss = 0;
    double tokens = 0;
    for (List<E> b : BucketedBatches.inOrder(examples, task::length, batchSize)) {
      double[] lt = task.heldOutLoss(network, task.batch(b));
      loss += lt[0];
      tokens += lt[1];
    }
    return tokens == 0 ? Double.NaN : loss / tokens;
  }

  private static <E> List<MultiDataSet> batches(SequenceTask<E> task, List<List<E>> groups) {
    List<MultiDataSet> out = new ArrayList<>(groups.size());
    for (List<E> g : groups) {
      out.add(task.batch(g));
    }
    return out;
  }

  /** All rounds of the run in order, earlier epochs (before a resume) read back from the table. */
  private static List<RoundStats> history(
      Warehouse warehouse, String runId, List<RoundStats> trained) {
    List<RoundStats> all = new ArrayList<>();
    int first = trained.isEmpty() ? Integer.MAX_VALUE : trained.get(0).epoch();
    warehouse
        .spark()
        .table(TrainingTables.ROUNDS)
        .where(
            org.apache
                .spark
                .sql
                .functions
                .col("run_id")
                .equalTo(runId)
                .and(org.apache.spark.sql.functions.col("epoch").lt(first)))
        .orderBy("epoch", "round")
        .collectAsList()
        .forEach(
            r ->
                all.add(
                    new RoundStats(
                        r.getInt(r.fieldIndex("epoch")),
                        r.getInt(r.fieldIndex("round")),
                        r.getInt(r.fieldIndex("workers")),
                        r.getLong(r.fieldIndex("examples")),
                        r.isNullAt(r.fieldIndex("score"))
                            ? Double.NaN
                            : r.getDouble(r.fieldIndex("score")),
                        r.getLong(r.fieldIndex("fit_ms")),
                        r.getLong(r.fieldIndex("averaging_ms")),
                        r.getLong(r.fieldIndex("broadcast_ms")),
                        r.getLong(r.fieldIndex("round_ms")),
                        r.getTimestamp(r.fieldIndex("ended_at")).toInstant())));
    all.addAll(trained);
    return all;
  }

  private static void checkSameConfig(Configuration conf, String uri, ObjectNode now) {
    ObjectNode before;
    ObjectNode asked;
    try {
      before = (ObjectNode) JSON.readTree(readText(conf, uri));
      // Through text, so numbers compare by value (a long written is an int read back).
      asked = (ObjectNode) JSON.readTree(now.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + uri, e);
    }
    java.util.Set<String> keys = new java.util.TreeSet<>();
    before.fieldNames().forEachRemaining(keys::add);
    asked.fieldNames().forEachRemaining(keys::add);
    keys.remove("epochs");
    List<String> changed = new ArrayList<>();
    for (String k : keys) {
      if (!java.util.Objects.equals(before.get(k), asked.get(k))) {
        changed.add(k + " " + before.get(k) + " -> " + asked.get(k));
      }
    }
    if (!changed.isEmpty()) {
      throw UserError.of(
          "--resume with a different configuration",
          "the run started with other settings: " + String.join(", ", changed),
          "resume with the run's original options (only --epochs may grow), or start a new run id");
    }
  }

  private static String pretty(ObjectNode node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the text file at {@code uri} whole ({@link AtomicFiles}): never half written. */
  public static void writeText(Configuration conf, String uri, String text) {
    AtomicFiles.replace(conf, uri, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  public static String readText(Configuration conf, String uri) {
    Path path = new Path(uri);
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (InputStream in = fs.open(path)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri, e);
    }
  }
}
