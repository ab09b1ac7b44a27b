package dev.dlpipe.pipelines.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlpipe.engines.UserError;
import dev.dlpipe.models.text.LanguageModels;
import dev.dlpipe.models.text.LmBatches;
import dev.dlpipe.models.text.LmConfig;
import dev.dlpipe.models.text.TokenLoss;
import dev.dlpipe.pipelines.ml.SequenceTask;
import dev.dlpipe.pipelines.ml.SequenceTraining;
import dev.dlpipe.pipelines.ml.TrainingPlan;
import dev.dlpipe.pipelines.ops.RunContext;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The {@code train-lm} pipeline: a word-level language model (LSTM, ELMo-style bidirectional LSTM
 * or GRU) on a tokenized corpus, trained with parameter averaging on Spark.
 *
 * <p>Each document's token ids are cut into windows of at most {@code maxLength} tokens (long
 * documents become several training sequences; sentences are usually one). A fixed share of the
 * documents, chosen by a hash of the doc id, is held out to measure the loss per token and the
 * perplexity after every epoch.
 */
public final class TrainLanguageModel {
  private TrainLanguageModel() {}

  /**
   * What to train.
   *
   * @param corpus tokenized corpus (the {@code tokenize} job's --corpus)
   * @param model model name in the store
   * @param network network shape; its vocabulary size is replaced by the corpus' (after
   *     --max-vocab)
   * @param maxVocab keep this many most frequent ids, the rest become UNK (0 = all)
   * @param maxLength longest training sequence in tokens
   * @param heldOutPercent percent of documents held out for the per-epoch loss (0 = none)
   * @param plan data-parallel plan
   * @param resume continue the run's newest checkpoint
   */
  public record Spec(
      String corpus,
      String model,
      LmConfig network,
      int maxVocab,
      int maxLength,
      int heldOutPercent,
      TrainingPlan plan,
      boolean resume) {
    public Spec {
      if (maxLength < 1) {
        throw UserError.of(
            "invalid --max-length " + maxLength,
            "training sequences need at least one token",
            "pass a positive length, e.g. 50");
      }
      if (heldOutPercent < 0 || heldOutPercent > 50) {
        throw UserError.of(
            "invalid --held-out " + heldOutPercent,
            "the held-out share is a percentage of documents from 0 to 50",
            "pass e.g. 5");
      }
    }
  }

  /** The task the generic trainer runs. */
  static final class Task implements SequenceTask<int[]> {
    private final LmConfig config;

    Task(LmConfig config) {
      this.config = config;
    }

    @Override
    public ComputationGraph newNetwork() {
      return LanguageModels.build(config);
    }

    @Override
    public int length(int[] example) {
      return example.length;
    }

    @Override
    public MultiDataSet batch(List<int[]> examples) {
      return LmBatches.of(examples, config.kind());
    }

    @Override
    public double[] heldOutLoss(ComputationGraph network, MultiDataSet batch) {
      TokenLoss loss = LanguageModels.loss(network, batch);
      return new double[] {loss.nll(), loss.tokens()};
    }
  }

  /**
   * What the run did.
   *
   * @param documents documents read from the corpus (all of them are used: trained on or held out)
   * @param trainSequences training sequences (windows) per epoch
   * @param heldOutSequences held-out sequences
   * @param training the training run
   */
  public record Result(
      long documents,
      long trainSequences,
      long heldOutSequences,
      SequenceTraining.Result training) {}

  public static Result run(Warehouse warehouse, Spec spec, RunContext run) {
    CorpusTokens corpus = CorpusTokens.read(warehouse, spec.corpus(), spec.maxVocab());
    List<int[]> train = new ArrayList<>();
    List<int[]> heldOut = new ArrayList<>();
    for (int d = 0; d < corpus.ids().size(); d++) {
      boolean hold = Math.floorMod(mix(corpus.docIds()[d]), 100) < spec.heldOutPercent();
      int[] ids = corpus.ids().get(d);
      for (int start = 0; start < ids.length; start += spec.maxLength()) {
        int[] window =
            Arrays.copyOfRange(ids, start, Math.min(ids.length, start + spec.maxLength()));
        (hold ? heldOut : train).add(window);
      }
    }
    if (train.isEmpty()) {
      throw UserError.of(
          "nothing to train on in corpus " + spec.corpus(),
          "every document is empty or held out",
          "tokenize a non-empty corpus, or lower --held-out");
    }
    LmConfig c = spec.network();
    LmConfig config =
        new LmConfig(
            c.kind(),
            corpus.vocabSize(),
            c.embedding(),
            c.hidden(),
            c.layers(),
            c.dropout(),
            c.learningRate(),
            c.gradientClip(),
            spec.plan().seed());
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("corpus", spec.corpus());
    json.put("kind", config.kind().name().toLowerCase(Locale.ROOT));
    json.put("vocab_size", config.vocabSize());
    json.put("embedding", config.embedding());
    json.put("hidden", config.hidden());
    json.put("layers", config.layers());
    json.put("dropout", config.dropout());
    json.put("learning_rate", config.learningRate());
    json.put("gradient_clip", config.gradientClip());
    json.put("max_length", spec.maxLength());
    json.put("held_out_percent", spec.heldOutPercent());
    spec.plan().describe(json);
    String kind = config.kind().name().toLowerCase(Locale.ROOT) + "-lm";
    SequenceTraining.Result trained =
        SequenceTraining.run(
            warehouse,
            run,
            new SequenceTraining.Spec(
                spec.model(),
                kind,
                spec.plan(),
                spec.resume(),
                json,
                "dlpipe.text.tokens corpus=" + spec.corpus()),
            new Task(config),
            train,
            heldOut);
    return new Result(corpus.ids().size(), train.size(), heldOut.size(), trained);
  }

  /** A well-mixed hash of a doc id, so the held-out share does not follow file order. */
  static long mix(long id) {
    long z = id * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
