package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlpipe.engines.go.ResignThreshold;
import dev.dlpipe.pipelines.go.GoModels;
import dev.dlpipe.pipelines.go.ResignCalibration;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One whole AlphaGo Zero generation on local[2] with a tiny network (9x9, 1 block of 8 filters, 12
 * playouts, 40-move cap): go-init, selfplay, selfplay again (what a retried task or rerun does),
 * train-policy-value on the games, gate; then the line's best network for the next generation.
 */
class GoLoopJobTest {
  @TempDir Path tmp;

  @Test
  void playsTrainsAndGatesOneGenerationAndReplaysItsGamesExactly() throws Exception {
    String warehouse = tmp.resolve("warehouse").toUri().toString();
    JobTesting.Result init =
        JobTesting.job(
            warehouse,
            "go-init",
            "--line",
            "t",
            "--board",
            "9",
            "--blocks",
            "1",
            "--filters",
            "8",
            "--value-hidden",
            "16",
            "--run-id",
            "init");
    assertThat(init.status()).as(init.err()).isZero();

    String[] selfplay = {
      "--line",
      "t",
      "--generation",
      "0",
      "--games",
      "4",
      "--playouts",
      "12",
      "--batch",
      "4",
      "--max-moves",
      "40",
      "--resign-check",
      "0.5",
      "--seed",
      "3"
    };
    JobTesting.Result first =
        JobTesting.job(warehouse, "selfplay", concat(selfplay, "--run-id", "sp1"));
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).contains("t gen 0: 4 games");
    // A new line has no played-out games to measure false positives on: nobody resigns yet.
    assertThat(first.out()).contains("never resign: 0 played-out games");
    List<String> games1 = games(warehouse);
    JobTesting.Result again =
        JobTesting.job(warehouse, "selfplay", concat(selfplay, "--run-id", "sp2"));
    assertThat(again.status()).as(again.err()).isZero();
    List<String> games2 = games(warehouse);
    assertThat(games2).hasSize(4).isEqualTo(games1);
    try (Stream<Path> sgf = Files.list(tmp.resolve("warehouse/go/sgf/t/gen-0000"))) {
      List<Path> files = sgf.sorted().collect(Collectors.toList());
      assertThat(files).hasSize(4);
      assertThat(Files.readString(files.get(0))).startsWith("(;FF[4]GM[1]").contains("SZ[9]");
    }

    JobTesting.Result train =
        JobTesting.job(
            warehouse,
            "train-policy-value",
            "--line",
            "t",
            "--generations",
            "0..0",
            "--init",
            "best",
            "--epochs",
            "1",
            "--workers",
            "2",
            "--batch-per-worker",
            "32",
            "--averaging-frequency",
            "2",
            "--held-out",
            "25",
            "--run-id",
            "train0");
    assertThat(train.status()).as(train.err()).isZero();
    assertThat(train.out()).contains("t-g0: 4 games");

    JobTesting.Result gate =
        JobTesting.job(
            warehouse,
            "gate",
            "--line",
            "t",
            "--generation",
            "0",
            "--candidate",
            "t-g0",
            "--games",
            "2",
            "--playouts",
            "8",
            "--batch",
            "4",
            "--max-moves",
            "30",
            "--threshold",
            "0.4",
            "--run-id",
            "gate0");
    assertThat(gate.status()).as(gate.err()).isZero();
    // Gate games are played out by default: the candidate's value head is not calibrated.
    assertThat(gate.out()).contains("never resign (given)");

    JobTesting.withWarehouse(
        warehouse,
        spark -> {
          Row sp =
              spark
                  .sql(
                      "SELECT count(*), sum(num_moves), min(size(visits) = num_moves),"
                          + " min(aggregate(visits[0], 0, (a, x) -> a + x)), max(run_id),"
                          + " sum(network_seconds) / sum(seconds)"
                          + " FROM dlpipe.go.selfplay WHERE line = 't' AND generation = 0")
                  .first();
          assertThat(sp.getLong(0)).isEqualTo(4);
          assertThat(sp.getBoolean(2)).isTrue();
          assertThat(sp.getInt(3)).isGreaterThanOrEqualTo(12);
          assertThat(sp.getString(4)).isEqualTo("sp2");
          assertThat(sp.getDouble(5)).isBetween(0.0, 1.0);
          // Without resignation every game is played out, so every game is a check game.
          assertThat(
                  spark
                      .sql(
                          "SELECT count_if(resign_check), count_if(resigned_by IS NOT NULL)"
                              + " FROM dlpipe.go.selfplay WHERE line = 't' AND generation = 0")
                      .first()
                      .toSeq()
                      .mkString(","))
              .isEqualTo("4,0");
          // Allowed to resign from 4 games, generation 1 gets a threshold measured on those 4
          // rows, with no false positive (5% of 4 games allows none).
          ResignThreshold.Choice c = ResignCalibration.before(spark, "t", 1, 4);
          assertThat(c.games()).isEqualTo(4);
          assertThat(c.falsePositives()).isZero();
          assertThat(c.threshold()).isBetween(-1.0, 0.0);
          assertThat(ResignCalibration.before(spark, "t", 0, 4).games()).isZero();

          Row model =
              spark
                  .sql(
                      "SELECT kind, uri, training_data, metrics['move_accuracy'], config"
                          + " FROM dlpipe.ml.models WHERE name = 't-g0'")
                  .first();
          assertThat(model.getString(0)).isEqualTo("policy-value");
          assertThat(model.getString(2)).isEqualTo("dlpipe.go.selfplay line=t generations=0..0");
          assertThat(model.getDouble(3)).isBetween(0.0, 1.0);
          // Trained from the line's bootstrap network (--init best).
          assertThat(model.getString(4)).contains("models/t/init/model.zip");

          Row eval =
              spark
                  .sql(
                      "SELECT candidate, best, games, candidate_wins, draws, win_rate, promoted,"
                          + " size(results) FROM dlpipe.go.evaluations WHERE line = 't'")
                  .first();
          assertThat(eval.getString(0)).isEqualTo(model.getString(1));
          assertThat(eval.getString(1)).endsWith("models/t/init/model.zip");
          assertThat(eval.getInt(2)).isEqualTo(2);
          assertThat(eval.getDouble(5)).isEqualTo((eval.getInt(3) + eval.getInt(4) / 2.0) / 2);
          assertThat(eval.getBoolean(6)).isEqualTo(eval.getDouble(5) > 0.4);
          assertThat(eval.getInt(7)).isEqualTo(2);

          // The best network of generation 1 follows the verdict; generation 0's stays the
          // bootstrap.
          Warehouse w = new Warehouse(spark);
          assertThat(GoModels.uri(w, "best", "t", 1))
              .isEqualTo(eval.getBoolean(6) ? eval.getString(0) : eval.getString(1));
          assertThat(GoModels.uri(w, "best", "t", 0)).isEqualTo(eval.getString(1));
          return null;
        });
  }

  /** The generation's games as comparable text: index, seed, moves, visits, result. */
  private static List<String> games(String warehouse) {
    return JobTesting.withWarehouse(
        warehouse,
        spark ->
            spark
                .sql(
                    "SELECT concat_ws('|', game, seed, array_join(moves, ','),"
                        + " to_json(visits), to_json(values), result, coalesce(would_resign, '-'))"
                        + " FROM dlpipe.go.selfplay WHERE line = 't' AND generation = 0"
                        + " ORDER BY game")
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .collect(Collectors.toList()));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
