package dev.dlpipe.pipelines.ml;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * What a sequence model trains on: how to build its network, how to turn examples into a minibatch,
 * and how to measure its held-out loss per token.
 *
 * @param <E> one training example (a token sequence, a sentence pair)
 */
public interface SequenceTask<E> {
  /** A fresh, initialized network. */
  ComputationGraph newNetwork();

  /** Length used for bucketing (padding happens up to the longest example of a minibatch). */
  int length(E example);

  /** The minibatch of {@code examples}, with masks for padding. */
  MultiDataSet batch(List<E> examples);

  /**
   * Summed negative log-likelihood (natural log) of the target tokens of {@code batch} and their
   * number, ignoring padding: {@code {loss, tokens}}.
   */
  double[] heldOutLoss(ComputationGraph network, MultiDataSet batch);
}
