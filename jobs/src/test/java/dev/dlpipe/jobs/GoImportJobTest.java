package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** go-import on real records plus a broken one: tables, rejects and counts. */
class GoImportJobTest {
  @TempDir Path tmp;

  @Test
  void importsGamesAndPositionsAndQuarantinesABrokenRecord() throws IOException {
    Path games = Files.createDirectories(tmp.resolve("games"));
    Path alphago = JobTesting.projectRoot().resolve("sample-data/go/sgf/alphago");
    try (var files = Files.list(alphago)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".sgf")).limit(3).toList()) {
        Files.copy(f, games.resolve(f.getFileName()));
      }
    }
    Files.writeString(games.resolve("zz-broken.sgf"), "(;SZ[19];B[pd];W[pd])");
    String warehouse = tmp.resolve("warehouse").toUri().toString();
    JobTesting.Result r =
        JobTesting.cli(
            "go-import",
            "--input",
            games.toString(),
            "--collection",
            "alphago",
            "--config",
            JobTesting.testConfig().toString(),
            "--warehouse",
            warehouse,
            "--run-id",
            "gi");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("read 4 = written 3 + rejected 1");

    JobTesting.withWarehouse(
        warehouse,
        spark -> {
          Row reject =
              spark
                  .sql(
                      "SELECT source, locator, reason_code, message FROM dlpipe.ops.rejects WHERE run_id = 'gi'")
                  .first();
          assertThat(reject.getString(0)).endsWith("zz-broken.sgf");
          assertThat(reject.getString(1)).isEqualTo("move:2");
          assertThat(reject.getString(2)).isEqualTo("ILLEGAL_MOVE");
          assertThat(reject.getString(3)).contains("point is occupied");

          // One position per move; moves and positions agree; the first position is the empty
          // board.
          Row check =
              spark
                  .sql(
                      "SELECT sum(g.num_moves), (SELECT count(*) FROM dlpipe.go.positions WHERE collection = 'alphago')"
                          + " FROM dlpipe.go.games g WHERE g.collection = 'alphago'")
                  .first();
          assertThat(check.getLong(0)).isEqualTo(check.getLong(1)).isPositive();
          Row first =
              spark
                  .sql(
                      "SELECT p.board, p.move, g.moves[0], p.to_move, p.outcome, g.winner FROM dlpipe.go.positions p"
                          + " JOIN dlpipe.go.games g USING (collection, game_id) WHERE p.move_number = 1 LIMIT 1")
                  .first();
          byte[] board = (byte[]) first.get(0);
          assertThat(board).hasSize(361).containsOnly((byte) 0);
          assertThat(first.getInt(1)).isEqualTo(first.getInt(2));
          assertThat(first.getString(3)).isEqualTo("B");
          if (!first.isNullAt(5)) {
            assertThat(first.getInt(4)).isEqualTo(first.getString(5).equals("B") ? 1 : -1);
          }
          return null;
        });
  }
}
