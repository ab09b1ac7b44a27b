package dev.dlpipe.pipelines.text;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.text.Detokenizer;
import dev.dlpipe.engines.text.Vocabulary;
import dev.dlpipe.engines.text.WordTokenizer;
import dev.dlpipe.models.text.Decoder;
import dev.dlpipe.pipelines.io.AtomicFiles;
import dev.dlpipe.pipelines.io.TextLines;
import dev.dlpipe.pipelines.ml.NativeThreads;
import dev.dlpipe.pipelines.ml.SequenceTraining;
import dev.dlpipe.pipelines.ml.TrainingTables;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import scala.Tuple2;

/**
 * The {@code translate} pipeline: a test set through a trained {@code seq2seq-attention} model, on
 * Spark executors (the model file broadcast once, each partition decoding its lines in
 * length-sorted batches with beam search), into a hypotheses file (one line per input line, same
 * order; an empty input line gives an empty line) and {@code dlpipe.text.translations}.
 *
 * <p>Input lines are tokenized exactly as the model's training corpora were (lower-cased or not, as
 * recorded next to the model), words outside the source vocabulary become UNK, and the output
 * tokens are detokenized; for a lower-cased target the first letter is upper-cased.
 */
public final class Translate {
  public static final String TABLE = "dlpipe.text.translations";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Translate() {}

  /**
   * What to translate.
   *
   * @param model model name (its newest run in dlpipe.ml.models) or the URI of a model.zip
   * @param input text file, one sentence per line
   * @param output hypotheses file to write (replaced atomically)
   * @param beam beam size (1 = greedy)
   * @param maxLength most output tokens per sentence
   * @param lengthPenalty GNMT length-penalty exponent (0 = raw log-probability)
   * @param batch sentences decoded together
   */
  public record Spec(
      String model,
      String input,
      String output,
      int beam,
      int maxLength,
      double lengthPenalty,
      int batch) {}

