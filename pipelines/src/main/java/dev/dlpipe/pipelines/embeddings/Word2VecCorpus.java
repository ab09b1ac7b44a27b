package dev.dlpipe.pipelines.embeddings;

import static org.apache.spark.sql.functions.col;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.embeddings.Word2VecVocab;
import dev.dlpipe.engines.text.StrictUtf8;
import dev.dlpipe.engines.text.Vocabulary;
import dev.dlpipe.pipelines.io.InputFiles;
import dev.dlpipe.pipelines.ops.Rejects;
import dev.dlpipe.pipelines.ops.RowCounts;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import dev.dlpipe.pipelines.text.TokenizeCorpus;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A corpus as Word2Vec trains on it: its vocabulary and its text as sentences of word ids, words
 * outside the vocabulary removed (word2vec.c skips them). Every input line (or tokenized document)
 * ends a sentence; longer ones are cut into pieces of at most {@value #PIECE} words so that one
 * long line (a text8-style corpus is a single line) spreads over workers.
 *
 * @param vocab the vocabulary
 * @param sentences word ids, one array per sentence piece (not persisted)
 * @param counts lines (documents) read = used + rejected
 * @param source what was read, for {@code dlpipe.ml.models.training_data}
 */
public record Word2VecCorpus(
    Word2VecVocab vocab, JavaRDD<int[]> sentences, RowCounts counts, String source) {

  /** Most words in one sentence piece. */
  public static final int PIECE = 10_000;

  /**
   * Reads text files: lines split at spaces and tabs ({@code '\r'} too), as word2vec.c reads its
   * training file; lines that are not valid UTF-8 go to {@code dlpipe.ops.rejects} (locator {@code
   * byte:OFFSET}).
   */
  public static Word2VecCorpus fromFiles(
      Warehouse warehouse, List<String> inputs, long minCount, RunContext run) {
    SparkSession spark = warehouse.spark();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<Path> files = InputFiles.expand(hadoop, inputs);
    Job job;
    try {
      job = Job.getInstance(new Configuration(hadoop));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      FileInputFormat.setInputPaths(job, files.toArray(new Path[0]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    @SuppressWarnings("unchecked")
    JavaNewHadoopRDD<LongWritable, Text> raw =
        (JavaNewHadoopRDD<LongWritable, Text>)
            jsc.newAPIHadoopRDD(
                job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);
    JavaRDD<Line> lines =
        raw.mapPartitionsWithInputSplit(
                (split, records) -> decode(((FileSplit) split).getPath().toString(), records), true)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      spark.sparkContext().setJobDescription("word2vec: count words");
      List<Vocabulary.TokenCount> counted =
          lines
              .filter(l -> l.text != null)
              .mapPartitionsToPair(
                  it -> {
                    Map<String, long[]> local = new HashMap<>();
                    while (it.hasNext()) {
                      forEachWord(
                          it.next().text, w -> local.computeIfAbsent(w, k -> new long[1])[0]++);
                    }
                    List<Tuple2<String, Long>> out = new ArrayList<>(local.size());
                    local.forEach((w, n) -> out.add(new Tuple2<>(w, n[0])));
                    return out.iterator();
                  })
              .reduceByKey(Long::sum)
              .filter(t -> t._2() >= minCount)
              .map(t -> new Vocabulary.TokenCount(t._1(), t._2()))
              .collect();
      Word2VecVocab vocab = Word2VecVocab.build(counted, minCount);
      requireWords(vocab, minCount, String.join(" ", inputs));

      spark.sparkContext().setJobDescription("word2vec: write rejects");
      JavaRDD<Row> bad =
          lines
              .filter(l -> l.text == null)
              .map(
                  l ->
                      RowFactory.create(
                          run.runId(),
                          run.job(),
                          l.file,
                          "byte:" + l.offset,
                          Rejects.INVALID_UTF8,
                          l.error));
      Rejects.replace(warehouse, run, spark.createDataFrame(bad, Rejects.schema().sparkType()));
      long read = lines.count();
      long rejected = lines.filter(l -> l.text == null).count();

      Broadcast<Word2VecVocab> vocabB = jsc.broadcast(vocab);
      JavaRDD<int[]> sentences =
          lines
              .filter(l -> l.text != null)
              .mapPartitions(
                  it -> {
                    Word2VecVocab v = vocabB.value();
                    IdPieces pieces = new IdPieces();
                    List<int[]> out = new ArrayList<>();
                    while (it.hasNext()) {
                      forEachWord(it.next().text, w -> pieces.add(v.id(w), out));
                      pieces.endLine(out);
                    }
                    return out.iterator();
                  });
      // The caller persists the sentences; the lines stay cached until then.
      JavaRDD<int[]> kept = sentences.persist(StorageLevel.MEMORY_AND_DISK());
      kept.count();
      return new Word2VecCorpus(
          vocab, kept, new RowCounts(read, read - rejected, rejected), String.join(" ", inputs));
    } finally {
      lines.unpersist(false);
      spark.sparkContext().setJobDescription(null);
    }
  }

  /**
   * Reads a corpus written by {@code tokenize}: token ids from {@code dlpipe.text.tokens}, counts
   * from {@code dlpipe.text.vocabulary} (the special tokens, {@code <unk>} included, are left out).
   */
  public static Word2VecCorpus fromTable(Warehouse warehouse, String corpus, long minCount) {
    SparkSession spark = warehouse.spark();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    spark.sparkContext().setJobDescription("word2vec: read vocabulary of " + corpus);
    List<Row> entries =
        spark.catalog().tableExists(TokenizeCorpus.VOCABULARY)
            ? spark
                .table(TokenizeCorpus.VOCABULARY)
                .where(col("corpus").equalTo(corpus))
                .select("id", "token", "count")
                .collectAsList()
            : List.of();
    if (entries.isEmpty()) {
      throw UserError.of(
          "corpus '" + corpus + "' not found",
          "dlpipe.text.vocabulary has no rows for it in this warehouse",
          "tokenize it first (bin/dlpipe tokenize --input FILES --corpus "
              + corpus
              + "), or pass --input FILES");
    }
    int maxId = 0;
    List<Vocabulary.TokenCount> counts = new ArrayList<>();
    for (Row r : entries) {
      maxId = Math.max(maxId, r.getInt(0));
      if (r.getInt(0) >= Vocabulary.SPECIALS) {
        counts.add(new Vocabulary.TokenCount(r.getString(1), r.getLong(2)));
      }
    }
    Word2VecVocab vocab = Word2VecVocab.build(counts, minCount);
    requireWords(vocab, minCount, "corpus " + corpus);
    int[] map = new int[maxId + 1];
    java.util.Arrays.fill(map, -1);
    for (Row r : entries) {
      if (r.getInt(0) >= Vocabulary.SPECIALS) {
        map[r.getInt(0)] = vocab.id(r.getString(1));
      }
    }
    Broadcast<int[]> mapB = jsc.broadcast(map);
    spark.sparkContext().setJobDescription("word2vec: read token ids of " + corpus);
    JavaRDD<int[]> sentences =
        spark
            .table(TokenizeCorpus.TOKENS)
            .where(col("corpus").equalTo(corpus))
            .select("ids")
            .javaRDD()
            .mapPartitions(
                it -> {
                  int[] m = mapB.value();
                  IdPieces pieces = new IdPieces();
                  List<int[]> out = new ArrayList<>();
                  while (it.hasNext()) {
                    List<Integer> ids = it.next().getList(0);
                    for (Integer id : ids) {
                      pieces.add(id < m.length ? m[id] : -1, out);
                    }
                    pieces.endLine(out);
                  }
                  return out.iterator();
                })
            .persist(StorageLevel.MEMORY_AND_DISK());
    long docs = spark.table(TokenizeCorpus.TOKENS).where(col("corpus").equalTo(corpus)).count();
    sentences.count();
    spark.sparkContext().setJobDescription(null);
    return new Word2VecCorpus(
        vocab,
        sentences,
        new RowCounts(docs, docs, 0),
        TokenizeCorpus.TOKENS + " corpus=" + corpus);
  }

  private static void requireWords(Word2VecVocab vocab, long minCount, String what) {
    if (vocab.size() < 2) {
      throw UserError.of(
          "too few words to train on in " + what,
          vocab.size() + " word(s) occur at least " + minCount + " times",
          "give more text, or lower --min-count");
    }
  }

  /** One input line: decoded text, or (text null) the reason it was rejected. */
  private record Line(String file, long offset, String text, String error)
      implements Serializable {}

  private static Iterator<Line> decode(String file, Iterator<Tuple2<LongWritable, Text>> records) {
    StrictUtf8 utf8 = new StrictUtf8();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Line next() {
        Tuple2<LongWritable, Text> r = records.next();
        Text t = r._2();
        long offset = r._1().get();
        try {
          return new Line(file, offset, utf8.decode(t.getBytes(), 0, t.getLength()), null);
        } catch (StrictUtf8.InvalidUtf8Exception e) {
          return new Line(file, offset, null, e.getMessage());
        }
      }
    };
  }

  /**
   * Calls {@code sink} with each word of {@code line}: runs of characters other than space, tab,
   * CR.
   */
  static void forEachWord(String line, java.util.function.Consumer<String> sink) {
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && separator(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !separator(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        sink.accept(line.substring(start, i));
      }
    }
  }

  private static boolean separator(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** Collects word ids into pieces of at most {@link #PIECE}, skipping -1 (not in vocabulary). */
  private static final class IdPieces {
    private int[] buf = new int[PIECE];
    private int n;

    void add(int id, List<int[]> out) {
      if (id < 0) {
        return;
      }
      buf[n++] = id;
      if (n == PIECE) {
        endLine(out);
      }
    }

    void endLine(List<int[]> out) {
      if (n > 0) {
        out.add(java.util.Arrays.copyOf(buf, n));
        n = 0;
      }
    }
  }
}
