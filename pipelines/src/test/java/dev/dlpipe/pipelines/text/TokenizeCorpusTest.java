package dev.dlpipe.pipelines.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.text.WordTokenizer;
import dev.dlpipe.pipelines.TestSpark;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizeCorpusTest {
  private static SparkSession spark;
  private static Warehouse warehouse;

  @TempDir static Path inputs;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
    warehouse = new Warehouse(spark);
  }

  private static RunContext run(String id) {
    return new RunContext(id, "tokenize", List.of("--test"), "cafe", "test");
  }

  private static List<String> realLines() throws IOException {
    return Files.readAllLines(TestSpark.projectRoot().resolve("sample-data/multi30k/val.en"));
  }

  @Test
  void invalidUtf8LinesGoToRejectsWithFileAndLineAndEverythingReconciles() throws IOException {
    Path dir = Files.createDirectories(inputs.resolve("mixed"));
    List<String> lines = realLines().subList(0, 50);
    // Lines 3 and 17 are Latin-1 (invalid UTF-8); line 40 has a truncated 3-byte sequence; CRLF
    // endings.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 1; i <= lines.size(); i++) {
      if (i == 3 || i == 17) {
        bytes.write(("Caf\u00e9 cr\u00e8me " + i).getBytes(StandardCharsets.ISO_8859_1));
      } else if (i == 40) {
        bytes.write(new byte[] {'a', ' ', (byte) 0xE6, (byte) 0x9D});
      } else {
        bytes.write(lines.get(i - 1).getBytes(StandardCharsets.UTF_8));
      }
      bytes.write(new byte[] {'\r', '\n'});
    }
    Path bad = dir.resolve("bad.txt");
    Files.write(bad, bytes.toByteArray());
    // A gzip file with German text and an empty line, read transparently.
    Path gz = dir.resolve("de.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("Ein Mann läuft.\n\nZwei Hunde spielen.\n".getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(dir.resolve(".hidden"), "skipped\n");

    TokenizeCorpus.Result r =
        TokenizeCorpus.run(
            warehouse,
            new TokenizeCorpus.Spec(List.of(dir.toString()), "mixed", false, 0, 1),
            run("run-mixed"));

    assertThat(r.files()).isEqualTo(2);
    assertThat(r.counts().read()).isEqualTo(53);
    assertThat(r.counts().rejected()).isEqualTo(3);
    assertThat(r.counts().written()).isEqualTo(50);
    List<Row> rejects =
        spark
            .sql(
                "SELECT source, locator, reason_code, message, job FROM dlpipe.ops.rejects"
                    + " WHERE run_id = 'run-mixed' ORDER BY locator")
            .collectAsList();
    assertThat(rejects)
        .extracting(x -> x.getString(1))
        .containsExactly("line:17", "line:3", "line:40");
    assertThat(rejects)
        .allSatisfy(
            x -> {
              assertThat(x.getString(0)).startsWith("file:").endsWith("/mixed/bad.txt");
              assertThat(x.getString(2)).isEqualTo("INVALID_UTF8");
              assertThat(x.getString(4)).isEqualTo("tokenize");
            });
    assertThat(rejects.get(1).getString(3))
        .isEqualTo("invalid UTF-8: 1 malformed byte(s) at byte offset 3");

    // Valid lines keep their exact text (CR stripped) and line number; the empty gz line is a
    // document.
    Row line41 =
        spark
            .sql(
                "SELECT text FROM dlpipe.text.documents WHERE corpus = 'mixed' AND line_number = 41"
                    + " AND source_file LIKE '%bad.txt'")
            .first();
    assertThat(line41.getString(0)).isEqualTo(lines.get(40));
    assertThat(
            spark
                .sql(
                    "SELECT count(*) FROM dlpipe.text.documents WHERE corpus = 'mixed' AND text = ''")
                .first()
                .getLong(0))
        .isEqualTo(1);
  }

  @Test
  void tokenIdsFollowTheVocabularyAndTheVocabularyOrder() throws IOException {
    Path file = inputs.resolve("ids.txt");
    Files.writeString(file, "the cat sat on the mat .\nthe dog sat .\nzebra\n");
    TokenizeCorpus.run(
        warehouse,
        new TokenizeCorpus.Spec(List.of(file.toString()), "ids", false, 0, 2),
        run("run-ids"));

    List<String> vocab = new ArrayList<>();
    for (Row row :
        spark
            .sql(
                "SELECT token, id, count FROM dlpipe.text.vocabulary WHERE corpus = 'ids' ORDER BY id")
            .collectAsList()) {
      vocab.add(row.getString(0) + ":" + row.getInt(1) + ":" + row.getLong(2));
    }
    // the(3) then .(2) sat(2) by token; cat dog mat on zebra (1 each, below --min-count 2) -> UNK
    // (5).
    assertThat(vocab)
        .containsExactly(
            "<pad>:0:0", "<unk>:1:5", "<s>:2:0", "</s>:3:0", "the:4:3", ".:5:2", "sat:6:2");
    Row first =
        spark
            .sql(
                "SELECT t.ids, t.num_tokens FROM dlpipe.text.tokens t JOIN dlpipe.text.documents d"
                    + " ON t.corpus = d.corpus AND t.doc_id = d.doc_id"
                    + " WHERE d.corpus = 'ids' AND d.line_number = 1")
            .first();
    assertThat(first.<Integer>getList(0)).containsExactly(4, 1, 6, 1, 4, 1, 5);
    assertThat(first.getInt(1)).isEqualTo(7);
  }

  @Test
  void rerunsReplaceInsteadOfAdding() throws IOException {
    Path file = inputs.resolve("rerun.txt");
    Files.write(file, realLines().subList(0, 20));
    TokenizeCorpus.Spec spec =
        new TokenizeCorpus.Spec(List.of(file.toString()), "rerun", true, 0, 1);
    TokenizeCorpus.run(warehouse, spec, run("run-rerun"));
    List<Row> before =
        spark
            .sql("SELECT * FROM dlpipe.text.tokens WHERE corpus = 'rerun' ORDER BY doc_id")
            .collectAsList();
    TokenizeCorpus.run(warehouse, spec, run("run-rerun"));
    TokenizeCorpus.run(warehouse, spec, run("run-rerun-2"));

    for (String table : List.of("documents", "tokens")) {
      assertThat(count("SELECT count(*) FROM dlpipe.text." + table + " WHERE corpus = 'rerun'"))
          .as(table)
          .isEqualTo(20);
    }
    assertThat(
            spark
                .sql("SELECT * FROM dlpipe.text.tokens WHERE corpus = 'rerun' ORDER BY doc_id")
                .drop("run_id")
                .collectAsList())
        .isEqualTo(before.stream().map(r -> dropLast(r)).toList());
    assertThat(
            count(
                "SELECT count(DISTINCT run_id) FROM dlpipe.text.vocabulary WHERE corpus = 'rerun'"))
        .isEqualTo(1);
  }

  @Test
  void lineNumbersStayExactWhenAFileIsSplitAcrossTasks() throws IOException {
    List<String> lines = realLines();
    Path file = inputs.resolve("split.txt");
    Files.write(file, lines);
    String key = "mapreduce.input.fileinputformat.split.maxsize";
    spark.sparkContext().hadoopConfiguration().setLong(key, 8 * 1024);
    try {
      TokenizeCorpus.Result r =
          TokenizeCorpus.run(
              warehouse,
              new TokenizeCorpus.Spec(List.of(file.toString()), "split", false, 0, 1),
              run("run-split"));
      assertThat(r.counts().read()).isEqualTo(lines.size());
    } finally {
      spark.sparkContext().hadoopConfiguration().unset(key);
    }
    List<Row> rows =
        spark
            .sql("SELECT line_number, text FROM dlpipe.text.documents WHERE corpus = 'split'")
            .collectAsList();
    assertThat(rows).hasSize(lines.size());
    for (Row row : rows) {
      assertThat(row.getString(1)).isEqualTo(lines.get((int) row.getLong(0) - 1));
    }
    WordTokenizer tokenizer = new WordTokenizer(false);
    long expectedTokens = lines.stream().mapToLong(l -> tokenizer.tokenize(l).size()).sum();
    assertThat(count("SELECT sum(num_tokens) FROM dlpipe.text.tokens WHERE corpus = 'split'"))
        .isEqualTo(expectedTokens);
  }

  @Test
  void badArgumentsAreUserErrors() {
    assertThatThrownBy(
            () ->
                TokenizeCorpus.run(
                    warehouse,
                    new TokenizeCorpus.Spec(
                        List.of(inputs.resolve("nope/*.txt").toString()), "x", false, 0, 1),
                    run("run-nope")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("matched no file");
    assertThatThrownBy(() -> new TokenizeCorpus.Spec(List.of("a"), "../etc", false, 0, 1))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("invalid corpus name '../etc'");
  }

  private static long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  private static Row dropLast(Row r) {
    Object[] values = new Object[r.length() - 1];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.get(i);
    }
    return org.apache.spark.sql.RowFactory.create(values);
  }
}