  /** What was translated. */
  public record Result(
      String modelUri, long lines, long emptyLines, long unknownTokens, double seconds) {}

  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    long started = System.nanoTime();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(warehouse.spark().sparkContext());
    NativeThreads.forTasks(sc.getConf());
    Configuration conf = sc.hadoopConfiguration();
    String modelUri = resolve(warehouse, spec.model());
    Path dir = new Path(modelUri).getParent();
    JsonNode config;
    try {
      config =
          JSON.readTree(SequenceTraining.readText(conf, new Path(dir, "config.json").toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse the config.json next to " + modelUri, e);
    }
    if (!config.has("target_vocab")) {
      throw UserError.of(
          modelUri + " is not a translation model",
          "its config.json has no source/target vocabularies",
          "pass a model trained by train-seq2seq");
    }
    List<String> sourceVocab = lines(conf, new Path(dir, "source.vocab"));
    List<String> targetVocab = lines(conf, new Path(dir, "target.vocab"));
    boolean sourceLower = config.path("source_lowercase").asBoolean(false);
    boolean targetLower = config.path("target_lowercase").asBoolean(false);

    List<String> input = TextLines.read(conf, spec.input());
    Map<String, Integer> ids = new HashMap<>();
    for (int i = Vocabulary.SPECIALS; i < sourceVocab.size(); i++) {
      ids.putIfAbsent(sourceVocab.get(i), i);
    }
    WordTokenizer tokenizer = new WordTokenizer(sourceLower);
    List<Tuple2<Integer, int[]>> sentences = new ArrayList<>(input.size());
    long unknown = 0;
    long empty = 0;
    for (int i = 0; i < input.size(); i++) {
      List<String> tokens = tokenizer.tokenize(input.get(i));
      int[] s = new int[tokens.size()];
      for (int t = 0; t < s.length; t++) {
        Integer id = ids.get(tokens.get(t));
        s[t] = id == null ? Vocabulary.UNK_ID : id;
        unknown += id == null ? 1 : 0;
      }
      empty += s.length == 0 ? 1 : 0;
      sentences.add(new Tuple2<>(i, s));
    }

    Broadcast<byte[]> model = sc.broadcast(bytes(conf, new Path(modelUri)));
    int slices = Math.max(1, Math.min(sc.defaultParallelism(), input.size() / spec.batch() + 1));
    sc.setJobDescription("translate: beam " + spec.beam() + ", " + input.size() + " lines");
    JavaRDD<Tuple2<Integer, int[]>> rdd = sc.parallelize(sentences, slices);
    int beam = spec.beam();
    int maxLength = spec.maxLength();
    double lp = spec.lengthPenalty();
    int batch = spec.batch();
    List<Tuple2<Integer, int[]>> decoded =
        rdd.mapPartitions(
                (Iterator<Tuple2<Integer, int[]>> it) ->
                    decode(it, model, beam, maxLength, lp, batch))
            .collect();
    model.destroy();

    String[] hypotheses = new String[input.size()];
    List<Row> rows = new ArrayList<>(input.size());
    for (Tuple2<Integer, int[]> d : decoded) {
      List<String> tokens = new ArrayList<>(d._2().length);
      for (int id : d._2()) {
        tokens.add(id < targetVocab.size() ? targetVocab.get(id) : Vocabulary.UNK);
      }
      hypotheses[d._1()] = Detokenizer.join(tokens, targetLower);
    }
    for (int i = 0; i < hypotheses.length; i++) {
      if (hypotheses[i] == null) {
        hypotheses[i] = "";
      }
      rows.add(
          RowFactory.create(
              run.runId(), modelUri, spec.input(), (long) i + 1, input.get(i), hypotheses[i]));
    }
    AtomicFiles.replace(
        conf,
        spec.output(),
        out ->
            out.write(
                (String.join("\n", hypotheses) + (hypotheses.length > 0 ? "\n" : ""))
                    .getBytes(StandardCharsets.UTF_8)));
    TableSchema schema = TableSchema.of(TABLE);
    warehouse.replace(
        schema,
        warehouse.spark().createDataFrame(rows, schema.sparkType()),
        col("run_id").equalTo(run.runId()));
    return new Result(modelUri, input.size(), empty, unknown, (System.nanoTime() - started) / 1e9);
  }

  private static Iterator<Tuple2<Integer, int[]>> decode(
      Iterator<Tuple2<Integer, int[]>> it,
      Broadcast<byte[]> model,
      int beam,
      int maxLength,
      double lengthPenalty,
      int batch)
      throws IOException {
    List<Tuple2<Integer, int[]>> all = new ArrayList<>();
    it.forEachRemaining(all::add);
    List<Tuple2<Integer, int[]>> out = new ArrayList<>(all.size());
    List<Tuple2<Integer, int[]>> work = new ArrayList<>();
    for (Tuple2<Integer, int[]> s : all) {
      if (s._2().length == 0) {
        out.add(new Tuple2<>(s._1(), new int[0]));
      } else {
        work.add(s);
      }
    }
    if (work.isEmpty()) {
      return out.iterator();
    }
    work.sort(Comparator.comparingInt(s -> s._2().length));
    ComputationGraph graph;
    try (InputStream in = new ByteArrayInputStream(model.value())) {
      graph = ModelSerializer.restoreComputationGraph(in, false);
    }
    Decoder decoder = Decoder.of(graph);
    for (int start = 0; start < work.size(); start += batch) {
      List<Tuple2<Integer, int[]>> chunk =
          work.subList(start, Math.min(work.size(), start + batch));
      List<int[]> src = new ArrayList<>(chunk.size());
      chunk.forEach(c -> src.add(c._2()));
      List<int[]> hyp = decoder.beam(src, beam, maxLength, lengthPenalty);
      for (int i = 0; i < chunk.size(); i++) {
        out.add(new Tuple2<>(chunk.get(i)._1(), hyp.get(i)));
      }
    }
    return out.iterator();
  }

  /** A model name's newest model.zip, or the argument itself when it is a URI or path. */
  static String resolve(Warehouse warehouse, String model) {
    if (model.contains("/")) {
      return model;
    }
    if (!warehouse.spark().catalog().tableExists(TrainingTables.MODELS)) {
      throw unknownModel(model);
    }
    List<Row> rows =
        warehouse
            .spark()
            .table(TrainingTables.MODELS)
            .where(col("name").equalTo(model))
            .orderBy(col("created_at").desc())
            .select("uri")
            .limit(1)
            .collectAsList();
    if (rows.isEmpty()) {
      throw unknownModel(model);
    }
    return rows.get(0).getString(0);
  }

  private static UserError unknownModel(String model) {
    return UserError.of(
        "no model named " + model,
        "dlpipe.ml.models has no row with that name",
        "train it with train-seq2seq --name " + model + ", or pass the URI of its model.zip");
  }

  private static List<String> lines(Configuration conf, Path path) {
    return TextLines.read(conf, path.toString());
  }

  private static byte[] bytes(Configuration conf, Path path) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (InputStream in = fs.open(path)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + path, e);
    }
  }
}
