package dev.dlpipe.models.text;

import java.io.Serializable;

/**
 * The summed negative log-likelihood (natural log) of predicted tokens and their number: a
 * mergeable statistic. Sum instances over batches or Spark partitions with {@link #plus}, then read
 * {@link #mean()} (nats per token) or {@link #perplexity()}.
 *
 * @param nll the sum of {@code -ln p(token)} over the unmasked positions
 * @param tokens the number of unmasked positions
 */
public record TokenLoss(double nll, long tokens) implements Serializable {
  /** No tokens. */
  public static final TokenLoss ZERO = new TokenLoss(0, 0);

  /** The statistic of both samples together. */
  public TokenLoss plus(TokenLoss other) {
    return new TokenLoss(nll + other.nll, tokens + other.tokens);
  }

  /** Mean negative log-likelihood per token, in nats; NaN without tokens. */
  public double mean() {
    return tokens == 0 ? Double.NaN : nll / tokens;
  }

  /** {@code exp(mean())}; NaN without tokens. */
  public double perplexity() {
    return Math.exp(mean());
  }
}
