package dev.dlpipe.pipelines.go;

import static org.apache.spark.sql.functions.col;

import dev.dlpipe.engines.go.ResignThreshold;
import dev.dlpipe.engines.go.SelfPlay;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A line's resignation threshold, chosen as AlphaGo Zero does ({@link ResignThreshold}): the
 * highest that would have resigned wrongly in at most {@value #FALSE_POSITIVES_PERCENT}% of the
 * line's played-out self-play games ({@code resign_check} rows of {@code dlpipe.go.selfplay}), the
 * newest {@value #MAX_GAMES} of the generations before a given one. Until the line has {@value
 * #MIN_GAMES} such games nobody resigns, and then every game is played out and counts: generation 0
 * of a new line measures what generation 1 needs.
 */
public final class ResignCalibration {
  public static final int FALSE_POSITIVES_PERCENT = 5;
  public static final int MIN_GAMES = 20;
  public static final int MAX_GAMES = 1000;

  private ResignCalibration() {}

  /**
   * The threshold to play with: with {@code auto}, measured on the line's played-out games of
   * generations before {@code generation}; else the one {@code settings} give.
   */
  public static ResignThreshold.Choice forPlay(
      SparkSession spark, boolean auto, SelfPlay.Settings settings, String line, int generation) {
    return auto
        ? before(spark, line, generation)
        : ResignThreshold.Choice.fixed(settings.resignThreshold());
  }

  /** The threshold from the line's played-out games of generations before {@code generation}. */
  public static ResignThreshold.Choice before(SparkSession spark, String line, int generation) {
    return before(spark, line, generation, MIN_GAMES);
  }

  /** As {@link #before(SparkSession, String, int)}, resigning from {@code minGames} games on. */
  public static ResignThreshold.Choice before(
      SparkSession spark, String line, int generation, int minGames) {
    List<ResignThreshold.PlayedOut> games = new ArrayList<>();
    if (spark.catalog().tableExists(SelfPlayGames.TABLE)) {
      List<Row> rows =
          spark
              .table(SelfPlayGames.TABLE)
              .where(
                  col("line")
                      .equalTo(line)
                      .and(col("generation").lt(generation))
                      .and(col("resign_check")))
              .orderBy(col("generation").desc(), col("game"))
              .limit(MAX_GAMES)
              .select("values", "winner")
              .collectAsList();
      for (Row r : rows) {
        List<Float> v = r.getList(0);
        float[] values = new float[v.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = v.get(i);
        }
        byte winner = SelfPlayGames.stone(r.isNullAt(1) ? null : r.getString(1));
        games.add(new ResignThreshold.PlayedOut(values, winner));
      }
    }
    return ResignThreshold.choose(games, FALSE_POSITIVES_PERCENT / 100.0, minGames);
  }
}
