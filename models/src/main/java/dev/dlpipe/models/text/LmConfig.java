package dev.dlpipe.models.text;

import dev.dlpipe.engines.UserError;
import java.io.Serializable;
import java.util.Objects;

/**
 * A word-level language model's shape and training settings.
 *
 * @param kind the recurrent unit and direction (see {@link Kind})
 * @param vocabSize the number of token ids, specials included (ids 0 PAD, 1 UNK, 2 BOS, 3 EOS)
 * @param embedding the width of the token embeddings
 * @param hidden the width of each recurrent layer (per direction for {@link Kind#BILSTM})
 * @param layers the number of stacked recurrent layers (per direction)
 * @param dropout the probability of dropping a unit on the input of each recurrent layer and of the
 *     softmax layer, in [0, 1); 0 for none
 * @param learningRate Adam's learning rate
 * @param gradientClip the L2-norm threshold for gradient clipping, applied per layer (DL4J's {@code
 *     ClipL2PerLayer}: each layer's gradient is rescaled to this norm when it exceeds it); 0 turns
 *     clipping off. On by default: recurrent networks have exploding gradients.
 * @param seed the seed of the weight initialisation and dropout
 */
public record LmConfig(
    Kind kind,
    int vocabSize,
    int embedding,
    int hidden,
    int layers,
    double dropout,
    double learningRate,
    double gradientClip,
    long seed)
    implements Serializable {

  /** The recurrent unit and direction. */
  public enum Kind {
    /** A forward LSTM predicting the next token. */
    LSTM,
    /**
     * ELMo-style bidirectional language model: a forward LSTM predicts the next token and a
     * backward LSTM, run over the reversed sequence, predicts the previous one; the two share the
     * token embedding and their losses add. Neither direction sees the token it predicts.
     */
    BILSTM,
    /** A forward {@link Gru} predicting the next token. */
    GRU
  }

  /** The default gradient-clipping threshold (per-layer L2 norm). */
  public static final double DEFAULT_CLIP = 1.0;

  public LmConfig {
    Objects.requireNonNull(kind, "kind");
    positive("vocabSize", vocabSize, "the vocabulary size, specials included");
    positive("embedding", embedding, "the embedding width");
    positive("hidden", hidden, "the recurrent layer width");
    positive("layers", layers, "the number of recurrent layers");
    if (!(dropout >= 0 && dropout < 1)) {
      throw UserError.of(
          "dropout " + dropout + " is out of range",
          "it is the probability of dropping a unit",
          "give a value in [0, 1), e.g. 0.2, or 0 for none");
    }
    if (!(learningRate > 0)) {
      throw UserError.of(
          "learning rate " + learningRate + " is not positive",
          "Adam needs a positive step size",
          "give e.g. 0.002");
    }
    if (!(gradientClip >= 0)) {
      throw UserError.of(
          "gradient clip " + gradientClip + " is negative",
          "it is an L2-norm threshold",
          "give e.g. 1.0, or 0 to turn clipping off");
    }
    if (vocabSize <= 4) {
      throw UserError.of(
          "vocabulary size " + vocabSize + " has no words",
          "ids 0-3 are PAD, UNK, BOS and EOS",
          "build the vocabulary from the corpus first");
    }
  }

  /** A configuration with this project's defaults: 256-wide embeddings and layers, 2 layers. */
  public static LmConfig defaults(Kind kind, int vocabSize) {
    return new LmConfig(kind, vocabSize, 256, 256, 2, 0.2, 2e-3, DEFAULT_CLIP, 42);
  }

  /** Whether the model has a backward half (and so a second input and output). */
  public boolean bidirectional() {
    return kind == Kind.BILSTM;
  }

  static void positive(String name, int value, String what) {
    if (value <= 0) {
      throw UserError.of(
          name + " " + value + " is not positive", name + " is " + what, "give a positive value");
    }
  }
}
