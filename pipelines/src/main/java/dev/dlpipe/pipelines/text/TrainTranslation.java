package dev.dlpipe.pipelines.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.engines.UserError;
import dev.dlpipe.models.text.LanguageModels;
import dev.dlpipe.models.text.Seq2Seq;
import dev.dlpipe.models.text.Seq2SeqBatches;
import dev.dlpipe.models.text.Seq2SeqConfig;
import dev.dlpipe.models.text.TokenLoss;
import dev.dlpipe.pipelines.ml.ModelFiles;
import dev.dlpipe.pipelines.ml.SequenceTask;
import dev.dlpipe.pipelines.ml.SequenceTraining;
import dev.dlpipe.pipelines.ml.TrainingPlan;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The {@code train-seq2seq} pipeline: an attention encoder-decoder trained with teacher forcing and
 * parameter averaging on a parallel corpus, i.e. two tokenized corpora whose documents are aligned
 * by doc id (tokenize the source file and the target file as two corpora; line n of one is the
 * translation of line n of the other).
 *
 * <p>Pairs where either side is empty or longer than {@code maxLength} tokens are left out of
 * training and counted. The source and target vocabularies are written next to the model ({@code
 * source.vocab}, {@code target.vocab}: one token per line, the line index is the id) with the
 * tokenizer settings, so {@code translate} needs nothing but the model's folder.
 */
public final class TrainTranslation {
  private TrainTranslation() {}

  /**
   * What to train.
   *
   * @param source source corpus
   * @param target target corpus (same doc ids)
   * @param model model name in the store
   * @param network shape and optimiser settings; vocabulary sizes come from the corpora
   * @param maxVocab most frequent ids kept per side (0 = all)
   * @param maxLength longest sentence (tokens) trained on, either side
   * @param heldOutPercent percent of pairs held out for the per-epoch loss
   * @param plan data-parallel plan
   * @param resume continue the run's newest checkpoint
   */
  public record Spec(
      String source,
      String target,
      String model,
      Seq2SeqConfig network,
      int maxVocab,
      int maxLength,
      int heldOutPercent,
      TrainingPlan plan,
      boolean resume) {}

  /** One sentence pair. */
  public record Pair(int[] source, int[] target) {}

  /**
   * What the run did.
   *
   * @param pairs aligned pairs read
   * @param trained pairs in training (per epoch)
   * @param heldOut pairs held out
   * @param skipped pairs left out (an empty side, or longer than the limit)
   * @param training the training run
   */
  public record Result(
      long pairs, long trained, long heldOut, long skipped, SequenceTraining.Result training) {}

  static final class Task implements SequenceTask<Pair> {
    private final Seq2SeqConfig config;

    Task(Seq2SeqConfig config) {
      this.config = config;
    }

    @Override
    public ComputationGraph newNetwork() {
      return Seq2Seq.build(config);
    }

    @Override
    public int length(Pair p) {
      // Source length first, target length breaks ties: both sides pad little.
      return p.source().length * 1024 + p.target().length;
    }

    @Override
    public MultiDataSet batch(List<Pair> pairs) {
      List<int[]> src = new ArrayList<>(pairs.size());
      List<int[]> tgt = new ArrayList<>(pairs.size());
      for (Pair p : pairs) {
        src.add(p.source());
        tgt.add(p.target());
      }
      return Seq2SeqBatches.of(src, tgt);
    }

    @Override
    public double[] heldOutLoss(ComputationGraph network, MultiDataSet batch) {
      // The per-token loss of output 0 over the label mask: the same computation as for LMs.
      TokenLoss loss = LanguageModels.loss(network, batch);
      return new double[] {loss.nll(), loss.tokens()};
    }
  }

  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    CorpusTokens src = CorpusTokens.read(warehouse, spec.source(), spec.maxVocab());
    CorpusTokens tgt = CorpusTokens.read(warehouse, spec.target(), spec.maxVocab());
    Map<Long, int[]> targetByDoc = new HashMap<>();
    for (int d = 0; d < tgt.docIds().length; d++) {
      targetByDoc.put(tgt.docIds()[d], tgt.ids().get(d));
    }
    List<Pair> train = new ArrayList<>();
    List<Pair> heldOut = new ArrayList<>();
    long pairs = 0;
    long skipped = 0;
    for (int d = 0; d < src.docIds().length; d++) {
      int[] t = targetByDoc.get(src.docIds()[d]);
      if (t == null) {
        continue;
      }
      pairs++;
      int[] s = src.ids().get(d);
      if (s.length == 0
          || t.length == 0
          || s.length > spec.maxLength()
          || t.length > spec.maxLength()) {
        skipped++;
        continue;
      }
      boolean hold =
          Math.floorMod(TrainLanguageModel.mix(src.docIds()[d]), 100) < spec.heldOutPercent();
      (hold ? heldOut : train).add(new Pair(s, t));
    }
    if (train.isEmpty()) {
      throw UserError.of(
          "no sentence pairs to train on",
          "corpora "
              + spec.source()
              + " and "
              + spec.target()
              + " share "
              + pairs
              + " doc ids and "
              + skipped
              + " of those pairs are empty or too long",
          "tokenize the two sides of one parallel corpus (one file each, line-aligned), or raise"
              + " --max-length");
    }
    Seq2SeqConfig n = spec.network();
    Seq2SeqConfig config =
        new Seq2SeqConfig(
            src.vocabSize(),
            tgt.vocabSize(),
            n.embedding(),
            n.hidden(),
            n.attention(),
            n.layers(),
            n.dropout(),
            n.learningRate(),
            n.clip(),
            spec.plan().seed());
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("source", spec.source());
    json.put("target", spec.target());
    json.put("source_lowercase", TokenizerSettings.lowercase(warehouse, spec.source()));
    json.put("target_lowercase", TokenizerSettings.lowercase(warehouse, spec.target()));
    json.put("source_vocab", config.srcVocab());
    json.put("target_vocab", config.tgtVocab());
    json.put("embedding", config.embedding());
    json.put("hidden", config.hidden());
    json.put("attention", config.attention().name().toLowerCase(Locale.ROOT));
    json.put("layers", config.layers());
    json.put("dropout", config.dropout());
    json.put("learning_rate", config.learningRate());
    json.put("gradient_clip", config.clip());
    json.put("max_length", spec.maxLength());
    json.put("held_out_percent", spec.heldOutPercent());
    spec.plan().describe(json);

    var conf = warehouse.spark().sparkContext().hadoopConfiguration();
    String runDir = ModelFiles.runDir(warehouse.root(), spec.model(), run.runId());
    SequenceTraining.writeText(
        conf, new Path(runDir, "source.vocab").toString(), String.join("\n", src.tokens()) + "\n");
    SequenceTraining.writeText(
        conf, new Path(runDir, "target.vocab").toString(), String.join("\n", tgt.tokens()) + "\n");
    SequenceTraining.Result trained =
        SequenceTraining.run(
            warehouse,
            run,
            new SequenceTraining.Spec(
                spec.model(),
                "seq2seq-attention",
                spec.plan(),
                spec.resume(),
                json,
                "dlpipe.text.tokens corpora=" + spec.source() + "->" + spec.target()),
            new Task(config),
            train,
            heldOut);
    return new Result(pairs, train.size(), heldOut.size(), skipped, trained);
  }
}
