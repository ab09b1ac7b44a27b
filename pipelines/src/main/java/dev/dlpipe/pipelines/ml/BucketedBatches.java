package dev.dlpipe.pipelines.ml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Length-bucketed minibatch order for sequence training, a pure function of (seed, epoch).
 *
 * <p>Padding wastes compute in proportion to the spread of lengths in a minibatch, so examples are
 * grouped with others of similar length: each epoch shuffles the examples, sorts them stably by
 * length (so equal lengths stay shuffled), cuts consecutive runs into minibatches of {@code size},
 * and shuffles the order of the minibatches, keeping the one short minibatch (if any) last. Every
 * example is used exactly once per epoch.
 */
public final class BucketedBatches {
  private BucketedBatches() {}

  /** The epoch's minibatches of {@code examples}, each a list of at most {@code size}. */
  public static <T> List<List<T>> epoch(
      List<T> examples, ToIntFunction<T> length, int size, long seed, int epoch) {
    List<T> order = new ArrayList<>(examples);
    Random random = new Random(mix(seed, epoch));
    Collections.shuffle(order, random);
    order.sort(Comparator.comparingInt(length));
    List<List<T>> batches = new ArrayList<>((order.size() + size - 1) / size);
    for (int start = 0; start < order.size(); start += size) {
      batches.add(List.copyOf(order.subList(start, Math.min(order.size(), start + size))));
    }
    Collections.shuffle(batches, random);
    // The one short minibatch (if any) goes last: the trainer gives it to a worker as its final
    // one.
    for (int i = 0; i < batches.size() - 1; i++) {
      if (batches.get(i).size() < size) {
        batches.add(batches.remove(i));
        break;
      }
    }
    return batches;
  }

  /** Fixed-order minibatches (sorted by length) for evaluation. */
  public static <T> List<List<T>> inOrder(List<T> examples, ToIntFunction<T> length, int size) {
    List<T> order = new ArrayList<>(examples);
    order.sort(Comparator.comparingInt(length));
    List<List<T>> batches = new ArrayList<>();
    for (int start = 0; start < order.size(); start += size) {
      batches.add(List.copyOf(order.subList(start, Math.min(order.size(), start + size))));
    }
    return batches;
  }

  static long mix(long seed, int epoch) {
    long z = seed * 0x9E3779B97F4A7C15L + epoch;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
