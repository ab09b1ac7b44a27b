package dev.dlpipe.pipelines.go;

import static org.apache.spark.sql.functions.col;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.go.Board;
import dev.dlpipe.engines.go.Game;
import dev.dlpipe.engines.go.ResignThreshold;
import dev.dlpipe.engines.go.SelfPlay;
import dev.dlpipe.engines.go.Sgf;
import dev.dlpipe.models.go.NetworkPolicyValueFn;
import dev.dlpipe.pipelines.ml.NativeThreads;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The {@code selfplay} pipeline: N games of a network against itself, spread over the executors
 * ({@code spark.range(N)}), into {@code dlpipe.go.selfplay} and one SGF file per game.
 *
 * <p>The network is broadcast once (as bytes; each task thread deserializes one copy, see {@link
 * GoModels#borrow}). Game i of generation g is seeded by (model URI, line, g, i, seed): a retried
 * task, a speculative copy or a rerun of the generation plays exactly the same games, and the run
 * replaces the generation's rows, so games are never duplicated or lost.
 */
public final class SelfPlayGames {
  public static final String TABLE = "dlpipe.go.selfplay";
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SelfPlayGames.class);

  private SelfPlayGames() {}

  /**
   * What to play.
   *
   * @param line training line
   * @param generation generation the games belong to
   * @param model model reference ({@link GoModels}), e.g. {@code best}
   * @param games games to play
   * @param settings how games are played (board size must be the network's)
   * @param autoResign choose the resignation threshold from the line's played-out games of earlier
   *     generations ({@link ResignCalibration}) instead of taking the settings'
   * @param seed extra seed folded into every game's
   * @param sgfRoot where SGF files go, {@code <root>/<line>/gen-NNNN/game-NNNNN.sgf}; null: {@code
   *     <warehouse>/go/sgf}
   */
  public record Spec(
      String line,
      int generation,
      String model,
      int games,
      SelfPlay.Settings settings,
      boolean autoResign,
      long seed,
      String sgfRoot) {
    public Spec {
      GoModels.checkLine(line);
      if (generation < 0 || games < 1) {
        throw UserError.of(
            "invalid --generation " + generation + " or --games " + games,
            "generations count from 0 and at least one game is played",
            "pass e.g. --generation 0 --games 100");
      }
    }
  }

  /**
   * What was played.
   *
   * @param model URI of the network
   * @param games games written
   * @param positions moves played in them
   * @param wallSeconds seconds from the first game's start to the last one's end (the Spark stage)
   * @param gameSeconds summed seconds of the games
   * @param networkSeconds summed seconds of network evaluation in them
   * @param evaluations positions evaluated by the network
   * @param resigned games that ended by resignation
   * @param checkGames games played out to check resignation
   * @param checkWouldResign check games in which someone would have resigned
   * @param falsePositives of those, games the would-be resigner won
   * @param resign the resignation threshold played with, and how it was chosen
   */
  public record Result(
      String model,
      long games,
      long positions,
      double wallSeconds,
      double gameSeconds,
      double networkSeconds,
      long evaluations,
      long resigned,
      long checkGames,
      long checkWouldResign,
      long falsePositives,
      ResignThreshold.Choice resign) {
    public double gamesPerHour() {
      return games * 3600.0 / wallSeconds;
    }

    public double positionsPerSecond() {
      return positions / wallSeconds;
    }

    /** Share of game time not spent in the network: tree search, move generation, bookkeeping. */
    public double searchShare() {
      return gameSeconds == 0 ? Double.NaN : 1 - networkSeconds / gameSeconds;
    }
  }

  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    SparkSession spark = warehouse.spark();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    NativeThreads.forTasks(jsc.getConf());
    Configuration conf = jsc.hadoopConfiguration();
    GoModels.Resolved model =
        GoModels.resolve(warehouse, spec.model(), spec.line(), spec.generation());
    if (model.boardSize() != spec.settings().boardSize()) {
      throw UserError.of(
          "model " + model.uri() + " plays " + model.boardSize() + "x" + model.boardSize(),
          "--board is " + spec.settings().boardSize(),
          "pass --board " + model.boardSize() + " or another model");
    }
    ResignThreshold.Choice resign =
        ResignCalibration.forPlay(
            spark, spec.autoResign(), spec.settings(), spec.line(), spec.generation());
    LOG.info("selfplay {} gen {}: {}", spec.line(), spec.generation(), resign.reason());
    SelfPlay.Settings s = spec.settings().withResignThreshold(resign.threshold());
    String sgfDir =
        new Path(
                new Path(
                    spec.sgfRoot() != null
                        ? spec.sgfRoot()
                        : new Path(new Path(warehouse.root(), "go"), "sgf").toString(),
                    spec.line()),
                String.format("gen-%04d", spec.generation()))
            .toString();
    Broadcast<byte[]> net = jsc.broadcast(GoModels.bytes(model.network()));
    Broadcast<SerializableConfiguration> confB = jsc.broadcast(new SerializableConfiguration(conf));
    String uri = model.uri();
    String line = spec.line();
    int generation = spec.generation();
    long base =
        GoModels.mix(
            GoModels.mix(GoModels.mix(spec.seed(), GoModels.hash(uri)), GoModels.hash(line)),
            generation);
    String runId = run.runId();
    int slices = Math.max(1, Math.min(spec.games(), jsc.defaultParallelism() * 2));
    spark
        .sparkContext()
        .setJobDescription(
            String.format("selfplay %s gen %d: %d games", line, generation, spec.games()));
    long started = System.nanoTime();
    JavaRDD<Row> rows =
        spark
            .range(0, spec.games(), 1, slices)
            .javaRDD()
            .mapPartitions(
                (Iterator<Long> ids) -> {
                  ComputationGraph network = GoModels.borrow(uri, net.value());
                  try {
                    List<Row> out = new ArrayList<>();
                    while (ids.hasNext()) {
                      int game = (int) (long) ids.next();
                      out.add(
                          playOne(
                              network,
                              s,
                              GoModels.mix(base, game),
                              line,
                              generation,
                              game,
                              uri,
                              sgfDir,
                              confB.value().value(),
                              runId));
                    }
                    return out.iterator();
                  } finally {
                    GoModels.release(uri, network);
                  }
                })
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long played = rows.count();
      double wall = (System.nanoTime() - started) / 1e9;
      TableSchema schema = TableSchema.of(TABLE);
      spark
          .sparkContext()
          .setJobDescription(String.format("selfplay %s gen %d: write", line, generation));
      warehouse.replace(
          schema,
          spark.createDataFrame(rows, schema.sparkType()),
          col("line").equalTo(line).and(col("generation").equalTo(generation)));
      Row sums =
          spark
              .table(TABLE)
              .where(col("line").equalTo(line).and(col("generation").equalTo(generation)))
              .selectExpr(
                  "count(*)",
                  "sum(num_moves)",
                  "sum(seconds)",
                  "sum(network_seconds)",
                  "sum(evaluations)",
                  "count_if(resigned_by IS NOT NULL)",
                  "count_if(resign_check)",
                  "count_if(would_resign IS NOT NULL)",
                  "count_if(resign_false_positive)")
              .first();
      if (sums.getLong(0) != played) {
        throw new IllegalStateException(
            "selfplay wrote " + sums.getLong(0) + " games of " + played + " played");
      }
      return new Result(
          uri,
          sums.getLong(0),
          sums.getLong(1),
          wall,
          sums.getDouble(2),
          sums.getDouble(3),
          sums.getLong(4),
          sums.getLong(5),
          sums.getLong(6),
          sums.getLong(7),
          sums.getLong(8),
          resign);
    } finally {
      rows.unpersist();
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** Plays one game and writes its SGF file; returns its table row. */
  static Row playOne(
      ComputationGraph network,
      SelfPlay.Settings s,
      long seed,
      String line,
      int generation,
      int game,
      String model,
      String sgfDir,
      Configuration conf,
      String runId) {
    long t0 = System.nanoTime();
    NetworkPolicyValueFn fn = new NetworkPolicyValueFn(network, s.boardSize(), seed, true);
    SelfPlay.Record r = SelfPlay.play(fn, s, seed);
    double seconds = (System.nanoTime() - t0) / 1e9;
    String sgfUri = new Path(sgfDir, String.format("game-%05d.sgf", game)).toString();
    Map<String, String> info = new LinkedHashMap<>();
    info.put("PB", model);
    info.put("PW", model);
    info.put("RE", r.result());
    info.put("RU", "Tromp-Taylor");
    info.put("GN", String.format("%s gen %d game %d", line, generation, game));
    info.put("C", String.format("seed %d, %d playouts per move", seed, s.playouts()));
    writeText(conf, sgfUri, Sgf.write(replay(s, r.moves()), info));
    return RowFactory.create(
        line,
        generation,
        game,
        model,
        seed,
        s.boardSize(),
        s.komi(),
        s.playouts(),
        r.moves().length,
        r.moves(),
        r.visits(),
        r.values(),
        r.result(),
        color(r.winner()),
        color(r.resignedBy()),
        r.resignCheck(),
        color(r.wouldResign()),
        r.wouldResign() == Board.EMPTY ? null : r.wouldResignAt(),
        r.wouldResign() == Board.EMPTY ? null : r.resignFalsePositive(),
        r.capped(),
        seconds,
        fn.nanos() / 1e9,
        fn.evaluations(),
        sgfUri,
        runId);
  }

  static String color(byte c) {
    return c == Board.BLACK ? "B" : c == Board.WHITE ? "W" : null;
  }

  /** The inverse of {@link #color}: "B", "W", or null (a draw) as a stone colour. */
  static byte stone(String color) {
    return "B".equals(color) ? Board.BLACK : "W".equals(color) ? Board.WHITE : Board.EMPTY;
  }

  private static Game replay(SelfPlay.Settings s, int[] moves) {
    int n = s.boardSize();
    Game g = new Game(n, s.komi(), false, true);
    for (int m : moves) {
      g.play(m == n * n ? Board.PASS : g.board().point(m % n, m / n), g.toMove());
    }
    return g;
  }

  private static void writeText(Configuration conf, String uri, String text) {
    Path path = new Path(uri);
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (fs instanceof LocalFileSystem local) {
        fs = local.getRawFileSystem();
      }
      fs.mkdirs(path.getParent());
      // A retried task writes the same bytes over its first attempt's file.
      try (OutputStream out = fs.create(path, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + uri, e);
    }
  }
}
