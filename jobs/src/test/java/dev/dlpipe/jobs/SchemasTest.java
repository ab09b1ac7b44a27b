package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlpipe.pipelines.tables.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every job once into one warehouse, then proves that every table in schemas/ exists there
 * with exactly its file's columns, types, nullability, column docs and partitioning. A new table or
 * job that is not covered here fails the test, because its schema file's table is missing.
 */
class SchemasTest {
  @TempDir Path tmp;

  @Test
  void everyWrittenTableMatchesItsSchemaFile() throws IOException {
    String warehouse = tmp.resolve("warehouse").toUri().toString();
    Path root = JobTesting.projectRoot();
    String wmt = root.resolve("sample-data/wmt17_en_de").toString();
    String voc = root.resolve("sample-data/voc/det_cartucho").toString();
    String seg = root.resolve("sample-data/voc/seg_deeplab").toString();
    String w2v = root.resolve("sample-data/word2vec").toString();
    Path w2vCorpus = Word2VecJobTest.corpus(Files.createDirectories(tmp.resolve("w2v")), 4_000);
    String[][] runs = {
      {
        "tokenize",
        "--input",
        root.resolve("sample-data/multi30k/val.en").toString(),
        "--corpus",
        "c"
      },
      {
        "bleu",
        "--hyp",
        wmt + "/newstest2017.KIT.4950.en-de.txt",
        "--ref",
        wmt + "/newstest2017-ende-ref.de"
      },
      {
        "eval-coco",
        "--gt",
        root.resolve("sample-data/coco/case4_shapes_polygons/gt.json").toString(),
        "--dets",
        root.resolve("sample-data/coco/case4_shapes_polygons/dets_bbox.json").toString()
      },
      {
        "tokenize",
        "--input",
        root.resolve("sample-data/multi30k/val.de").toString(),
        "--corpus",
        "d"
      },
      {
        "train-seq2seq",
        "--source",
        "d",
        "--target",
        "c",
        "--embedding",
        "8",
        "--hidden",
        "8",
        "--max-vocab",
        "50",
        "--epochs",
        "1",
        "--batch-per-worker",
        "128",
        "--workers",
        "2",
        "--name",
        "s2s"
      },
      {
        "translate",
        "--model",
        "s2s",
        "--input",
        root.resolve("sample-data/multi30k/val.de").toString(),
        "--output",
        tmp.resolve("hyp.en").toString(),
        "--beam",
        "1",
        "--max-length",
        "5"
      },
      {
        "train-lm",
        "--corpus",
        "c",
        "--embedding",
        "8",
        "--hidden",
        "8",
        "--layers",
        "1",
        "--max-vocab",
        "50",
        "--epochs",
        "1",
        "--batch-per-worker",
        "64",
        "--workers",
        "2"
      },
      {
        "go-import",
        "--input",
        root.resolve("sample-data/go/sgf/gnugo_regression/cgf2005").toString(),
        "--collection",
        "cgf"
      },
      {"go-init", "--line", "s", "--blocks", "1", "--filters", "4", "--value-hidden", "8"},
      {
        "selfplay",
        "--line",
        "s",
        "--games",
        "2",
        "--playouts",
        "4",
        "--batch",
        "4",
        "--max-moves",
        "12",
        "--resign-check",
        "0.5"
      },
      {
        "train-policy-value",
        "--line",
        "s",
        "--generations",
        "0",
        "--epochs",
        "1",
        "--workers",
        "2",
        "--batch-per-worker",
        "32",
        "--augment",
        "none",
        "--held-out",
        "0",
        "--init",
        "best"
      },
      {
        "gate",
        "--line",
        "s",
        "--candidate",
        "s-g0",
        "--games",
        "1",
        "--playouts",
        "4",
        "--batch",
        "4",
        "--max-moves",
        "8"
      },
      {
        "eval-voc",
        "--annotations",
        voc + "/Annotations",
        "--imageset",
        voc + "/imageset.txt",
        "--dets",
        voc + "/dets"
      },
      {
        "eval-seg",
        "--gt",
        seg,
        "--pred",
        seg,
        "--gt-suffix",
        "_target_indexed.png",
        "--pred-suffix",
        "_pred_indexed.png",
        "--num-classes",
        "21"
      },
      {
        "word2vec",
        "--input",
        w2vCorpus.toString(),
        "--output",
        tmp.resolve("w2v/vectors.bin").toString(),
        "--dim",
        "8",
        "--iter",
        "1",
        "--min-count",
        "2"
      },
      {
        "word2vec-eval",
        "--vectors",
        w2v + "/wordsim353_vectors_cbow100.bin",
        "--analogies",
        w2v + "/questions-words.txt",
        "--similarity",
        w2v + "/wordsim353.tsv"
      },
      {
        "ingest-coco",
        "--annotations",
        root.resolve("sample-data/coco/case4_shapes_polygons/gt.json").toString(),
        "--images",
        root.resolve("sample-data/coco/case4_shapes_polygons").toString(),
        "--dataset",
        "shapes"
      },
      {
        "ingest-voc",
        "--root",
        root.resolve("sample-data/voc/voc2007_mini").toString(),
        "--dataset",
        "mini"
      },
      {"ssd-targets", "--dataset", "mini"},
      {"fcn-targets", "--dataset", "shapes"},
    };
    for (String[] run : runs) {
      List<String> args = new ArrayList<>(List.of(run));
      args.addAll(
          List.of("--config", JobTesting.testConfig().toString(), "--warehouse", warehouse));
      JobTesting.Result r = JobTesting.cli(args.toArray(new String[0]));
      assertThat(r.status()).as(r.err()).isZero();
    }
    JobTesting.withWarehouse(
        warehouse,
        spark -> {
          assertEveryTableMatchesItsSchemaFile(spark);
          return null;
        });
  }

