package dev.dlpipe.pipelines.text;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.text.StrictUtf8;
import dev.dlpipe.engines.text.Vocabulary;
import dev.dlpipe.engines.text.Vocabulary.TokenCount;
import dev.dlpipe.engines.text.WordTokenizer;
import dev.dlpipe.pipelines.io.InputFiles;
import dev.dlpipe.pipelines.ops.Rejects;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.TableSchema;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.Tuple3;

/**
 * The {@code tokenize} pipeline: text files into {@code dlpipe.text.documents}, {@code
 * dlpipe.text.tokens} and {@code dlpipe.text.vocabulary} for one corpus, with lines that are not
 * valid UTF-8 quarantined in {@code dlpipe.ops.rejects}.
 *
 * <p>Lines are read as raw bytes with Hadoop's {@link TextInputFormat} (any Hadoop filesystem;
 * large uncompressed files are split across tasks; {@code .gz}, {@code .bz2} are decompressed by
 * their codec; LF, CRLF and CR end a line) and decoded strictly. Exact line numbers across splits
 * come from a first pass that counts lines per split, run only when some file is split. Each line
 * is one document, empty lines included, so that documents + rejects = lines read.
 *
 * <p>Each table is replaced for the corpus in one atomic Iceberg commit (rejects: for the run), in
 * the order rejects, documents, tokens, vocabulary; {@code dlpipe.ops.runs} is marked SUCCEEDED
 * only after all of them.
 */
public final class TokenizeCorpus {
  public static final String DOCUMENTS = "dlpipe.text.documents";
  public static final String TOKENS = "dlpipe.text.tokens";
  public static final String VOCABULARY = "dlpipe.text.vocabulary";

  private static final Pattern CORPUS_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** Documents get {@code fileIndex << LINE_BITS | lineNumber}: 2^40 lines per file, 2^23 files. */
  static final int LINE_BITS = 40;

  /**
   * What to tokenize.
   *
   * @param inputs files, directories or globs on any Hadoop filesystem
   * @param corpus corpus name; the run replaces this corpus in every text table
   * @param lowercase lower-case tokens (root locale)
   * @param vocabSize the most vocabulary entries, the 4 specials included; 0 = no limit
   * @param minCount tokens seen fewer times map to UNK
   */
  public record Spec(
      List<String> inputs, String corpus, boolean lowercase, int vocabSize, long minCount) {
    public Spec {
      inputs = List.copyOf(inputs);
      if (corpus == null || !CORPUS_NAME.matcher(corpus).matches()) {
        throw UserError.of(
            "invalid corpus name '" + corpus + "'",
            "a corpus name becomes a table partition and must be 1-128 letters, digits, '.', '_' or '-',"
                + " starting with a letter or digit",
            "pass e.g. --corpus multi30k-en");
      }
      if (vocabSize != 0 && vocabSize < Vocabulary.SPECIALS) {
        throw UserError.of(
            "--vocab-size " + vocabSize + " is too small",
            "the size counts the 4 special tokens (PAD, UNK, BOS, EOS)",
            "pass 0 for no limit, or at least 4");
      }
      if (minCount < 1) {
        throw UserError.of(
            "--min-count " + minCount + " is invalid",
            "a count below 1 keeps nothing out",
            "pass 1 or more");
      }
    }
  }

  /**
   * What a run produced.
   *
   * @param counts lines read = documents written + lines rejected
   * @param vocabularySize vocabulary entries, specials included
   * @param tokens token occurrences in the corpus
   * @param unknownTokens occurrences mapped to UNK
   * @param files number of input files
   */
  public record Result(
      RowCounts counts, int vocabularySize, long tokens, long unknownTokens, int files) {}

  private static final StructType LINES =
      new StructType()
          .add("doc_id", DataTypes.LongType, false)
          .add("source_file", DataTypes.StringType, false)
          .add("line_number", DataTypes.LongType, false)
          .add("text", DataTypes.StringType, true)
          .add("reason", DataTypes.StringType, true)
          .add("message", DataTypes.StringType, true);

  private TokenizeCorpus() {}

  /** Runs the pipeline; see the class documentation. */
  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    SparkSession spark = warehouse.spark();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();

