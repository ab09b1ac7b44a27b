package dev.dlpipe.pipelines.go;

import static org.apache.spark.sql.functions.col;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.go.Board;
import dev.dlpipe.engines.go.ResignThreshold;
import dev.dlpipe.engines.go.SelfPlay;
import dev.dlpipe.models.go.NetworkPolicyValueFn;
import dev.dlpipe.pipelines.ml.NativeThreads;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The {@code gate} pipeline (AlphaGo Zero's evaluator): a candidate network plays the line's best
 * network, colours alternated, games spread over the executors; the candidate is promoted, i.e.
 * becomes {@code best} for the next generations, only when its win rate exceeds the threshold. One
 * row in {@code dlpipe.go.evaluations}, replaced by a rerun of the same (line, generation); games
 * are seeded by (candidate, best, generation, game), so a rerun reaches the same verdict.
 */
public final class GateNetworks {
  public static final String EVALUATIONS = "dlpipe.go.evaluations";

  private GateNetworks() {}

  /**
   * What to play.
   *
   * @param line training line
   * @param generation the candidate's generation; {@code best} resolves to the best before it
   * @param candidate model reference of the candidate
   * @param best model reference of the network to beat (usually {@code best})
   * @param games games (even: each network plays black as often)
   * @param settings evaluation settings (no root noise)
   * @param autoResign choose the resignation threshold from the line's played-out self-play games
   *     up to this generation ({@link ResignCalibration}) instead of taking the settings'
   * @param threshold win rate to exceed
   * @param seed extra seed
   */
  public record Spec(
      String line,
      int generation,
      String candidate,
      String best,
      int games,
      SelfPlay.Settings settings,
      boolean autoResign,
      double threshold,
      long seed) {
    public Spec {
      GoModels.checkLine(line);
      if (games < 1 || threshold < 0 || threshold >= 1) {
        throw UserError.of(
            "invalid --games " + games + " or --threshold " + threshold,
            "at least one game, and a win rate threshold in [0, 1)",
            "pass e.g. --games 400 --threshold 0.55");
      }
    }
  }

  /** The verdict. */
  public record Result(
      String candidate,
      String best,
      int games,
      int candidateWins,
      int draws,
      double winRate,
      boolean promoted,
      double seconds,
      ResignThreshold.Choice resign) {}

  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    SparkSession spark = warehouse.spark();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    NativeThreads.forTasks(jsc.getConf());
    GoModels.Resolved cand =
        GoModels.resolve(warehouse, spec.candidate(), spec.line(), spec.generation());
    GoModels.Resolved best =
        GoModels.resolve(warehouse, spec.best(), spec.line(), spec.generation());
    for (GoModels.Resolved m : List.of(cand, best)) {
      if (m.boardSize() != spec.settings().boardSize()) {
        throw UserError.of(
            "model " + m.uri() + " plays " + m.boardSize() + "x" + m.boardSize(),
            "--board is " + spec.settings().boardSize(),
            "pass --board " + m.boardSize() + ", and two networks of the same board size");
      }
    }
    // The generation's own self-play games count: they were played by the best network.
    ResignThreshold.Choice resign =
        ResignCalibration.forPlay(
            spark, spec.autoResign(), spec.settings(), spec.line(), spec.generation() + 1);
    SelfPlay.Settings s = spec.settings().withResignThreshold(resign.threshold());
    Broadcast<byte[]> candB = jsc.broadcast(GoModels.bytes(cand.network()));
    Broadcast<byte[]> bestB = jsc.broadcast(GoModels.bytes(best.network()));
    String cUri = cand.uri();
    String bUri = best.uri();
    long base =
        GoModels.mix(
            GoModels.mix(GoModels.mix(spec.seed(), GoModels.hash(cUri)), GoModels.hash(bUri)),
            spec.generation());
    int slices = Math.max(1, Math.min(spec.games(), jsc.defaultParallelism() * 2));
    spark
        .sparkContext()
        .setJobDescription(
            String.format(
                "gate %s gen %d: %d games", spec.line(), spec.generation(), spec.games()));
    long started = System.nanoTime();
    List<Object[]> outcomes =
        new ArrayList<>(
            spark
                .range(0, spec.games(), 1, slices)
                .javaRDD()
                .mapPartitions(
                    (Iterator<Long> ids) -> {
                      ComputationGraph c = GoModels.borrow(cUri, candB.value());
                      ComputationGraph b = GoModels.borrow(bUri, bestB.value());
                      try {
                        List<Object[]> out = new ArrayList<>();
                        while (ids.hasNext()) {
                          int game = (int) (long) ids.next();
                          long seed = GoModels.mix(base, game);
                          int n = s.boardSize();
                          NetworkPolicyValueFn cf = new NetworkPolicyValueFn(c, n, seed, true);
                          NetworkPolicyValueFn bf = new NetworkPolicyValueFn(b, n, ~seed, true);
                          boolean candidateBlack = game % 2 == 0;
                          SelfPlay.Record r =
                              candidateBlack
                                  ? SelfPlay.match(cf, bf, s, seed)
                                  : SelfPlay.match(bf, cf, s, seed);
                          byte candidateColor = candidateBlack ? Board.BLACK : Board.WHITE;
                          int score =
                              r.winner() == Board.EMPTY ? 1 : r.winner() == candidateColor ? 2 : 0;
                          out.add(new Object[] {game, r.result(), score});
                        }
                        return out.iterator();
                      } finally {
                        GoModels.release(cUri, c);
                        GoModels.release(bUri, b);
                      }
                    })
                .collect());
    double seconds = (System.nanoTime() - started) / 1e9;
    outcomes.sort(Comparator.comparingInt(o -> (Integer) o[0]));
    int wins = 0;
    int draws = 0;
    List<String> results = new ArrayList<>();
    for (Object[] o : outcomes) {
      int score = (Integer) o[2];
      wins += score == 2 ? 1 : 0;
      draws += score == 1 ? 1 : 0;
      results.add((String) o[1]);
    }
    double winRate = (wins + draws / 2.0) / spec.games();
    boolean promoted = winRate > spec.threshold();
    TableSchema schema = TableSchema.of(EVALUATIONS);
    Row row =
        RowFactory.create(
            spec.line(),
            spec.generation(),
            cUri,
            bUri,
            spec.games(),
            wins,
            draws,
            winRate,
            spec.threshold(),
            promoted,
            s.boardSize(),
            s.playouts(),
            results.toArray(new String[0]),
            seconds,
            run.runId(),
            Timestamp.from(Instant.now()));
    warehouse.replace(
        schema,
        spark.createDataFrame(List.of(row), schema.sparkType()),
        col("line").equalTo(spec.line()).and(col("generation").equalTo(spec.generation())));
    spark.sparkContext().setJobDescription(null);
    return new Result(cUri, bUri, spec.games(), wins, draws, winRate, promoted, seconds, resign);
  }
}