  /**
   * Every schema file's table exists in the warehouse with exactly the file's columns and
   * partitioning.
   */
  static void assertEveryTableMatchesItsSchemaFile(SparkSession spark) {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(JobTesting.projectRoot().resolve("schemas"))) {
      s.filter(f -> f.toString().endsWith(".json")).forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(files).isNotEmpty();
    ObjectMapper json = new ObjectMapper();
    for (Path f : files) {
      TableSchema schema;
      try {
        schema = TableSchema.parse(json.readTree(f.toFile()), f.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      StructType actual = spark.table(schema.name()).schema();
      StructType expected = schema.sparkType();
      assertThat(actual.fieldNames()).as(schema.name()).containsExactly(expected.fieldNames());
      for (StructField e : expected.fields()) {
        StructField a = actual.apply(e.name());
        assertThat(a.dataType().simpleString())
            .as(schema.name() + "." + e.name())
            .isEqualTo(e.dataType().simpleString());
        assertThat(a.nullable())
            .as(schema.name() + "." + e.name() + " nullable")
            .isEqualTo(e.nullable());
        assertThat(a.getComment().getOrElse(() -> ""))
            .as(schema.name() + "." + e.name() + " doc")
            .isEqualTo(e.getComment().get());
      }
      List<String> partitions = new ArrayList<>();
      boolean inPartitioning = false;
      for (Row row : spark.sql("DESCRIBE TABLE " + schema.name()).collectAsList()) {
        String c = row.getString(0);
        // Spark prints "# Partition Information", "# col_name", then one row per partition column.
        if (c.equals("# Partition Information")) {
          inPartitioning = true;
        } else if (inPartitioning && !c.isEmpty() && !c.startsWith("#")) {
          partitions.add(c);
        } else if (inPartitioning && c.isEmpty()) {
          inPartitioning = false;
        }
      }
      assertThat(partitions).as(schema.name() + " partitioning").isEqualTo(schema.partitionedBy());
    }
  }
}