    List<Path> files = InputFiles.expand(hadoop, spec.inputs());
    Map<String, Integer> fileIndex = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      fileIndex.put(files.get(i).toString(), i);
    }

    Job job = newJob(hadoop, files);
    @SuppressWarnings("unchecked")
    JavaNewHadoopRDD<LongWritable, Text> raw =
        (JavaNewHadoopRDD<LongWritable, Text>)
            jsc.newAPIHadoopRDD(
                job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);

    spark.sparkContext().setJobDescription("tokenize " + spec.corpus() + ": number lines");
    Broadcast<Map<String, Long>> linesBefore = jsc.broadcast(linesBeforeEachSplit(job, raw));
    Broadcast<Map<String, Integer>> indexB = jsc.broadcast(fileIndex);
    JavaRDD<Row> parsed =
        raw.mapPartitionsWithInputSplit(
            (split, records) -> parse((FileSplit) split, records, linesBefore, indexB), true);

    spark.sparkContext().setJobDescription("tokenize " + spec.corpus() + ": read and check lines");
    Dataset<Row> lines =
        spark.createDataFrame(parsed, LINES).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long read = lines.count();
      Dataset<Row> docs = lines.where(col("reason").isNull());
      Dataset<Row> bad = lines.where(col("reason").isNotNull());

      spark.sparkContext().setJobDescription("tokenize " + spec.corpus() + ": count tokens");
      Vocabulary vocabulary = buildVocabulary(docs.select("text"), spec);
      long totalTokens = vocabulary.entries().stream().mapToLong(TokenCount::count).sum();
      long unknown = vocabulary.entries().get(Vocabulary.UNK_ID).count();

      spark.sparkContext().setJobDescription("tokenize " + spec.corpus() + ": write rejects");
      Rejects.replace(
          warehouse,
          run,
          bad.select(
              lit(run.runId()).as("run_id"),
              lit(run.job()).as("job"),
              col("source_file").as("source"),
              concat(lit("line:"), col("line_number").cast("string")).as("locator"),
              col("reason").as("reason_code"),
              col("message")));

      var corpus = col("corpus").equalTo(spec.corpus());
      spark.sparkContext().setJobDescription("tokenize " + spec.corpus() + ": write documents");
      warehouse.replace(
          TableSchema.of(DOCUMENTS),
          docs.select(
              lit(spec.corpus()).as("corpus"),
              col("doc_id"),
              col("source_file"),
              col("line_number"),
              col("text"),
              lit(run.runId()).as("run_id")),
          corpus);

      spark.sparkContext().setJobDescription("tokenize " + spec.corpus() + ": write token ids");
      TableSchema tokensSchema = TableSchema.of(TOKENS);
      Broadcast<Vocabulary> vocabB = jsc.broadcast(vocabulary);
      String corpusName = spec.corpus();
      String runId = run.runId();
      boolean lowercase = spec.lowercase();
      // Segmenting again (~10M tokens/s per core) is cheaper than caching every token string.
      JavaRDD<Row> ids =
          docs.select("doc_id", "text")
              .javaRDD()
              .mapPartitions(
                  rows -> {
                    WordTokenizer tokenizer = new WordTokenizer(lowercase);
                    Vocabulary v = vocabB.value();
                    IntArrayBuilder out = new IntArrayBuilder();
                    return new MappedIterator<>(
                        rows,
                        row -> {
                          out.clear();
                          tokenizer.tokenize(row.getString(1), t -> out.add(v.id(t)));
                          int[] tokenIds = out.toArray();
                          return RowFactory.create(
                              corpusName, row.getLong(0), tokenIds.length, tokenIds, runId);
                        });
                  });
      warehouse.replace(tokensSchema, spark.createDataFrame(ids, tokensSchema.sparkType()), corpus);

      spark.sparkContext().setJobDescription("tokenize " + spec.corpus() + ": write vocabulary");
      TableSchema vocabSchema = TableSchema.of(VOCABULARY);
      List<Row> vocabRows = new ArrayList<>(vocabulary.size());
      for (int i = 0; i < vocabulary.size(); i++) {
        TokenCount e = vocabulary.entries().get(i);
        vocabRows.add(RowFactory.create(corpusName, i, e.token(), e.count(), runId));
      }
      int slices = Math.max(1, Math.min(64, vocabRows.size() / 100_000));
      warehouse.replace(
          vocabSchema,
          spark.createDataFrame(jsc.parallelize(vocabRows, slices), vocabSchema.sparkType()),
          corpus);

      // Reconcile against what was committed, not against what we meant to write.
      spark.sparkContext().setJobDescription("tokenize " + spec.corpus() + ": reconcile counts");
      long written = spark.table(DOCUMENTS).where(corpus).count();
      long rejected = spark.table(Rejects.TABLE).where(col("run_id").equalTo(run.runId())).count();
      RowCounts counts = new RowCounts(read, written, rejected);
      if (!counts.reconciles()) {
        throw new IllegalStateException(
            "tokenize " + spec.corpus() + ": counts do not reconcile: " + counts);
      }
      return new Result(counts, vocabulary.size(), totalTokens, unknown, files.size());
    } finally {
      lines.unpersist();
      spark.sparkContext().setJobDescription(null);
    }
  }

  private static Job newJob(Configuration hadoop, List<Path> files) {
    try {
      Job job = Job.getInstance(new Configuration(hadoop));
      FileInputFormat.setInputPaths(job, files.toArray(new Path[0]));
      return job;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * For each split that does not start a file, the number of lines in the file before it
   * ("path@start" → lines). Empty, and no data read, when no file is split (small or compressed
   * files).
   */
  private static Map<String, Long> linesBeforeEachSplit(
      Job job, JavaNewHadoopRDD<LongWritable, Text> raw) {
    List<InputSplit> splits;
    try {
      splits = new TextInputFormat().getSplits(job);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compute input splits", e);
    }
    if (splits.stream().allMatch(s -> ((FileSplit) s).getStart() == 0)) {
      return Collections.emptyMap();
    }
    List<Tuple3<String, Long, Long>> perSplit =
        raw.mapPartitionsWithInputSplit(
                (split, records) -> {
                  long n = 0;
                  for (; records.hasNext(); records.next()) {
                    n++;
                  }
                  FileSplit f = (FileSplit) split;
                  return Collections.singletonList(
                          new Tuple3<>(f.getPath().toString(), f.getStart(), n))
                      .iterator();
                },
                true)
            .collect();
    List<Tuple3<String, Long, Long>> sorted = new ArrayList<>(perSplit);
    sorted.sort(
        (a, b) -> a._1().equals(b._1()) ? Long.compare(a._2(), b._2()) : a._1().compareTo(b._1()));
    Map<String, Long> before = new HashMap<>();
    String file = null;
    long seen = 0;
    for (Tuple3<String, Long, Long> s : sorted) {
      if (!s._1().equals(file)) {
        file = s._1();
        seen = 0;
      }
      before.put(s._1() + "@" + s._2(), seen);
      seen += s._3();
    }
    return before;
  }

  private static Iterator<Row> parse(
      FileSplit split,
      Iterator<scala.Tuple2<LongWritable, Text>> records,
      Broadcast<Map<String, Long>> linesBefore,
      Broadcast<Map<String, Integer>> fileIndex) {
    String file = split.getPath().toString();
    Integer index = fileIndex.value().get(file);
    if (index == null) {
      throw new IllegalStateException(
          "split of unexpected file " + file + "; inputs: " + fileIndex.value());
    }
    long first = linesBefore.value().getOrDefault(file + "@" + split.getStart(), 0L);
    long idBase = (long) index << LINE_BITS;
    StrictUtf8 utf8 = new StrictUtf8();
    return new Iterator<>() {
      long line = first;

      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Row next() {
        Text bytes = records.next()._2();
        line++;
        try {
          String text = utf8.decode(bytes.getBytes(), 0, bytes.getLength());
          return RowFactory.create(idBase | line, file, line, text, null, null);
        } catch (StrictUtf8.InvalidUtf8Exception e) {
          return RowFactory.create(
              idBase | line, file, line, null, Rejects.INVALID_UTF8, e.getMessage());
        }
      }
    };
  }

  /**
   * Counts tokens with one hash map per partition (no token strings are cached or shuffled twice),
   * then sums per token across partitions and keeps the most frequent on the driver.
   */
  private static Vocabulary buildVocabulary(Dataset<Row> texts, Spec spec) {
    boolean lowercase = spec.lowercase();
    JavaPairRDD<String, Long> counts =
        texts
            .javaRDD()
            .mapPartitionsToPair(
                rows -> {
                  WordTokenizer tokenizer = new WordTokenizer(lowercase);
                  Map<String, long[]> local = new HashMap<>();
                  while (rows.hasNext()) {
                    tokenizer.tokenize(
                        rows.next().getString(0),
                        t -> local.computeIfAbsent(t, k -> new long[1])[0]++);
                  }
                  List<Tuple2<String, Long>> out = new ArrayList<>(local.size());
                  local.forEach((t, n) -> out.add(new Tuple2<>(t, n[0])));
                  return out.iterator();
                })
            .reduceByKey(Long::sum)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long totalTokens = counts.values().fold(0L, Long::sum);
      long minCount = spec.minCount();
      JavaRDD<TokenCount> frequent =
          counts.filter(tc -> tc._2() >= minCount).map(tc -> new TokenCount(tc._1(), tc._2()));
      List<TokenCount> kept =
          spec.vocabSize() > 0
              ? frequent.takeOrdered(spec.vocabSize() - Vocabulary.SPECIALS, Vocabulary.ORDER)
              : frequent.collect();
      long keptCount = kept.stream().mapToLong(TokenCount::count).sum();
      return Vocabulary.build(kept, spec.minCount(), spec.vocabSize(), totalTokens - keptCount);
    } finally {
      counts.unpersist(false);
    }
  }
}
