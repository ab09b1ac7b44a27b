package dev.dlpipe.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.engines.embeddings.AnalogyStats;
import dev.dlpipe.engines.embeddings.WordSimilarity;
import dev.dlpipe.pipelines.embeddings.EvaluateEmbeddings;
import dev.dlpipe.pipelines.ops.RowCounts;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code word2vec-eval}: analogy accuracy and word-pair similarity of word vectors. */
@Command(
    name = "word2vec-eval",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Score word vectors: analogies and word-pair similarity.",
      "",
      "Analogy accuracy is counted exactly as word2vec.c's compute-accuracy counts it: questions"
          + " (questions-words.txt format) with all four words among the first --restrict words of"
          + " the file are seen; the answer is the nearest word to b - a + c by cosine, a, b and c"
          + " left out; words compared upper-cased; per section, in total, semantic (sections 1-5)"
          + " and syntactic. Similarity files (WordSim-353 format: word1 TAB word2 TAB score, '#'"
          + " comments) give Spearman's rho, as gensim's evaluate_word_pairs (pairs with an unknown"
          + " word left out). Values go to dlpipe.metrics.embeddings.",
      ""
    })
public final class Word2VecEvalJob implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(
      names = "--vectors",
      required = true,
      paramLabel = "URI",
      description = "Vectors file, word2vec.c binary or text format (any Hadoop filesystem).")
  String vectors;

  @Option(
      names = "--analogies",
      paramLabel = "FILE",
      description = "Analogy questions (word2vec's questions-words.txt format).")
  String analogies;

  @Option(
      names = "--similarity",
      arity = "1..*",
      paramLabel = "FILE",
      description = "Word-pair files (WordSim-353 format); repeatable.")
  List<String> similarity;

  @Option(
      names = "--restrict",
      defaultValue = "30000",
      paramLabel = "N",
      description =
          "Analogies use the first N words of the file (0 = all), compute-accuracy's threshold."
              + " Default: ${DEFAULT-VALUE}.")
  int restrict;

  @Option(
      names = "--json",
      description =
          "Print JSON: analogy {correct, seen, accuracy, sections} and similarity {file: {pairs,"
              + " oov, spearman}}.")
  boolean json;

  @Override
  public Integer call() {
    EvaluateEmbeddings.Spec what =
        new EvaluateEmbeddings.Spec(vectors, analogies, similarity, restrict);
    return JobRunner.run(
        spec.name(),
        common,
        spec.commandLine().getParseResult().originalArgs(),
        (warehouse, run) -> {
          EvaluateEmbeddings.Result r = EvaluateEmbeddings.run(warehouse, what, run);
          System.out.println(json ? toJson(r) : text(r));
          long n = r.analogy() == null ? 0 : r.analogy().totalQuestions();
          for (WordSimilarity.Result s : r.similarity().values()) {
            n += s.pairs() + s.oov();
          }
          return new JobRunner.Outcome(
              new RowCounts(n, n, 0),
              String.format(
                  Locale.ROOT,
                  "%,d words x %d dims scored, rows written to %s",
                  r.words(),
                  r.dim(),
                  EvaluateEmbeddings.TABLE));
        });
  }

  /** compute-accuracy's lines (per section, then totals), then one line per similarity file. */
  static String text(EvaluateEmbeddings.Result r) {
    StringBuilder sb = new StringBuilder();
    AnalogyStats a = r.analogy();
    if (a != null) {
      for (int s = 0; s < a.sections().size(); s++) {
        if (s == 0 && a.questions(0) == 0) {
          continue;
        }
        sb.append(s == 0 ? "(no section)" : a.sections().get(s)).append(":\n");
        sb.append(
            String.format(
                Locale.ROOT,
                "ACCURACY TOP1: %.2f %%  (%d / %d)%n",
                pct(a.correct(s), a.seen(s)),
                a.correct(s),
                a.seen(s)));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "Total accuracy: %.2f %%   Semantic accuracy: %.2f %%   Syntactic accuracy: %.2f %%%n",
              pct(a.totalCorrect(), a.totalSeen()),
              pct(a.semanticCorrect(), a.semanticSeen()),
              pct(a.syntacticCorrect(), a.syntacticSeen())));
      sb.append(
          String.format(
              Locale.ROOT,
              "Questions seen / total: %d %d   %.2f %%%n",
              a.totalSeen(),
              a.totalQuestions(),
              pct(a.totalSeen(), a.totalQuestions())));
      sb.append(
          String.format(Locale.ROOT, "Correct / seen: %d / %d%n", a.totalCorrect(), a.totalSeen()));
    }
    for (Map.Entry<String, WordSimilarity.Result> e : r.similarity().entrySet()) {
      WordSimilarity.Result s = e.getValue();
      sb.append(
          String.format(
              Locale.ROOT,
              "%s: Spearman %.6f, Pearson %.6f, %d pairs, %d out of vocabulary (%.2f %%)%n",
              e.getKey(),
              s.spearman(),
              s.pearson(),
              s.pairs(),
              s.oov(),
              s.oovPercent()));
    }
    return sb.toString().stripTrailing();
  }

  private static double pct(long a, long b) {
    return b == 0 ? 0 : 100.0 * a / b;
  }

  static String toJson(EvaluateEmbeddings.Result r) {
    ObjectNode node = JsonOutput.MAPPER.createObjectNode();
    node.put("vectors", r.vectorsUri());
    node.put("words", r.words());
    node.put("dim", r.dim());
    AnalogyStats a = r.analogy();
    if (a != null) {
      ObjectNode an = node.putObject("analogy");
      an.put("correct", a.totalCorrect());
      an.put("seen", a.totalSeen());
      an.put("questions", a.totalQuestions());
      putAccuracy(an, a.totalCorrect(), a.totalSeen());
      ObjectNode sem = an.putObject("semantic");
      sem.put("correct", a.semanticCorrect());
      sem.put("seen", a.semanticSeen());
      putAccuracy(sem, a.semanticCorrect(), a.semanticSeen());
      ObjectNode syn = an.putObject("syntactic");
      syn.put("correct", a.syntacticCorrect());
      syn.put("seen", a.syntacticSeen());
      putAccuracy(syn, a.syntacticCorrect(), a.syntacticSeen());
      ObjectNode sections = an.putObject("sections");
      for (int s = 0; s < a.sections().size(); s++) {
        if (s == 0 && a.questions(0) == 0) {
          continue;
        }
        ObjectNode sec = sections.putObject(s == 0 ? ":unnamed" : a.sections().get(s));
        sec.put("correct", a.correct(s));
        sec.put("seen", a.seen(s));
        sec.put("questions", a.questions(s));
        putAccuracy(sec, a.correct(s), a.seen(s));
      }
    }
    ObjectNode sim = node.putObject("similarity");
    for (Map.Entry<String, WordSimilarity.Result> e : r.similarity().entrySet()) {
      WordSimilarity.Result s = e.getValue();
      ObjectNode f = sim.putObject(e.getKey());
      f.put("pairs", s.pairs());
      f.put("oov", s.oov());
      putNumber(f, "spearman", s.spearman());
      putNumber(f, "pearson", s.pearson());
    }
    return JsonOutput.pretty(node);
  }

  private static void putAccuracy(ObjectNode n, long correct, long seen) {
    putNumber(n, "accuracy", AnalogyStats.accuracy(correct, seen));
  }

  private static void putNumber(ObjectNode n, String key, double v) {
    if (Double.isNaN(v)) {
      n.putNull(key);
    } else {
      n.put(key, v);
    }
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.Word2VecEvalJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new Word2VecEvalJob(), args));
  }
}
