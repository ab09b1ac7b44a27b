package dev.dlpipe.engines.embeddings;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Word2vec.c's training algorithm in Java: CBOW or skip-gram, negative sampling and/or hierarchical
 * softmax, frequent-word subsampling, a window drawn per position, a learning rate falling linearly
 * with the words trained, and lock-free ("Hogwild") updates of shared weights from several threads,
 * as word2vec.c's threads do. The weights are flat {@link FloatRows}; training allocates nothing
 * per word.
 *
 * <p>Input is a list of sentences of word ids (words outside the vocabulary already removed, as
 * word2vec.c skips them). As in word2vec.c, subsampling drops words before windows are formed and a
 * sentence is cut after {@value #MAX_SENTENCE_LENGTH} kept words. Threads take consecutive
 * stretches of the sentences of about equal word count.
 *
 * <p>Differences from word2vec.c, none of which changes what is learned: negative samples are drawn
 * by {@link NegativeSampler} (exact unigram^0.75, instead of a 10⁸-entry table); random numbers
 * come from word2vec.c's LCG but use its higher bits; dot products and vector updates run on SIMD
 * lanes ({@link SimdKernels}, with fused multiply-add) when the JVM has the Vector API module, else
 * as plain loops with four interleaved partial sums.
 */
public final class Word2VecTrainer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Word2vec.c's MAX_SENTENCE_LENGTH. */
  public static final int MAX_SENTENCE_LENGTH = 1000;

  static final int EXP_TABLE_SIZE = 1000;
  static final int MAX_EXP = 6;

  /** Word2vec.c's {@code EXP_TABLE_SIZE / MAX_EXP / 2}, evaluated in integer arithmetic (83). */
  static final int EXP_SCALE = EXP_TABLE_SIZE / MAX_EXP / 2;

  /** Words between two updates of the learning rate (word2vec.c: 10,000). */
  static final int ALPHA_INTERVAL = 10_000;

  private static final long MULTIPLIER = 25214903917L;

  private final Word2VecParams params;
  private final int vocabSize;
  private final float[] expTable;

  /** Keep word w when a uniform 16-bit draw is at most keep[w] (65536 = always). */
  private final int[] keep;

  private final NegativeSampler sampler;
  private final HuffmanTree tree;

  /** Tables for training {@code vocab} with {@code params}. */
  public Word2VecTrainer(Word2VecParams params, Word2VecVocab vocab) {
    this.params = params;
    this.vocabSize = vocab.size();
    this.expTable = new float[EXP_TABLE_SIZE];
    for (int i = 0; i < EXP_TABLE_SIZE; i++) {
      float x = (float) Math.exp((i / (float) EXP_TABLE_SIZE * 2 - 1) * MAX_EXP);
      expTable[i] = x / (x + 1);
    }
    this.keep = new int[vocabSize];
    double threshold = params.sample() * vocab.trainWords();
    for (int w = 0; w < vocabSize; w++) {
      if (params.sample() <= 0) {
        keep[w] = 65536;
      } else {
        // Word2vec.c: keep with probability (sqrt(c / t) + 1) * t / c, where t = sample * words.
        double c = vocab.count(w);
        float ran = (float) ((Math.sqrt(c / threshold) + 1) * threshold / c);
        keep[w] = (int) Math.min(65536, Math.floor(ran * 65536.0));
      }
    }
    this.sampler = params.negative() > 0 ? NegativeSampler.build(vocab.counts()) : null;
    this.tree = params.hs() ? HuffmanTree.build(vocab.counts()) : null;
  }

  public Word2VecParams params() {
    return params;
  }

  /** Vocabulary size the tables were built for. */
  public int vocabSize() {
    return vocabSize;
  }

  /**
   * The learning-rate schedule of one call: alpha falls linearly from {@code params.alpha()} to
   * {@code params.minAlpha()} over {@code totalWords}; this call starts {@code wordsBefore} words
   * into the run, and each word it trains stands for {@code scale} words of the whole run (the
   * number of workers training at the same time on equal shares, 1 for one machine). The rate is
   * multiplied by {@code boost} (see {@link Combine#AVERAGE}).
   */
  public record Schedule(long wordsBefore, double scale, long totalWords, double boost)
      implements Serializable {
    /** One machine: the whole run in one call. */
    public static Schedule single(long totalWords) {
      return new Schedule(0, 1, totalWords, 1);
    }

    float alpha(double startAlpha, double endAlpha, long localWords) {
      double progress = (wordsBefore + localWords * scale) / (double) (totalWords + 1);
      double a = startAlpha - (startAlpha - endAlpha) * progress;
      return (float) (boost * Math.max(a, endAlpha));
    }
  }

  /**
   * Trains {@code weights} in place on {@code sentences[from, to)}, {@code passes} times, with
   * {@code threads} threads.
   *
   * @param seed seed of this call's random numbers (different per worker and round)
   * @return words trained (in-vocabulary words read, before subsampling, all passes)
   */
  public long train(
      Word2VecWeights weights,
      int[][] sentences,
      int from,
      int to,
      int passes,
      int threads,
      Schedule schedule,
      long seed) {
    if (weights.syn0().rows() != vocabSize) {
      throw new IllegalArgumentException("weights do not match the vocabulary");
    }
    int t = Math.max(1, Math.min(threads, to - from));
    int[] bounds = split(sentences, from, to, t);
    AtomicLong done = new AtomicLong();
    if (t == 1) {
      new Worker(weights, sentences, bounds[0], bounds[1], passes, schedule, done, mix(seed, 0))
          .run();
      return done.get();
    }
    List<Thread> running = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < t; i++) {
      Worker w =
          new Worker(
              weights, sentences, bounds[i], bounds[i + 1], passes, schedule, done, mix(seed, i));
      Thread th = new Thread(w, "word2vec-" + i);
      th.setDaemon(true);
      th.setUncaughtExceptionHandler((x, e) -> failure.compareAndSet(null, e));
      th.start();
      running.add(th);
    }
    for (Thread th : running) {
      try {
        th.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while training", e);
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a training thread failed", failure.get());
    }
    return done.get();
  }

  /** Splits [from, to) into t consecutive ranges of about equal word count. */
  static int[] split(int[][] sentences, int from, int to, int t) {
    long total = 0;
    for (int i = from; i < to; i++) {
      total += sentences[i].length;
    }
    int[] bounds = new int[t + 1];
    bounds[0] = from;
    bounds[t] = to;
    long seen = 0;
    int k = 1;
    for (int i = from; i < to && k < t; i++) {
      seen += sentences[i].length;
      while (k < t && seen * t >= total * k) {
        bounds[k++] = i + 1;
      }
    }
    for (; k < t; k++) {
      bounds[k] = to;
    }
    return bounds;
  }

  /** SplitMix64 of two values: independent seeds for workers, rounds and threads. */
  public static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** One thread's training loop over its stretch of sentences. */
  private final class Worker implements Runnable {
    private final int[][] sentences;
    private final int from;
    private final int to;
    private final int passes;
    private final Schedule schedule;
    private final AtomicLong done;
    private final int dim;
    private final int window;
    private final int negative;
    private final boolean cbow;
    private final double startAlpha;
    private final double endAlpha;
    // Blocks of each matrix and the row addressing (shift/mask) shared by all three.
    private final float[][] b0;
    private final float[][] bNeg;
    private final float[][] bHs;
    private final int shift;
    private final int mask;
    private final float[] neu1;
    private final float[] neu1e;
    private final int[] sen = new int[MAX_SENTENCE_LENGTH];
    private long rnd;
    private float alpha;

    Worker(
        Word2VecWeights w,
        int[][] sentences,
        int from,
        int to,
        int passes,
        Schedule schedule,
        AtomicLong done,
        long seed) {
      this.sentences = sentences;
      this.from = from;
      this.to = to;
      this.passes = passes;
      this.schedule = schedule;
      this.done = done;
      this.dim = params.dim();
      this.window = params.window();
      this.negative = params.negative();
      this.cbow = params.cbow();
      this.startAlpha = params.alpha();
      this.endAlpha = params.minAlpha();
      this.b0 = blocks(w.syn0());
      this.bNeg = blocks(w.syn1neg());
      this.bHs = blocks(w.syn1());
      this.shift = Integer.numberOfTrailingZeros(w.syn0().blockRows());
      this.mask = w.syn0().blockRows() - 1;
      for (FloatRows m : w.matrices()) {
        if (m != null && m.blockRows() != w.syn0().blockRows()) {
          throw new IllegalArgumentException("matrices have different block layouts");
        }
      }
      this.neu1 = new float[dim];
      this.neu1e = new float[dim];
      this.rnd = seed;
      this.alpha = schedule.alpha(startAlpha, endAlpha, 0);
    }

    private float[][] blocks(FloatRows m) {
      if (m == null) {
        return null;
      }
      float[][] b = new float[m.blockCount()][];
      for (int i = 0; i < b.length; i++) {
        b[i] = m.blockArray(i);
      }
      return b;
    }

    private long next() {
      rnd = rnd * MULTIPLIER + 11;
      return rnd;
    }

    @Override
    public void run() {
      long words = 0;
      long reported = 0;
      for (int pass = 0; pass < passes; pass++) {
        for (int s = from; s < to; s++) {
          int[] doc = sentences[s];
          int i = 0;
          while (i < doc.length) {
            int len = 0;
            while (i < doc.length && len < MAX_SENTENCE_LENGTH) {
              int w = doc[i++];
              words++;
              if (keep[w] < 65536 && ((next() >>> 16) & 0xFFFF) > keep[w]) {
                continue;
              }
              sen[len++] = w;
            }
            if (words - reported > ALPHA_INTERVAL) {
              long all = done.addAndGet(words - reported);
              reported = words;
              alpha = schedule.alpha(startAlpha, endAlpha, all);
            }
            if (cbow) {
              cbowSentence(len);
            } else {
              skipGramSentence(len);
            }
          }
        }
      }
      done.addAndGet(words - reported);
    }

    private void cbowSentence(int len) {
      final int d = dim;
      for (int pos = 0; pos < len; pos++) {
        int word = sen[pos];
        int b = (int) ((next() >>> 16) % window);
        int lo = Math.max(0, pos - window + b);
        int hi = Math.min(len - 1, pos + window - b);
        java.util.Arrays.fill(neu1, 0f);
        int cw = 0;
        for (int c = lo; c <= hi; c++) {
          if (c == pos) {
            continue;
          }
          int r = sen[c];
          add(neu1, b0[r >>> shift], (r & mask) * d, d);
          cw++;
        }
        if (cw == 0) {
          continue;
        }
        float inv = 1f / cw;
        for (int k = 0; k < d; k++) {
          neu1[k] *= inv;
        }
        java.util.Arrays.fill(neu1e, 0f);
        if (bHs != null) {
          hierarchical(word, neu1, 0);
        }
        if (bNeg != null) {
          negativeSampling(word, neu1, 0);
        }
        for (int c = lo; c <= hi; c++) {
          if (c == pos) {
            continue;
          }
          int r = sen[c];
          add(b0[r >>> shift], (r & mask) * d, neu1e, 0, d);
        }
      }
    }

    private void skipGramSentence(int len) {
      final int d = dim;
      for (int pos = 0; pos < len; pos++) {
        int word = sen[pos];
        int b = (int) ((next() >>> 16) % window);
        int lo = Math.max(0, pos - window + b);
        int hi = Math.min(len - 1, pos + window - b);
        for (int c = lo; c <= hi; c++) {
          if (c == pos) {
            continue;
          }
          int r = sen[c];
          float[] in = b0[r >>> shift];
          int io = (r & mask) * d;
          java.util.Arrays.fill(neu1e, 0f);
          if (bHs != null) {
            hierarchical(word, in, io);
          }
          if (bNeg != null) {
            negativeSampling(word, in, io);
          }
          add(in, io, neu1e, 0, d);
        }
      }
    }

    /** Hierarchical softmax for {@code word} from hidden vector {@code h[ho..]}. */
    private void hierarchical(int word, float[] h, int ho) {
      final int d = dim;
      int start = tree.start(word);
      int end = start + tree.length(word);
      byte[] codes = tree.codes();
      int[] points = tree.points();
      for (int k = start; k < end; k++) {
        int node = points[k];
        float[] out = bHs[node >>> shift];
        int oo = (node & mask) * d;
        float f = dot(h, ho, out, oo, d);
        if (f <= -MAX_EXP || f >= MAX_EXP) {
          continue;
        }
        f = expTable[(int) ((f + MAX_EXP) * EXP_SCALE)];
        float g = (1 - codes[k] - f) * alpha;
        axpy(neu1e, 0, g, out, oo, d);
        axpy(out, oo, g, h, ho, d);
      }
    }

    /** Negative sampling for {@code word} from hidden vector {@code h[ho..]}. */
    private void negativeSampling(int word, float[] h, int ho) {
      final int d = dim;
      for (int k = 0; k <= negative; k++) {
        int target;
        float label;
        if (k == 0) {
          target = word;
          label = 1;
        } else {
          long r1 = next();
          target = sampler.sample(r1, next());
          if (target == word) {
            continue;
          }
          label = 0;
        }
        float[] out = bNeg[target >>> shift];
        int oo = (target & mask) * d;
        float f = dot(h, ho, out, oo, d);
        float g;
        if (f > MAX_EXP) {
          g = (label - 1) * alpha;
        } else if (f < -MAX_EXP) {
          g = label * alpha;
        } else {
          g = (label - expTable[(int) ((f + MAX_EXP) * EXP_SCALE)]) * alpha;
        }
        axpy(neu1e, 0, g, out, oo, d);
        axpy(out, oo, g, h, ho, d);
      }
    }
  }

  /**
   * Whether the kernels run on the Vector API ({@link SimdKernels}): when its incubator module is
   * in the boot layer, unless {@code -Ddlpipe.word2vec.simd=false}.
   */
  static final boolean SIMD =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !"false".equals(System.getProperty("dlpipe.word2vec.simd"));

  /** Whether training uses SIMD kernels (for benchmarks and logs). */
  public static boolean simd() {
    return SIMD;
  }

  /** {@code y[yo..yo+n) += x[xo..xo+n)}. */
  static void add(float[] y, int yo, float[] x, int xo, int n) {
    if (SIMD) {
      SimdKernels.add(y, yo, x, xo, n);
    } else {
      scalarAdd(y, yo, x, xo, n);
    }
  }

  static void scalarAdd(float[] y, int yo, float[] x, int xo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += x[xo + i];
    }
  }

  /** {@code y[0..n) += x[xo..xo+n)}. */
  static void add(float[] y, float[] x, int xo, int n) {
    add(y, 0, x, xo, n);
  }

  /** {@code y[yo..yo+n) += g * x[xo..xo+n)}. */
  static void axpy(float[] y, int yo, float g, float[] x, int xo, int n) {
    if (SIMD) {
      SimdKernels.axpy(y, yo, g, x, xo, n);
    } else {
      scalarAxpy(y, yo, g, x, xo, n);
    }
  }

  static void scalarAxpy(float[] y, int yo, float g, float[] x, int xo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += g * x[xo + i];
    }
  }

  /** Dot product. */
  static float dot(float[] a, int ao, float[] b, int bo, int n) {
    return SIMD ? SimdKernels.dot(a, ao, b, bo, n) : scalarDot(a, ao, b, bo, n);
  }

  /** Dot product in four interleaved partial sums (a dependency chain of n/4, not n, additions). */
  static float scalarDot(float[] a, int ao, float[] b, int bo, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[ao + i] * b[bo + i];
      s1 += a[ao + i + 1] * b[bo + i + 1];
      s2 += a[ao + i + 2] * b[bo + i + 2];
      s3 += a[ao + i + 3] * b[bo + i + 3];
    }
    for (; i < n; i++) {
      s0 += a[ao + i] * b[bo + i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
