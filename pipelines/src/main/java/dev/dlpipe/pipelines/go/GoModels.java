package dev.dlpipe.pipelines.go;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.engines.UserError;
import dev.dlpipe.models.go.PolicyValueConfig;
import dev.dlpipe.models.go.PolicyValueNet;
import dev.dlpipe.pipelines.ml.ModelFiles;
import dev.dlpipe.pipelines.ml.SequenceTraining;
import dev.dlpipe.pipelines.ml.TrainingTables;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Policy-value networks of the Go jobs: how a job names one, and how executors get theirs.
 *
 * <p>A model reference is one of
 *
 * <ul>
 *   <li>{@code best}: the line's best network as of a generation g, i.e. the candidate of the
 *       newest promoted row of {@code dlpipe.go.evaluations} for the line with a generation below
 *       g, or, before any promotion, the newest model named after the line (its bootstrap, from
 *       {@code go-init} or a supervised run). A pure function of (line, g), so a retried task of
 *       generation g sees the network its first attempt saw;
 *   <li>{@code NAME} or {@code NAME/RUN_ID}: a row of {@code dlpipe.ml.models} (the newest by
 *       creation time when no run id is given);
 *   <li>a URI or path of a {@code .zip} model file.
 * </ul>
 *
 * <p>Executors get a network as bytes broadcast once per executor; each task thread deserializes
 * its own copy once and keeps it in a per-JVM pool ({@link #borrow}), as DL4J networks are not
 * thread-safe.
 */
public final class GoModels {
  public static final String KIND = "policy-value";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Map<String, Deque<ComputationGraph>> POOL = new ConcurrentHashMap<>();

  private GoModels() {}

  /** A resolved reference: the model file's URI and the network read from it. */
  public record Resolved(String uri, ComputationGraph network) {
    /** Board side of the network's input. */
    public int boardSize() {
      return PolicyValueNet.boardSize(network);
    }
  }

  /** Checks a line name (it names table partitions and model names). */
  public static String checkLine(String line) {
    if (line == null || !NAME.matcher(line).matches()) {
      throw UserError.of(
          "invalid line name '" + line + "'",
          "it becomes a table partition and a model name: 1-128 letters, digits, '.', '_' or '-'",
          "pass e.g. --line go9");
    }
    return line;
  }

  /** The URI that {@code ref} names; see the class documentation. */
  public static String uri(Warehouse warehouse, String ref, String line, int generation) {
    if (ref.equals("best")) {
      String promoted = promotedBefore(warehouse, line, generation);
      return promoted != null ? promoted : byName(warehouse, line, null, ref);
    }
    if (ref.endsWith(".zip")) {
      return ref;
    }
    int slash = ref.indexOf('/');
    return slash < 0
        ? byName(warehouse, ref, null, ref)
        : byName(warehouse, ref.substring(0, slash), ref.substring(slash + 1), ref);
  }

  /** Resolves {@code ref} and reads the network. */
  public static Resolved resolve(Warehouse warehouse, String ref, String line, int generation) {
    String uri = uri(warehouse, ref, line, generation);
    return new Resolved(
        uri, ModelFiles.read(warehouse.spark().sparkContext().hadoopConfiguration(), uri));
  }

  private static String promotedBefore(Warehouse warehouse, String line, int generation) {
    if (!warehouse.spark().catalog().tableExists(GateNetworks.EVALUATIONS)) {
      return null;
    }
    List<Row> rows =
        warehouse
            .spark()
            .table(GateNetworks.EVALUATIONS)
            .where(
                col("line")
                    .equalTo(line)
                    .and(col("promoted"))
                    .and(col("generation").lt(generation)))
            .orderBy(col("generation").desc())
            .select("candidate")
            .limit(1)
            .collectAsList();
    return rows.isEmpty() ? null : rows.get(0).getString(0);
  }

  private static String byName(Warehouse warehouse, String name, String runId, String ref) {
    List<Row> rows = List.of();
    if (warehouse.spark().catalog().tableExists(TrainingTables.MODELS)) {
      var where = col("name").equalTo(name);
      if (runId != null) {
        where = where.and(col("run_id").equalTo(runId));
      }
      rows =
          warehouse
              .spark()
              .table(TrainingTables.MODELS)
              .where(where)
              .orderBy(col("created_at").desc())
              .select("uri")
              .limit(1)
              .collectAsList();
    }
    if (rows.isEmpty()) {
      throw UserError.of(
          "no model '" + ref + "'",
          ref.equals("best")
              ? "line " + name + " has no promoted network and no bootstrap model named " + name
              : "dlpipe.ml.models has no row named " + name + (runId == null ? "" : "/" + runId),
          ref.equals("best")
              ? "create one with `dlpipe go-init --line " + name + "` (or train a supervised one)"
              : "pass best, a model name from dlpipe.ml.models, or the URI of a model .zip");
    }
    return rows.get(0).getString(0);
  }

  /**
   * {@code go-init}: a freshly initialised network stored as the line's bootstrap model (name =
   * line, 0 epochs), the best network of generation 0.
   */
  public static String init(Warehouse warehouse, RunContext run, String line, PolicyValueConfig c) {
    checkLine(line);
    ComputationGraph net = PolicyValueNet.build(c);
    var conf = warehouse.spark().sparkContext().hadoopConfiguration();
    String dir = ModelFiles.runDir(warehouse.root(), line, run.runId());
    String uri = new Path(dir, "model.zip").toString();
    ModelFiles.write(conf, uri, net);
    ObjectNode json = config(c);
    SequenceTraining.writeText(conf, new Path(dir, "config.json").toString(), json.toString());
    TrainingTables.registerModel(
        warehouse,
        new TrainingTables.ModelRow(
            line,
            run.runId(),
            KIND,
            uri,
            "dl4j-zip",
            net.numParams(),
            json.toString(),
            "none (random initialisation)",
            0,
            Map.of()));
    return uri;
  }

  /** A network configuration as JSON, for config.json and the models table. */
  public static ObjectNode config(PolicyValueConfig c) {
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("board_size", c.boardSize());
    json.put("blocks", c.blocks());
    json.put("filters", c.filters());
    json.put("value_hidden", c.valueHidden());
    json.put("l2", c.l2());
    json.put("learning_rate", c.learningRate());
    json.put("optimizer", c.optimizer().name().toLowerCase(java.util.Locale.ROOT));
    json.put("init_seed", c.seed());
    return json;
  }

  /** The network's bytes (no updater state), for a broadcast. */
  public static byte[] bytes(ComputationGraph network) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ModelSerializer.writeModel(network, out, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A network for this thread from the per-JVM pool, deserialized from {@code bytes} when none is
   * free; give it back with {@link #release}.
   */
  public static ComputationGraph borrow(String key, byte[] bytes) {
    ComputationGraph net;
    Deque<ComputationGraph> free = POOL.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (free) {
      net = free.pollFirst();
    }
    if (net != null) {
      return net;
    }
    try {
      return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the broadcast network " + key, e);
    }
  }

  /** Returns a network taken with {@link #borrow}. */
  public static void release(String key, ComputationGraph net) {
    Deque<ComputationGraph> free = POOL.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (free) {
      free.addFirst(net);
    }
  }

  /** A well-mixed 64-bit hash (SplitMix64's finaliser) of a value folded into a seed. */
  public static long mix(long seed, long value) {
    long z = seed * 0x9E3779B97F4A7C15L + value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A stable 64-bit hash of a string (FNV-1a over UTF-16 units). */
  public static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
