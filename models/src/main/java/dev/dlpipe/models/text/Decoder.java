package dev.dlpipe.models.text;

import dev.dlpipe.engines.text.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.deeplearning4j.nn.api.FwdPassType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Translates with a trained {@link Seq2Seq} network: greedy and beam-search decoding.
 *
 * <p>The source batch is encoded once; then the decoder runs one step per output token for all
 * sentences (and beams) of the batch in one forward pass, keeping its LSTM states between steps
 * ({@code rnnTimeStep}), so a step costs one token, not the whole prefix. Inputs are lists of
 * source word ids (without specials, as for {@link Seq2SeqBatches}); outputs are target word ids
 * without BOS and EOS, in input order. Sentences are processed in chunks of similar source length.
 *
 * <p>An instance copies the network's weights into its own inference graphs: build a new one after
 * further training. Not thread-safe.
 */
public final class Decoder {
  /** Sentences per forward pass (times the beam size for beam search). */
  private static final int CHUNK = 64;

  private final Seq2SeqConfig config;
  private final ComputationGraph encoder;
  private final StepGraph step;

  private Decoder(ComputationGraph trained) {
    this.config = Seq2Seq.configOf(trained);
    this.encoder = new ComputationGraph(Seq2Seq.encoderOnly(config));
    encoder.init();
    copyWeights(trained, encoder);
    this.step = new StepGraph(Seq2Seq.decoderOnly(config));
    step.init();
    copyWeights(trained, step);
  }

  /** A decoder with the current weights of {@code trained} (a network from {@link Seq2Seq}). */
  public static Decoder of(ComputationGraph trained) {
    return new Decoder(trained);
  }

  /** {@code Decoder.of(graph).greedy(src, maxLen)}. */
  public static List<int[]> greedy(ComputationGraph graph, List<int[]> src, int maxLen) {
    return of(graph).greedy(src, maxLen);
  }

  /** {@code Decoder.of(graph).beam(src, beamSize, maxLen, lengthPenalty)}. */
  public static List<int[]> beam(
      ComputationGraph graph, List<int[]> src, int beamSize, int maxLen, double lengthPenalty) {
    return of(graph).beam(src, beamSize, maxLen, lengthPenalty);
  }

  private static void copyWeights(ComputationGraph from, ComputationGraph to) {
    for (GraphVertex v : to.getVertices()) {
      INDArray p = v.params();
      if (p != null && p.length() > 0) {
        p.assign(from.getVertex(v.getVertexName()).params());
      }
    }
  }

  /**
   * Greedy decoding: at each step the most probable token, until EOS or {@code maxLen} tokens.
   *
   * @param maxLen the most target tokens per sentence (EOS not counted)
   */
  public List<int[]> greedy(List<int[]> src, int maxLen) {
    return beam(src, 1, maxLen, 0);
  }

