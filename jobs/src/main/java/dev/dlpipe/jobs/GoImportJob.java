package dev.dlpipe.jobs;

import dev.dlpipe.pipelines.go.ImportGames;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code go-import}: SGF collections into dlpipe.go.games and dlpipe.go.positions. */
@Command(
    name = "go-import",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "SGF game records into dlpipe.go.games and go.positions.",
      "",
      "Games are replayed on Spark executors (simple ko, no suicide). One row per game (players, result,"
          + " moves) and one per move (the position before it, the move, the outcome for the mover) for"
          + " supervised training. A record that does not parse or replay goes to dlpipe.ops.rejects with"
          + " its file and move number; files read = games written + rejected. The run replaces the"
          + " collection.",
      ""
    })
public final class GoImportJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      arity = "1..*",
      paramLabel = "PATH",
      description = "Directories (read recursively), SGF files or globs.")
  List<String> inputs;

  @Option(
      names = "--collection",
      required = true,
      paramLabel = "NAME",
      description = "Collection name.")
  String collection;

  @Override
  public Integer call() {
    ImportGames.Spec what = new ImportGames.Spec(inputs, collection);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          ImportGames.Result r = ImportGames.run(warehouse, what, run);
          return new JobRunner.Outcome(
              r.counts(),
              String.format(
                  "collection %s: %,d games, %,d positions, %,d records rejected",
                  collection, r.counts().written(), r.positions(), r.counts().rejected()));
        });
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.GoImportJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new GoImportJob(), args));
  }
}
