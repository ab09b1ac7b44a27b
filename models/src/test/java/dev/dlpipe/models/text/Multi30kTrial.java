package dev.dlpipe.models.text;

import dev.dlpipe.engines.bleu.Bleu;
import dev.dlpipe.engines.bleu.BleuScore;
import dev.dlpipe.engines.text.Vocabulary;
import dev.dlpipe.engines.text.WordTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * A manual measurement, not a test: trains {@link Seq2Seq} in one JVM on Multi30k (de→en) and
 * prints the time per 1,000 sentence pairs, the per-token training loss, and greedy BLEU (13a,
 * lower-cased) on test_2016_flickr after each epoch.
 *
 * <pre>
 *   java -cp ... dev.dlpipe.models.text.Multi30kTrial DATA_DIR PAIRS EPOCHS HIDDEN BATCH [MODEL_OUT]
 * </pre>
 *
 * PAIRS 0 takes the whole training set. Tokens: {@link WordTokenizer} lower-cased; vocabularies
 * from the training pairs used, minimum count 2.
 */
public final class Multi30kTrial {
  private static final int REPORT = Integer.getInteger("report", 50);

  private Multi30kTrial() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int pairs = Integer.parseInt(args[1]);
    int epochs = Integer.parseInt(args[2]);
    int hidden = Integer.parseInt(args[3]);
    int batch = Integer.parseInt(args[4]);
    Path modelOut = args.length > 5 ? Path.of(args[5]) : null;

    WordTokenizer tok = new WordTokenizer(true);
    List<List<String>> de = tokens(dir.resolve("train.de"), tok, pairs);
    List<List<String>> en = tokens(dir.resolve("train.en"), tok, pairs);
    Vocabulary deVocab = vocabulary(de);
    Vocabulary enVocab = vocabulary(en);
    List<int[]> src = ids(de, deVocab);
    List<int[]> tgt = ids(en, enVocab);
    List<int[]> testSrc = ids(tokens(dir.resolve("test_2016_flickr.de"), tok, 0), deVocab);
    List<String> testRef =
        Files.readAllLines(dir.resolve("test_2016_flickr.en"), StandardCharsets.UTF_8);
    System.out.printf(
        Locale.ROOT,
        "pairs %d, vocab de %d en %d, hidden %d, batch %d%n",
        src.size(),
        deVocab.size(),
        enVocab.size(),
        hidden,
        batch);

    Seq2SeqConfig defaults = Seq2SeqConfig.defaults(deVocab.size(), enVocab.size());
    Seq2SeqConfig config =
        new Seq2SeqConfig(
            deVocab.size(),
            enVocab.size(),
            hidden,
            hidden,
            defaults.attention(),
            defaults.layers(),
            defaults.dropout(),
            defaults.learningRate(),
            defaults.clip(),
            defaults.seed());
    ComputationGraph g = Seq2Seq.build(config);
    System.out.printf(Locale.ROOT, "parameters %d%n", g.numParams());
    Bleu bleu = new Bleu(Bleu.Options.corpus().withLowercase(true));
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      double windowNll = 0;
      long windowTokens = 0;
      int done = 0;
      int b = 0;
      for (int[] bucket : Seq2SeqBatches.buckets(src, tgt, batch, epoch)) {
        List<int[]> s = new ArrayList<>(bucket.length);
        List<int[]> t = new ArrayList<>(bucket.length);
        for (int i : bucket) {
          s.add(src.get(i));
          t.add(tgt.get(i));
        }
        MultiDataSet mds = Seq2SeqBatches.of(s, t);
        g.fit(mds);
        long tokens = mds.getLabelsMaskArray(0).sumNumber().longValue();
        windowNll += g.score() * bucket.length;
        windowTokens += tokens;
        done += bucket.length;
        if (++b % REPORT == 0) {
          double secs = (System.nanoTime() - start) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "epoch %d pairs %d  %.1f s per 1000 pairs  train loss %.3f nats/token%n",
              epoch,
              done,
              1000 * secs / done,
              windowNll / windowTokens);
          windowNll = 0;
          windowTokens = 0;
        }
      }
      double secs = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "epoch %d done: %.0f s, %.1f s per 1000 pairs%n",
          epoch,
          secs,
          1000 * secs / done);
      long t0 = System.nanoTime();
      List<int[]> out = Decoder.greedy(g, testSrc, 60);
      double decodeSecs = (System.nanoTime() - t0) / 1e9;
      List<String> hyps = new ArrayList<>(out.size());
      for (int[] ids : out) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
          if (sb.length() > 0) {
            sb.append(' ');
          }
          sb.append(enVocab.token(id));
        }
        hyps.add(sb.toString());
      }
      BleuScore score = bleu.corpus(hyps, List.of(testRef));
      System.out.printf(
          Locale.ROOT,
          "epoch %d test_2016_flickr greedy BLEU %.2f (%s), decoded %d in %.1f s; e.g. '%s'%n",
          epoch,
          score.score(),
          score.signature(),
          out.size(),
          decodeSecs,
          hyps.get(0));
      if (modelOut != null) {
        ModelSerializer.writeModel(g, modelOut.toFile(), true);
      }
    }
  }

  private static List<List<String>> tokens(Path file, WordTokenizer tok, int limit)
      throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (limit > 0 && lines.size() > limit) {
      lines = lines.subList(0, limit);
    }
    List<List<String>> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      out.add(tok.tokenize(line));
    }
    return out;
  }

  private static Vocabulary vocabulary(List<List<String>> corpus) {
    Map<String, Long> counts = new HashMap<>();
    for (List<String> s : corpus) {
      for (String t : s) {
        counts.merge(t, 1L, Long::sum);
      }
    }
    List<Vocabulary.TokenCount> tc = new ArrayList<>();
    counts.forEach((k, v) -> tc.add(new Vocabulary.TokenCount(k, v)));
    return Vocabulary.build(tc, 2, 0, -1);
  }

  private static List<int[]> ids(List<List<String>> corpus, Vocabulary v) {
    List<int[]> out = new ArrayList<>(corpus.size());
    for (List<String> s : corpus) {
      int[] ids = new int[s.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = v.id(s.get(i));
      }
      out.add(ids);
    }
    return out;
  }
}
