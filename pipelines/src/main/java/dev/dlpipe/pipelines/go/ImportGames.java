package dev.dlpipe.pipelines.go;

import static org.apache.spark.sql.functions.col;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.go.Board;
import dev.dlpipe.engines.go.Game;
import dev.dlpipe.engines.go.Sgf;
import dev.dlpipe.pipelines.io.InputFiles;
import dev.dlpipe.pipelines.ops.Rejects;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The {@code go-import} pipeline: SGF game records (any Hadoop filesystem) into {@code
 * dlpipe.go.games} (one row per game) and {@code dlpipe.go.positions} (one row per move: the
 * position before it, the move, the outcome for the mover). Files are read and replayed on
 * executors (simple ko, no suicide: the rules records are played under); a record that does not
 * parse or replay goes to {@code dlpipe.ops.rejects} with its file and move. Files read = games
 * written + games rejected. Both tables are replaced for the collection.
 */
public final class ImportGames {
  public static final String GAMES = "dlpipe.go.games";
  public static final String POSITIONS = "dlpipe.go.positions";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private ImportGames() {}

  /**
   * What to import.
   *
   * @param inputs directories, files or globs of SGF files
   * @param collection collection name; the run replaces it in both tables
   */
  public record Spec(List<String> inputs, String collection) {
    public Spec {
      inputs = List.copyOf(inputs);
      if (collection == null || !NAME.matcher(collection).matches()) {
        throw UserError.of(
            "invalid collection name '" + collection + "'",
            "it becomes a table partition: 1-128 letters, digits, '.', '_' or '-'",
            "pass e.g. --collection tygem-9d");
      }
    }
  }

  /** What was imported. */
  public record Result(RowCounts counts, long positions) {}

  /** One file's outcome, computed on an executor. */
  static final class Imported implements Serializable {
    private static final long serialVersionUID = 1L;
    String gameId;
    String file;
    Row game;
    List<Row> positions = new ArrayList<>();
    String rejectCode;
    String rejectMessage;
    String rejectLocator;
  }

