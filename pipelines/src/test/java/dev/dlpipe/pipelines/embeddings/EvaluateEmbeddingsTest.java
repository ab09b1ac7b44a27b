package dev.dlpipe.pipelines.embeddings;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dlpipe.pipelines.TestSpark;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * word2vec-eval's pipeline on the WordSim-353 words of word2vec.c's CBOW vectors: similarity equals
 * gensim's, and analogies among those words are counted per section over Spark tasks.
 */
class EvaluateEmbeddingsTest {
  @TempDir Path tmp;

  @Test
  void writesOneRowPerValue() throws IOException {
    SparkSession spark = TestSpark.session();
    Path data = TestSpark.projectRoot().resolve("sample-data/word2vec");
    Path questions = tmp.resolve("q.txt");
    // Words of the bundled vectors (which hold only WordSim-353 words): 4 questions, one with an
    // unknown word.
    Files.writeString(
        questions,
        ": first\nking queen man woman\nking queen boy girl\n: second\nmoney cash car automobile\n"
            + "money cash car zebraxyz\n");
    EvaluateEmbeddings.Result r =
        EvaluateEmbeddings.run(
            new Warehouse(spark),
            new EvaluateEmbeddings.Spec(
                data.resolve("wordsim353_vectors_cbow100.bin").toString(),
                questions.toString(),
                List.of(data.resolve("wordsim353.tsv").toString()),
                30000),
            new RunContext("eval-emb", "word2vec-eval", List.of(), "cafe", "test"));
    assertThat(r.analogy().totalQuestions()).isEqualTo(4);
    assertThat(r.analogy().totalSeen()).isEqualTo(3);
    assertThat(r.similarity().values().iterator().next().spearman())
        .isCloseTo(0.30715579070323534, within(1e-12));

    List<Row> rows =
        spark
            .table(EvaluateEmbeddings.TABLE)
            .where(col("run_id").equalTo("eval-emb"))
            .orderBy("task", "section", "metric")
            .collectAsList();
    assertThat(rows)
        .extracting(x -> x.getString(2) + "/" + x.getString(4) + "/" + x.getString(5))
        .containsExactly(
            "analogy/:semantic/accuracy",
            "analogy/:syntactic/accuracy",
            "analogy/:total/accuracy",
            "analogy/first/accuracy",
            "analogy/second/accuracy",
            "similarity/:all/pearson",
            "similarity/:all/spearman");
    Row total = rows.get(2);
    assertThat(total.getLong(8)).isEqualTo(3);
    assertThat(total.getLong(9)).isEqualTo(4);
    assertThat(total.getDouble(6)).isEqualTo(total.getLong(7) / 3.0);
    assertThat(total.getString(10)).startsWith("compute-accuracy|restrict:30000|");
    Row spearman = rows.get(6);
    assertThat(spearman.getLong(8)).isEqualTo(334);
    assertThat(spearman.getLong(9)).isEqualTo(353);
    assertThat(spearman.isNullAt(7)).isTrue();
  }
}
