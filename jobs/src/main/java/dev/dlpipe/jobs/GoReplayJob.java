package dev.dlpipe.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.engines.go.Board;
import dev.dlpipe.engines.go.Game;
import dev.dlpipe.engines.go.Sgf;
import dev.dlpipe.engines.go.Vertex;
import dev.dlpipe.pipelines.io.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code go-replay}: replays SGF game records and prints one JSON line per game. */
@Command(
    name = "go-replay",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Replay Go game records (SGF), one JSON line per game.",
      "",
      "Fields: sgf (path as given), size, komi, moves, captures_black (white stones captured by black),"
          + " captures_white, black and white (final stones as GTP vertices sorted by column, then row),"
          + " tromp_taylor (area score B-W-komi, no stones removed), error (null, or file, move and"
          + " reason). Rules: simple ko, no suicide (the rules game records are played under);"
          + " --superko adds positional superko. Runs in this process, without Spark.",
      ""
    })
public final class GoReplayJob implements Callable<Integer> {
  @Option(
      names = "--input",
      required = true,
      arity = "1..*",
      paramLabel = "PATH",
      description = "SGF files, directories (read recursively) or globs, on any Hadoop filesystem.")
  List<String> inputs;

  @Option(names = "--superko", description = "Treat a repeated whole-board position as illegal.")
  boolean superko;

  @Option(
      names = "--jsonl",
      description = "JSON lines (the default and only format; kept for scripts).")
  boolean jsonl;

  @Override
  public Integer call() throws IOException {
    Configuration conf = new Configuration();
    PrintStream out = System.out;
    ObjectMapper json = new ObjectMapper();
    int errors = 0;
    for (String input : inputs) {
      for (Path file : InputFiles.expand(conf, List.of(input))) {
        if (!file.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".sgf")) {
          continue;
        }
        String shown =
            file.toUri().getScheme() != null
                    && file.toUri().getScheme().equals("file")
                    && !input.contains(":")
                ? relative(input, file)
                : file.toString();
        ObjectNode line = replay(conf, file, shown, json);
        errors += line.get("error").isNull() ? 0 : 1;
        out.println(line.toString());
      }
    }
    out.flush();
    return errors == 0 ? 0 : JobRunner.FAILED;
  }

  private static String relative(String input, Path file) {
    // Show the path as the user gave it: the input itself for a file, input/... for files found in
    // a directory.
    java.nio.file.Path given = java.nio.file.Paths.get(input).toAbsolutePath().normalize();
    java.nio.file.Path actual = java.nio.file.Paths.get(file.toUri());
    if (actual.equals(given)) {
      return input;
    }
    return actual.startsWith(given)
        ? java.nio.file.Paths.get(input).resolve(given.relativize(actual)).toString()
        : actual.toString();
  }

  ObjectNode replay(Configuration conf, Path file, String shown, ObjectMapper json)
      throws IOException {
    ObjectNode line = json.createObjectNode();
    line.put("sgf", shown);
    String text;
    FileSystem fs = file.getFileSystem(conf);
    try (InputStream in = fs.open(file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      Sgf.Record record = Sgf.read(text, shown);
      Game g = Sgf.replay(record, shown, false, superko);
      Board b = g.board();
      line.put("size", b.size());
      line.put("komi", g.komi());
      line.put("moves", g.moves().size());
      line.put("captures_black", b.captures(Board.BLACK));
      line.put("captures_white", b.captures(Board.WHITE));
      var black = line.putArray("black");
      stones(b, Board.BLACK).forEach(black::add);
      var white = line.putArray("white");
      stones(b, Board.WHITE).forEach(white::add);
      line.put("tromp_taylor", g.trompTaylorScore());
      line.putNull("error");
    } catch (Sgf.SgfException e) {
      line.put("error", e.getMessage());
    }
    return line;
  }

  private static List<String> stones(Board b, byte c) {
    List<int[]> points = new ArrayList<>();
    for (int p = 0; p < b.cells(); p++) {
      if (b.color(p) == c) {
        points.add(new int[] {b.x(p), b.size() - b.y(p), p});
      }
    }
    points.sort(Comparator.<int[]>comparingInt(a -> a[0]).thenComparingInt(a -> a[1]));
    List<String> out = new ArrayList<>(points.size());
    for (int[] a : points) {
      out.add(Vertex.gtp(b, a[2]));
    }
    return out;
  }

  /**
   * Entry point: {@code java -cp dlpipe-jobs.jar dev.dlpipe.jobs.GoReplayJob ...} (no Spark
   * needed).
   */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new GoReplayJob(), args));
  }
}
