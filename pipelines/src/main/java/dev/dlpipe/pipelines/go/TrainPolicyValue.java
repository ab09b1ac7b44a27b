package dev.dlpipe.pipelines.go;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.go.Board;
import dev.dlpipe.models.go.PolicyValueBatches;
import dev.dlpipe.models.go.PolicyValueBatches.Sample;
import dev.dlpipe.models.go.PolicyValueConfig;
import dev.dlpipe.models.go.PolicyValueNet;
import dev.dlpipe.models.go.TrainingGame;
import dev.dlpipe.pipelines.ml.ModelFiles;
import dev.dlpipe.pipelines.ml.SequenceTask;
import dev.dlpipe.pipelines.ml.SequenceTraining;
import dev.dlpipe.pipelines.ml.TrainingPlan;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The {@code train-policy-value} pipeline: a {@link PolicyValueNet} trained by parameter averaging
 * on Spark ({@link SequenceTraining}: checkpoints per epoch, resume, rounds and model rows), on
 * either
 *
 * <ul>
 *   <li>self-play games of a window of generations of a line ({@code dlpipe.go.selfplay}): policy
 *       target the search's visit distribution, value target the game's result (AlphaGo Zero), or
 *   <li>game records ({@code dlpipe.go.positions} of a collection): policy target the move played,
 *       value target the result (AlphaGo Lee's supervised start).
 * </ul>
 *
 * Positions are augmented with the 8 symmetries of the board ({@link Augment}). Whole games are
 * held out by a hash of their id, and the network's top-1 move-prediction accuracy, policy loss and
 * value error on them are stored with the model.
 */
public final class TrainPolicyValue {
  private TrainPolicyValue() {}

  /** Dihedral augmentation of each training position. */
  public enum Augment {
    /** All 8 symmetries every epoch (8 samples per position). */
    all,
    /** One symmetry per position, drawn from the seed (1 sample per position). */
    random,
    /** As played. */
    none
  }

  /**
   * What to train.
   *
   * @param line self-play line (null with {@code positions})
   * @param firstGeneration first generation of the window
   * @param lastGeneration last generation of the window
   * @param positions collection of {@code dlpipe.go.positions} instead of self-play (or null)
   * @param maxGames at most this many games (0 = all), chosen by a hash of their id
   * @param init model reference to continue training (null: a new network from {@code network})
   * @param model model name in the store
   * @param network shape and optimiser of a new network
   * @param augment symmetries per position
   * @param heldOutPercent percent of games held out
   * @param valuePositions per training game, about this many positions train the value head (0 =
   *     all); the policy head trains on every position
   * @param plan data-parallel plan
   * @param resume continue the run's newest checkpoint
   */
  public record Spec(
      String line,
      int firstGeneration,
      int lastGeneration,
      String positions,
      int maxGames,
      String init,
      String model,
      PolicyValueConfig network,
      Augment augment,
      int heldOutPercent,
      int valuePositions,
      TrainingPlan plan,
      boolean resume) {
    public Spec {
      if ((line == null) == (positions == null)) {
        throw UserError.of(
            "nothing or two things to train on",
            "train-policy-value trains on self-play generations or on game records, one of them",
            "pass --line with --generations K..L, or --positions COLLECTION");
      }
      if (line != null) {
        GoModels.checkLine(line);
        if (firstGeneration < 0 || lastGeneration < firstGeneration) {
          throw UserError.of(
              "invalid --generations " + firstGeneration + ".." + lastGeneration,
              "a window is K..L with 0 <= K <= L",
              "pass e.g. --generations 3..7");
        }
      }
      if (valuePositions < 0) {
        throw UserError.of(
            "invalid --value-positions " + valuePositions,
            "it is a number of positions per game, 0 for all",
            "pass 0, or e.g. 8");
      }
      if (heldOutPercent < 0 || heldOutPercent > 50) {
        throw UserError.of(
            "invalid --held-out " + heldOutPercent,
            "the held-out share is a percentage of games from 0 to 50",
            "pass e.g. 5");
      }
    }
  }

  /** What the run did. */
  public record Result(
      int games,
      int heldOutGames,
      long trainPositions,
      long heldOutPositions,
      String init,
      SequenceTraining.Result training) {}

  /** The task the generic trainer runs; examples are samples (position, symmetry). */
  static final class Task implements SequenceTask<Sample> {
    private final PolicyValueConfig config;
    private final String initUri;
    private final org.apache.hadoop.conf.Configuration conf;

    Task(PolicyValueConfig config, String initUri, org.apache.hadoop.conf.Configuration conf) {
      this.config = config;
      this.initUri = initUri;
      this.conf = conf;
    }

    @Override
    public ComputationGraph newNetwork() {
      return initUri == null ? PolicyValueNet.build(config) : ModelFiles.read(conf, initUri);
    }

    @Override
    public int length(Sample example) {
      return 1;
    }

    @Override
    public MultiDataSet batch(List<Sample> examples) {
      return PolicyValueBatches.batch(examples);
    }

    @Override
    public double[] heldOutLoss(ComputationGraph network, MultiDataSet batch) {
      PolicyValueBatches.Scores s = PolicyValueBatches.score(network, batch);
      return new double[] {s.policyLoss(), s.positions()};
    }

    @Override
    public Map<String, Double> heldOutMetrics(ComputationGraph network, List<Sample> heldOut) {
      PolicyValueBatches.Scores total = new PolicyValueBatches.Scores(0, 0, 0, 0);
      for (int start = 0; start < heldOut.size(); start += 256) {
        List<Sample> part = heldOut.subList(start, Math.min(heldOut.size(), start + 256));
        total = total.plus(PolicyValueBatches.score(network, PolicyValueBatches.batch(part)));
      }
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("move_accuracy", total.accuracy());
      m.put("policy_loss", total.meanPolicyLoss());
      m.put("value_mse", total.valueMse());
      m.put("held_out_positions", (double) total.positions());
      return m;
    }
  }

  /** One game read from a table, with its id. */
  record Keyed(String id, TrainingGame game) implements Serializable {}

  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    SparkSession spark = warehouse.spark();
    var conf = spark.sparkContext().hadoopConfiguration();
    List<Keyed> games = spec.line() != null ? selfPlay(spark, spec) : records(spark, spec);
    if (spec.maxGames() > 0 && games.size() > spec.maxGames()) {
      games.sort(
          Comparator.comparingLong(k -> GoModels.mix(spec.plan().seed(), GoModels.hash(k.id()))));
      games = new ArrayList<>(games.subList(0, spec.maxGames()));
    }
    String initUri =
        spec.init() == null
            ? null
            : GoModels.uri(warehouse, spec.init(), spec.line(), spec.lastGeneration());
    int boardSize = spec.network().boardSize();
    if (initUri != null) {
      boardSize = PolicyValueNet.boardSize(ModelFiles.read(conf, initUri));
    }
    List<Sample> train = new ArrayList<>();
    List<Sample> heldOut = new ArrayList<>();
    int heldOutGames = 0;
    for (Keyed k : games) {
      TrainingGame g = k.game();
      if (g.boardSize() != boardSize) {
        throw UserError.of(
            "game " + k.id() + " is " + g.boardSize() + "x" + g.boardSize(),
            "the network plays " + boardSize + "x" + boardSize,
            "train a network of the games' size (--board), or select games of one size");
      }
      long h = GoModels.mix(0x60D, GoModels.hash(k.id()));
      if (Math.floorMod(h, 100) < spec.heldOutPercent()) {
        heldOutGames++;
        for (int i = 0; i < g.size(); i++) {
          heldOut.add(new Sample(g, i, 0));
        }
        continue;
      }
      for (int i = 0; i < g.size(); i++) {
        // A game's positions share one outcome: fitting all of them teaches the value head the
        // game, not the position (AlphaGo's value network took one position per game).
        boolean v =
            spec.valuePositions() == 0
                || Math.floorMod(GoModels.mix(h ^ 0x5A1E, i), (long) g.size())
                    < spec.valuePositions();
        switch (spec.augment()) {
          case all -> {
            for (int s = 0; s < 8; s++) {
              train.add(new Sample(g, i, s, v));
            }
          }
          case random ->
              train.add(new Sample(g, i, (int) Math.floorMod(GoModels.mix(h, i), 8L), v));
          case none -> train.add(new Sample(g, i, 0, v));
        }
      }
    }
    if (train.isEmpty()) {
      throw UserError.of(
          "nothing to train on",
          games.isEmpty()
              ? "no games in "
                  + (spec.line() != null
                      ? "dlpipe.go.selfplay for line "
                          + spec.line()
                          + " generations "
                          + spec.firstGeneration()
                          + ".."
                          + spec.lastGeneration()
                      : "dlpipe.go.positions collection " + spec.positions())
              : "every game is held out",
          "run selfplay (or go-import) first, or lower --held-out");
    }
    ObjectNode json = GoModels.config(spec.network());
    json.put("board_size", boardSize);
    json.put("data", dataName(spec));
    json.put("max_games", spec.maxGames());
    json.put("init", initUri);
    json.put("augment", spec.augment().name());
    json.put("value_positions", spec.valuePositions());
    json.put("held_out_percent", spec.heldOutPercent());
    spec.plan().describe(json);
    PolicyValueConfig c = spec.network();
    PolicyValueConfig config =
        new PolicyValueConfig(
            boardSize,
            c.blocks(),
            c.filters(),
            c.valueHidden(),
            c.l2(),
            c.learningRate(),
            c.optimizer(),
            spec.plan().seed());
    SequenceTraining.Result trained =
        SequenceTraining.run(
            warehouse,
            run,
            new SequenceTraining.Spec(
                spec.model(), GoModels.KIND, spec.plan(), spec.resume(), json, dataName(spec)),
            new Task(config, initUri, conf),
            train,
            heldOut);
    return new Result(
        games.size() - heldOutGames, heldOutGames, train.size(), heldOut.size(), initUri, trained);
  }

  private static String dataName(Spec spec) {
    return spec.line() != null
        ? String.format(
            Locale.ROOT,
            "%s line=%s generations=%d..%d",
            SelfPlayGames.TABLE,
            spec.line(),
            spec.firstGeneration(),
            spec.lastGeneration())
        : ImportGames.POSITIONS + " collection=" + spec.positions();
  }

  private static List<Keyed> selfPlay(SparkSession spark, Spec spec) {
    if (!spark.catalog().tableExists(SelfPlayGames.TABLE)) {
      return new ArrayList<>();
    }
    Dataset<Row> rows =
        spark
            .table(SelfPlayGames.TABLE)
            .where(
                col("line")
                    .equalTo(spec.line())
                    .and(col("generation").between(spec.firstGeneration(), spec.lastGeneration())))
            .select("generation", "game", "board_size", "komi", "moves", "visits", "winner");
    List<Keyed> out =
        new ArrayList<>(
            rows.javaRDD()
                .map(
                    r -> {
                      List<Integer> m = r.getList(4);
                      List<Object> v = r.getList(5);
                      int[] moves = new int[m.size()];
                      int[][] visits = new int[m.size()][];
                      for (int i = 0; i < moves.length; i++) {
                        moves[i] = m.get(i);
                        visits[i] = ints(v.get(i));
                      }
                      byte winner = SelfPlayGames.stone(r.isNullAt(6) ? null : r.getString(6));
                      return new Keyed(
                          "g" + r.getInt(0) + "/" + r.getInt(1),
                          TrainingGame.replay(r.getInt(2), r.getDouble(3), moves, visits, winner));
                    })
                .collect());
    out.sort(Comparator.comparing(Keyed::id));
    return out;
  }

  /** An array<int> value nested in another array: a Scala Seq or a Java list. */
  private static int[] ints(Object value) {
    if (value instanceof scala.collection.Seq<?> seq) {
      int[] out = new int[seq.length()];
      for (int i = 0; i < out.length; i++) {
        out[i] = (Integer) seq.apply(i);
      }
      return out;
    }
    return ((List<?>) value).stream().mapToInt(x -> (Integer) x).toArray();
  }

  private static List<Keyed> records(SparkSession spark, Spec spec) {
    if (!spark.catalog().tableExists(ImportGames.POSITIONS)) {
      return new ArrayList<>();
    }
    // Games with no winner (draws, unknown results) have no value target: left out.
    Dataset<Row> rows =
        spark
            .table(ImportGames.POSITIONS)
            .where(col("collection").equalTo(spec.positions()))
            .groupBy("game_id")
            .agg(
                org.apache
                    .spark
                    .sql
                    .functions
                    .collect_list(
                        org.apache.spark.sql.functions.struct(
                            "move_number", "size", "to_move", "board", "move", "outcome"))
                    .as("p"));
    List<Keyed> out =
        new ArrayList<>(
            rows.javaRDD()
                .map(
                    r -> {
                      List<Row> p = new ArrayList<>(r.getList(1));
                      p.sort(Comparator.comparingInt(x -> x.getInt(0)));
                      int m = p.size();
                      byte[][] positions = new byte[m][];
                      byte[] toMove = new byte[m];
                      int[] played = new int[m];
                      float[] outcome = new float[m];
                      for (int i = 0; i < m; i++) {
                        Row x = p.get(i);
                        if (x.isNullAt(5)) {
                          return null;
                        }
                        positions[i] = (byte[]) x.get(3);
                        toMove[i] = "B".equals(x.getString(2)) ? Board.BLACK : Board.WHITE;
                        played[i] = x.getInt(4);
                        outcome[i] = x.getInt(5);
                      }
                      int n = m == 0 ? 0 : p.get(0).getInt(1);
                      return new Keyed(
                          r.getString(0),
                          new TrainingGame(n, positions, toMove, played, null, outcome));
                    })
                .filter(k -> k != null)
                .collect());
    out.sort(Comparator.comparing(Keyed::id));
    return out;
  }
}