  /** Runs the import; see the class documentation. */
  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    SparkSession spark = warehouse.spark();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<String[]> work = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (String input : spec.inputs()) {
      String base = qualifiedPath(conf, new Path(input));
      for (Path f : InputFiles.expand(conf, List.of(input))) {
        if (!f.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".sgf")) {
          continue;
        }
        String id = relative(base, f);
        if (!ids.add(id)) {
          throw UserError.of(
              "two inputs give the game id " + id,
              "game ids are file paths relative to each input, and must be unique in a collection",
              "import overlapping inputs as separate collections");
        }
        work.add(new String[] {f.toString(), id});
      }
    }
    if (work.isEmpty()) {
      throw UserError.of(
          "no .sgf file in " + spec.inputs(),
          "go-import reads files ending in .sgf",
          "check --input");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> confB = jsc.broadcast(new SerializableConfiguration(conf));
    String collection = spec.collection();
    String runId = run.runId();
    spark.sparkContext().setJobDescription("go-import " + collection + ": replay games");
    int slices = Math.max(1, Math.min(work.size(), jsc.defaultParallelism() * 4));
    JavaRDD<Imported> imported =
        jsc.parallelize(work, slices)
            .map(w -> importOne(confB.value().value(), w[0], w[1], collection, runId))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long read = imported.count();
      TableSchema gamesSchema = TableSchema.of(GAMES);
      TableSchema positionsSchema = TableSchema.of(POSITIONS);
      var inCollection = col("collection").equalTo(collection);

      spark.sparkContext().setJobDescription("go-import " + collection + ": write rejects");
      Rejects.replace(
          warehouse,
          run,
          spark.createDataFrame(
              imported
                  .filter(i -> i.rejectCode != null)
                  .map(
                      i ->
                          RowFactory.create(
                              runId,
                              run.job(),
                              i.file,
                              i.rejectLocator,
                              i.rejectCode,
                              i.rejectMessage)),
              Rejects.schema().sparkType()));
      spark.sparkContext().setJobDescription("go-import " + collection + ": write games");
      warehouse.replace(
          gamesSchema,
          spark.createDataFrame(
              imported.filter(i -> i.game != null).map(i -> i.game), gamesSchema.sparkType()),
          inCollection);
      spark.sparkContext().setJobDescription("go-import " + collection + ": write positions");
      warehouse.replace(
          positionsSchema,
          spark.createDataFrame(
              imported.filter(i -> i.game != null).flatMap(i -> i.positions.iterator()),
              positionsSchema.sparkType()),
          inCollection);

      long written = spark.table(GAMES).where(inCollection).count();
      long rejected = spark.table(Rejects.TABLE).where(col("run_id").equalTo(runId)).count();
      long positions = spark.table(POSITIONS).where(inCollection).count();
      RowCounts counts = new RowCounts(read, written, rejected);
      if (!counts.reconciles()) {
        throw new IllegalStateException(
            "go-import " + collection + ": counts do not reconcile: " + counts);
      }
      return new Result(counts, positions);
    } finally {
      imported.unpersist();
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** The path part of {@code input} qualified on its filesystem (a glob stays a glob). */
  private static String qualifiedPath(Configuration conf, Path input) {
    try {
      return input.getFileSystem(conf).makeQualified(input).toUri().getPath();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot resolve input " + input, e);
    }
  }

  /**
   * A file's id: its path below the input directory {@code base}, or its name when the input was
   * the file itself or a glob.
   */
  private static String relative(String base, Path file) {
    String f = file.toUri().getPath();
    return f.startsWith(base + "/") ? f.substring(base.length() + 1) : file.getName();
  }

  static Imported importOne(
      Configuration conf, String uri, String gameId, String collection, String runId)
      throws IOException {
    Imported out = new Imported();
    out.gameId = gameId;
    out.file = uri;
    Path path = new Path(uri);
    String text;
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      Sgf.Record record = Sgf.read(text, gameId);
      List<Integer> moves = new ArrayList<>();
      byte[] firstPlayer = new byte[1];
      String result = record.info("RE");
      String winner = winner(result);
      Game game =
          Sgf.replay(
              record,
              gameId,
              false,
              false,
              (g, moveNumber, color, point) -> {
                Board b = g.board();
                int n = b.size();
                if (moveNumber == 1) {
                  firstPlayer[0] = color;
                }
                int m = point == Board.PASS ? n * n : b.y(point) * n + b.x(point);
                moves.add(m);
                byte[] board = g.recentPositions().get(0).clone();
                String mover = color == Board.BLACK ? "B" : "W";
                Integer outcome = winner == null ? null : (winner.equals(mover) ? 1 : -1);
                out.positions.add(
                    RowFactory.create(
                        collection, gameId, moveNumber, n, mover, board, m, outcome, runId));
              });
      int[] moveArray = new int[moves.size()];
      for (int i = 0; i < moveArray.length; i++) {
        moveArray[i] = moves.get(i);
      }
      List<String> ab = record.root().properties().get("AB");
      int handicap = 0;
      if (ab != null) {
        for (String v : ab) {
          handicap += v.contains(":") ? 0 : 1;
        }
      }
      out.game =
          RowFactory.create(
              collection,
              gameId,
              uri,
              game.board().size(),
              game.komi(),
              handicap,
              record.info("PB"),
              record.info("PW"),
              result,
              winner,
              record.info("DT"),
              moveArray.length,
              moveArray,
              firstPlayer[0] == Board.WHITE ? "W" : "B",
              runId);
    } catch (Sgf.SgfException e) {
      out.positions.clear();
      out.rejectCode = e.moveNumber() > 0 ? "ILLEGAL_MOVE" : "BAD_SGF";
      out.rejectLocator = e.moveNumber() > 0 ? "move:" + e.moveNumber() : "file";
      out.rejectMessage = e.getMessage();
    }
    return out;
  }

  /** B or W from an SGF result (B+R, W+3.5, B+Time...), or null (draw, void, unknown, missing). */
  static String winner(String re) {
    if (re == null) {
      return null;
    }
    String r = re.trim().toUpperCase(java.util.Locale.ROOT);
    return r.startsWith("B+") ? "B" : r.startsWith("W+") ? "W" : null;
  }
}