  /**
   * Beam search: keeps the {@code beamSize} most probable prefixes per sentence; a prefix that
   * emits EOS is finished; a sentence is done when it has {@code beamSize} finished hypotheses (or
   * after {@code maxLen} steps, when its live prefixes count as finished). The answer is the
   * finished hypothesis with the best length-normalised log-probability {@code log p / lp}, with
   * GNMT's {@code lp = ((5 + length) / 6)^lengthPenalty}, length counting EOS; {@code
   * lengthPenalty} 0 compares raw log-probabilities. With {@code beamSize} 1 this is greedy
   * decoding.
   */
  public List<int[]> beam(List<int[]> src, int beamSize, int maxLen, double lengthPenalty) {
    if (beamSize < 1) {
      throw new IllegalArgumentException("beam size must be at least 1, got " + beamSize);
    }
    if (maxLen < 1) {
      throw new IllegalArgumentException("maxLen must be at least 1, got " + maxLen);
    }
    Integer[] order = new Integer[src.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(src.get(a).length, src.get(b).length));
    int[][] out = new int[src.size()][];
    for (int from = 0; from < order.length; from += CHUNK) {
      int to = Math.min(order.length, from + CHUNK);
      List<int[]> chunk = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        chunk.add(src.get(order[i]));
      }
      int[][] translated = searchChunk(chunk, beamSize, maxLen, lengthPenalty);
      for (int i = from; i < to; i++) {
        out[order[i]] = translated[i - from];
      }
    }
    return Arrays.asList(out);
  }

  private int[][] searchChunk(List<int[]> src, int k, int maxLen, double alpha) {
    int b = src.size();
    int rows = b * k;
    int vocab = config.tgtVocab();
    INDArray[] source = Seq2SeqBatches.sources(src);
    INDArray[] encoded = encode(source);
    INDArray keysF = k == 1 ? encoded[0] : encoded[0].repeat(0, k);
    INDArray keysB = k == 1 ? encoded[1] : encoded[1].repeat(0, k);
    INDArray init = k == 1 ? encoded[2] : encoded[2].repeat(0, k);
    INDArray mask = k == 1 ? source[2] : source[2].repeat(0, k);
    step.rnnClearPreviousState();

    double[] score = new double[rows];
    for (int r = 0; r < rows; r++) {
      // Only the first beam of each sentence is live at the start: all beams are identical.
      score[r] = r % k == 0 ? 0 : Double.NEGATIVE_INFINITY;
    }
    int[][] prefix = new int[rows][maxLen];
    int[][] nextPrefix = new int[rows][maxLen];
    float[] last = new float[rows];
    Arrays.fill(last, Vocabulary.BOS_ID);
    List<List<Hypothesis>> finished = new ArrayList<>(b);
    boolean[] done = new boolean[b];
    for (int i = 0; i < b; i++) {
      finished.add(new ArrayList<>());
    }
    int[] parents = new int[rows];
    double[] nextScore = new double[rows];
    float[] nextLast = new float[rows];
    for (int t = 0; t < maxLen; t++) {
      INDArray tokens = Nd4j.create(last, new long[] {rows, 1, 1}, 'c').castTo(DataType.FLOAT);
      INDArray probs = step.step(tokens, keysF, keysB, init, mask);
      float[] p = probs.reshape(rows, vocab).dup('c').data().asFloat();
      int live = 0;
      for (int i = 0; i < b; i++) {
        if (done[i]) {
          for (int j = 0; j < k; j++) {
            int r = i * k + j;
            parents[r] = r;
            nextScore[r] = Double.NEGATIVE_INFINITY;
            nextLast[r] = Vocabulary.PAD_ID;
          }
          continue;
        }
        List<Candidate> best = topCandidates(p, score, i, k, vocab);
        int filled = 0;
        for (Candidate c : best) {
          if (filled == k) {
            break;
          }
          if (c.token == Vocabulary.EOS_ID) {
            offer(
                finished.get(i),
                new Hypothesis(Arrays.copyOf(prefix[c.row], t), c.score, t + 1, alpha),
                k);
            continue;
          }
          int r = i * k + filled;
          parents[r] = c.row;
          nextScore[r] = c.score;
          nextLast[r] = c.token;
          System.arraycopy(prefix[c.row], 0, nextPrefix[r], 0, t);
          nextPrefix[r][t] = c.token;
          filled++;
        }
        for (int j = filled; j < k; j++) {
          int r = i * k + j;
          parents[r] = i * k;
          nextScore[r] = Double.NEGATIVE_INFINITY;
          nextLast[r] = Vocabulary.PAD_ID;
        }
        if (filled == 0 || settled(finished.get(i), nextScore, i * k, filled, t + 2, alpha, k)) {
          done[i] = true;
        } else {
          live++;
        }
      }
      int[][] swap = prefix;
      prefix = nextPrefix;
      nextPrefix = swap;
      System.arraycopy(nextScore, 0, score, 0, rows);
      System.arraycopy(nextLast, 0, last, 0, rows);
      if (live == 0) {
        break;
      }
      if (k > 1) {
        reorderStates(parents);
      }
    }
    int[][] result = new int[b][];
    for (int i = 0; i < b; i++) {
      List<Hypothesis> hyps = finished.get(i);
      if (!done[i]) {
        // Out of steps: the live prefixes compete as they are.
        for (int j = 0; j < k; j++) {
          int r = i * k + j;
          if (score[r] > Double.NEGATIVE_INFINITY) {
            hyps.add(new Hypothesis(Arrays.copyOf(prefix[r], maxLen), score[r], maxLen, alpha));
          }
        }
      }
      Hypothesis best = null;
      for (Hypothesis h : hyps) {
        if (best == null || h.normalized > best.normalized) {
          best = h;
        }
      }
      result[i] = best == null ? new int[0] : best.tokens;
    }
    return result;
  }

  /** Forward states, backward states [mb, h, Ts] and init [mb, h] of {@code sources()} arrays. */
  private INDArray[] encode(INDArray[] source) {
    return encoder.output(
        false, new INDArray[] {source[0], source[1]}, new INDArray[] {source[2], source[2]}, null);
  }

  /** Teacher-forced stepping over encoded sources, for tests: the caller chooses each token. */
  Probe probe(List<int[]> src) {
    INDArray[] source = Seq2SeqBatches.sources(src);
    INDArray[] encoded = encode(source);
    step.rnnClearPreviousState();
    return new Probe(encoded, source[2]);
  }

  final class Probe {
    private final INDArray[] encoded;
    private final INDArray mask;

    private Probe(INDArray[] encoded, INDArray mask) {
      this.encoded = encoded;
      this.mask = mask;
    }

    /** The next-token probabilities [mb, V, 1] after feeding {@code tokens} [mb, 1, 1]. */
    INDArray step(INDArray tokens) {
      return Decoder.this.step.step(tokens, encoded[0], encoded[1], encoded[2], mask);
    }
  }

  /** Keeps the {@code k} best finished hypotheses by normalised score. */
  private static void offer(List<Hypothesis> finished, Hypothesis h, int k) {
    if (finished.size() < k) {
      finished.add(h);
      return;
    }
    int worst = 0;
    for (int j = 1; j < finished.size(); j++) {
      if (finished.get(j).normalized < finished.get(worst).normalized) {
        worst = j;
      }
    }
    if (h.normalized > finished.get(worst).normalized) {
      finished.set(worst, h);
    }
  }

  /**
   * Whether a sentence is done: it has {@code k} finished hypotheses and none of its live prefixes,
   * normalised at the length it would have if it ended next step, beats the worst of them (the
   * usual heuristic; stopping at k finished alone returns short hypotheses found early).
   */
  private static boolean settled(
      List<Hypothesis> finished,
      double[] liveScores,
      int firstRow,
      int live,
      int nextLength,
      double alpha,
      int k) {
    if (finished.size() < k) {
      return false;
    }
    double worst = Double.POSITIVE_INFINITY;
    for (Hypothesis h : finished) {
      worst = Math.min(worst, h.normalized);
    }
    double bestLive = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < live; j++) {
      bestLive = Math.max(bestLive, liveScores[firstRow + j]);
    }
    double bound = alpha == 0 ? bestLive : bestLive / Math.pow((5.0 + nextLength) / 6.0, alpha);
    return worst >= bound;
  }

  private record Candidate(int row, int token, double score) {}

  private record Hypothesis(int[] tokens, double logProb, double normalized) {
    Hypothesis(int[] tokens, double logProb, int length, double alpha) {
      this(tokens, logProb, alpha == 0 ? logProb : logProb / Math.pow((5.0 + length) / 6.0, alpha));
    }
  }

  /** The 2k best extensions of sentence i's beams, best first (k of them may end in EOS). */
  private static List<Candidate> topCandidates(
      float[] p, double[] score, int sentence, int k, int vocab) {
    int want = 2 * k;
    PriorityQueue<Candidate> heap =
        new PriorityQueue<>(want + 1, (a, b) -> Double.compare(a.score, b.score));
    for (int j = 0; j < k; j++) {
      int row = sentence * k + j;
      double base = score[row];
      if (base == Double.NEGATIVE_INFINITY) {
        continue;
      }
      int offset = row * vocab;
      for (int v = Vocabulary.UNK_ID; v < vocab; v++) {
        if (v == Vocabulary.BOS_ID) {
          continue;
        }
        double s = base + Math.log(Math.max(p[offset + v], 1e-45f));
        if (heap.size() < want) {
          heap.add(new Candidate(row, v, s));
        } else if (s > heap.peek().score) {
          heap.poll();
          heap.add(new Candidate(row, v, s));
        }
      }
    }
    List<Candidate> out = new ArrayList<>(heap);
    out.sort((a, b) -> Double.compare(b.score, a.score));
    return out;
  }

  private void reorderStates(int[] parents) {
    for (String layer : new String[] {"dec1", "dec2"}) {
      Map<String, INDArray> state = step.rnnGetPreviousState(layer);
      Map<String, INDArray> reordered = new HashMap<>();
      for (Map.Entry<String, INDArray> e : state.entrySet()) {
        reordered.put(e.getKey(), Nd4j.pullRows(e.getValue(), 1, parents));
      }
      step.rnnSetPreviousState(layer, reordered);
    }
  }

  /** A decoder graph that steps with the source mask (DL4J's rnnTimeStep takes no masks). */
  private static final class StepGraph extends ComputationGraph {
    private static final long serialVersionUID = 1L;

    StepGraph(ComputationGraphConfiguration conf) {
      super(conf);
    }

    /** Probabilities [mb, V, 1] of the next token after {@code tokens} [mb, 1, 1]. */
    INDArray step(
        INDArray tokens, INDArray keysF, INDArray keysB, INDArray init, INDArray sourceMask) {
      return outputOfLayersDetached(
          false,
          FwdPassType.RNN_TIMESTEP,
          getOutputLayerIndices(),
          new INDArray[] {tokens, keysF, keysB, init},
          new INDArray[] {null, sourceMask, sourceMask, null},
          null,
          true,
          false,
          null)[0];
    }
  }
}
