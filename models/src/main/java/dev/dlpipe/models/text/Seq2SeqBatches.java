package dev.dlpipe.models.text;

import dev.dlpipe.engines.text.Vocabulary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Translation minibatches for {@link Seq2Seq}, and length bucketing.
 *
 * <p>A pair (source {@code x1..xm}, target {@code y1..yn}, word ids without specials) becomes: the
 * source input {@code x1..xm EOS} and its reverse {@code EOS xm..x1} (for the encoder's backward
 * direction); the decoder input {@code BOS y1..yn} (teacher forcing: the decoder sees the reference
 * prefix); the labels {@code y1..yn EOS}. Each side is right-padded with PAD (0) to its longest
 * sequence in the batch.
 *
 * <p>Arrays (float): features {@code [src [mb, 1, Ts], tgtIn [mb, 1, Tt]]}; labels {@code [[mb, 1,
 * Tt]]} sparse class ids; feature masks {@code [[mb, Ts], [mb, Tt]]}; label mask {@code [[mb,
 * Tt]]}.
 */
public final class Seq2SeqBatches {
  private Seq2SeqBatches() {}

  /** The minibatch of the pairs {@code (src.get(i), tgt.get(i))}. */
  public static MultiDataSet of(List<int[]> src, List<int[]> tgt) {
    if (src.size() != tgt.size()) {
      throw new IllegalArgumentException(
          src.size() + " source sequences but " + tgt.size() + " target sequences");
    }
    if (src.isEmpty()) {
      throw new IllegalArgumentException("a minibatch needs at least one pair");
    }
    int mb = src.size();
    INDArray[] source = sources(src);
    int tt = 0;
    for (int[] t : tgt) {
      tt = Math.max(tt, t.length + 1);
    }
    float[] in = new float[mb * tt];
    float[] out = new float[mb * tt];
    float[] mask = new float[mb * tt];
    for (int i = 0; i < mb; i++) {
      int[] t = tgt.get(i);
      for (int s = 0; s <= t.length; s++) {
        in[i * tt + s] = s == 0 ? Vocabulary.BOS_ID : t[s - 1];
        out[i * tt + s] = s == t.length ? Vocabulary.EOS_ID : t[s];
        mask[i * tt + s] = 1f;
      }
    }
    INDArray tgtMask = Nd4j.create(mask, new long[] {mb, tt}, 'c');
    return new org.nd4j.linalg.dataset.MultiDataSet(
        new INDArray[] {source[0], source[1], LmBatches.ids(in, mb, tt)},
        new INDArray[] {LmBatches.labels(out, mb, tt)},
        new INDArray[] {source[2], source[2], tgtMask},
        new INDArray[] {tgtMask});
  }

  /** Source ids {@code x1..xm EOS} and {@code EOS xm..x1} [mb, 1, Ts], and their mask [mb, Ts]. */
  static INDArray[] sources(List<int[]> src) {
    int mb = src.size();
    int ts = 0;
    for (int[] s : src) {
      ts = Math.max(ts, s.length + 1);
    }
    float[] ids = new float[mb * ts];
    float[] reversed = new float[mb * ts];
    float[] mask = new float[mb * ts];
    for (int i = 0; i < mb; i++) {
      int[] s = src.get(i);
      int m = s.length;
      for (int t = 0; t <= m; t++) {
        ids[i * ts + t] = t == m ? Vocabulary.EOS_ID : s[t];
        reversed[i * ts + t] = t == 0 ? Vocabulary.EOS_ID : s[m - t];
        mask[i * ts + t] = 1f;
      }
    }
    return new INDArray[] {
      LmBatches.ids(ids, mb, ts),
      LmBatches.ids(reversed, mb, ts),
      Nd4j.create(mask, new long[] {mb, ts}, 'c')
    };
  }

  /**
   * Length buckets: the pair indices, sorted by target then source length (ties in a seeded random
   * order), cut into batches of at most {@code batchSize}, the batches in a seeded random order.
   * Batches of similar lengths waste little compute on padding.
   */
  public static List<int[]> buckets(List<int[]> src, List<int[]> tgt, int batchSize, long seed) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    Random rnd = new Random(seed);
    List<Integer> order = new ArrayList<>(src.size());
    for (int i = 0; i < src.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, rnd);
    order.sort(
        Comparator.<Integer>comparingInt(i -> tgt.get(i).length)
            .thenComparingInt(i -> src.get(i).length));
    List<int[]> batches = new ArrayList<>();
    for (int from = 0; from < order.size(); from += batchSize) {
      int to = Math.min(order.size(), from + batchSize);
      batches.add(order.subList(from, to).stream().mapToInt(Integer::intValue).toArray());
    }
    Collections.shuffle(batches, rnd);
    return batches;
  }

  /** {@link #buckets} turned into minibatches. */
  public static List<MultiDataSet> bucketed(
      List<int[]> src, List<int[]> tgt, int batchSize, long seed) {
    List<MultiDataSet> out = new ArrayList<>();
    for (int[] b : buckets(src, tgt, batchSize, seed)) {
      List<int[]> s = new ArrayList<>(b.length);
      List<int[]> t = new ArrayList<>(b.length);
      for (int i : b) {
        s.add(src.get(i));
        t.add(tgt.get(i));
      }
      out.add(of(s, t));
    }
    return out;
  }
}
