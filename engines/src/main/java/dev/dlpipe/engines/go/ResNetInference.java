package dev.dlpipe.engines.go;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * AlphaGo Zero's policy-value network, forward pass only, in plain Java: what MCTS asks of the
 * network thousands of times per move, on weights with batch norm already folded into each
 * convolution (a convolution followed by inference-time batch norm is one convolution with a bias).
 *
 * <p>Activations live in a padded layout {@code [channel][position in batch][(N+2) x (N+2)]} whose
 * border cells stay zero, so a 3x3 convolution is nine shifted multiply-adds over one contiguous
 * run per channel, covering the whole batch at once, with no im2col copy and no per-layer
 * allocation. The cells computed on the border are garbage and are zeroed after each layer.
 *
 * <p>For the small networks self-play runs on CPU (9x9, 2-4 blocks of 16-32 filters, leaf batches
 * of 8), DL4J spends most of a forward pass on per-layer bookkeeping rather than arithmetic; this
 * class does only the arithmetic. An instance keeps scratch buffers: use one per thread.
 */
public final class ResNetInference {
  /**
   * A convolution (3x3 or 1x1, stride 1, zero "same" padding) with its batch norm folded in.
   *
   * @param weights {@code [out][in][k][k]}, row-major
   * @param bias {@code [out]}
   */
  public record Conv(int in, int out, int kernel, float[] weights, float[] bias) {
    public Conv {
      if (kernel != 1 && kernel != 3) {
        throw new IllegalArgumentException("kernel must be 1 or 3, not " + kernel);
      }
      if (weights.length != out * in * kernel * kernel || bias.length != out) {
        throw new IllegalArgumentException(
            "conv " + in + "->" + out + " k" + kernel + ": " + weights.length + " weights");
      }
    }

    /**
     * Folds inference-time batch norm {@code y = gamma (x - mean) / std + beta} into a bias-free
     * convolution's weights.
     */
    public static Conv folded(
        int in,
        int kernel,
        float[] weights,
        float[] gamma,
        float[] beta,
        float[] mean,
        float[] std) {
      int out = gamma.length;
      int per = in * kernel * kernel;
      float[] w = new float[weights.length];
      float[] b = new float[out];
      for (int o = 0; o < out; o++) {
        float scale = gamma[o] / std[o];
        for (int j = 0; j < per; j++) {
          w[o * per + j] = weights[o * per + j] * scale;
        }
        b[o] = beta[o] - mean[o] * scale;
      }
      return new Conv(in, out, kernel, w, b);
    }
  }

  /**
   * A dense layer: {@code y = x W + b}.
   *
   * @param weights {@code [in][out]}, row-major
   */
  public record Dense(int in, int out, float[] weights, float[] bias) {
    public Dense {
      if (weights.length != in * out || bias.length != out) {
        throw new IllegalArgumentException("dense " + in + "->" + out + ": " + weights.length);
      }
    }
  }

  /**
   * The network's layers.
   *
   * @param blocks per residual block, its two convolutions
   * @param policyDense over the policy head's planes flattened {@code [c][y][x]}, to N*N+1 logits
   * @param valueHidden over the value head's plane, ReLU
   * @param valueOut to one value, tanh
   */
  public record Weights(
      int boardSize,
      Conv stem,
      List<Conv[]> blocks,
      Conv policyConv,
      Dense policyDense,
      Conv valueConv,
      Dense valueHidden,
      Dense valueOut) {
    public Weights {
      blocks = List.copyOf(blocks);
      int n2 = boardSize * boardSize;
      int f = stem.out();
      if (stem.in() != Features.PLANES || stem.kernel() != 3) {
        throw new IllegalArgumentException("stem must be 3x3 over " + Features.PLANES + " planes");
      }
      for (Conv[] b : blocks) {
        if (b.length != 2
            || b[0].in() != f
            || b[0].out() != f
            || b[1].in() != f
            || b[1].out() != f
            || b[0].kernel() != 3
            || b[1].kernel() != 3) {
          throw new IllegalArgumentException("residual blocks must be two 3x3 convs of " + f);
        }
      }
      if (policyConv.in() != f
          || policyConv.kernel() != 1
          || policyDense.in() != policyConv.out() * n2
          || policyDense.out() != n2 + 1) {
        throw new IllegalArgumentException("policy head does not fit a " + boardSize + " board");
      }
      if (valueConv.in() != f
          || valueConv.kernel() != 1
          || valueHidden.in() != valueConv.out() * n2
          || valueOut.in() != valueHidden.out()
          || valueOut.out() != 1) {
        throw new IllegalArgumentException("value head does not fit a " + boardSize + " board");
      }
    }
  }

  private final Weights w;
  private final int n;
  private final int side;
  private final int area;
  private final int filters;

  /** The nine 3x3 taps as offsets in the padded layout. */
  private final int[] taps = new int[9];

  private final float[] one = new float[1];
  private int capacity;
  private float[] x;
  private float[] t;
  private float[] y;
  private float[] head;
  private float[] flat;
  private float[] hidden;

  public ResNetInference(Weights weights) {
    this.w = Objects.requireNonNull(weights, "weights");
    this.n = weights.boardSize();
    this.side = n + 2;
    this.area = side * side;
    this.filters = weights.stem().out();
    for (int k = 0; k < 9; k++) {
      taps[k] = (k / 3 - 1) * side + (k % 3 - 1);
    }
  }

  public int boardSize() {
    return n;
  }

  /**
   * Evaluates {@code batch} positions.
   *
   * @param planes {@code [batch][17][N][N]} row-major, as {@link Features#planes} lays out one
   * @param policy out: {@code [batch][N*N+1]} move probabilities (softmax)
   * @param value out: {@code [batch]} values in [-1, 1] for the player to move
   */
  public void forward(float[] planes, int batch, float[] policy, float[] value) {
    int n2 = n * n;
    int moves = n2 + 1;
    if (planes.length < batch * Features.PLANES * n2
        || policy.length < batch * moves
        || value.length < batch) {
      throw new IllegalArgumentException("buffers too small for a batch of " + batch);
    }
    ensure(batch);
    int len = batch * area;
    Arrays.fill(x, 0, Features.PLANES * len, 0f);
    for (int i = 0; i < batch; i++) {
      for (int c = 0; c < Features.PLANES; c++) {
        int src = (i * Features.PLANES + c) * n2;
        int dst = c * len + i * area + side + 1;
        for (int r = 0; r < n; r++) {
          System.arraycopy(planes, src + r * n, x, dst + r * side, n);
        }
      }
    }
    float[] in = x;
    float[] out = y;
    conv3(w.stem(), in, out, batch, null);
    float[] cur = out;
    float[] spare = in;
    for (Conv[] block : w.blocks()) {
      conv3(block[0], cur, t, batch, null);
      conv3(block[1], t, spare, batch, cur);
      float[] swap = cur;
      cur = spare;
      spare = swap;
    }
    policyHead(cur, batch, policy);
    valueHead(cur, batch, value);
  }

  private void ensure(int batch) {
    if (batch <= capacity) {
      return;
    }
    capacity = batch;
    int len = batch * area;
    x = new float[Math.max(Features.PLANES, filters) * len];
    t = new float[filters * len];
    y = new float[filters * len];
    int headChannels = Math.max(w.policyConv().out(), w.valueConv().out());
    head = new float[headChannels * len];
    flat = new float[Math.max(w.policyDense().in(), w.valueHidden().in())];
    hidden = new float[w.valueHidden().out()];
  }

  /**
   * 3x3 convolution + bias (+ residual), ReLU, over every interior cell of the batch; border cells
   * of {@code out} are left zero.
   */
  private void conv3(Conv c, float[] in, float[] out, int batch, float[] residual) {
    int len = batch * area;
    int lo = side + 1;
    int hi = len - side - 1;
    ConvKernels.conv3(c.weights(), c.bias(), c.in(), c.out(), in, out, len, lo, hi, taps);
    for (int o = 0; o < c.out(); o++) {
      int base = o * len;
      if (residual != null) {
        for (int p = lo; p < hi; p++) {
          out[base + p] += residual[base + p];
        }
      }
      for (int p = lo; p < hi; p++) {
        if (out[base + p] < 0f) {
          out[base + p] = 0f;
        }
      }
      zeroBorders(out, base, batch);
    }
  }

  private void zeroBorders(float[] a, int base, int batch) {
    for (int i = 0; i < batch; i++) {
      int img = base + i * area;
      Arrays.fill(a, img, img + side, 0f);
      Arrays.fill(a, img + area - side, img + area, 0f);
      for (int r = 1; r < side - 1; r++) {
        a[img + r * side] = 0f;
        a[img + r * side + side - 1] = 0f;
      }
    }
  }

  /** 1x1 convolution + bias, ReLU, into {@link #head}; only interior cells are read later. */
  private void conv1(Conv c, float[] in, int batch) {
    int len = batch * area;
    for (int o = 0; o < c.out(); o++) {
      int dst = o * len;
      Arrays.fill(head, dst, dst + len, c.bias()[o]);
      for (int i = 0; i < c.in(); i++) {
        float wt = c.weights()[o * c.in() + i];
        int src = i * len;
        for (int p = 0; p < len; p++) {
          head[dst + p] += wt * in[src + p];
        }
      }
      for (int p = 0; p < len; p++) {
        if (head[dst + p] < 0f) {
          head[dst + p] = 0f;
        }
      }
    }
  }

  /**
   * Gathers position {@code i}'s interior cells of {@code channels} head planes, {@code [c][y][x]}.
   */
  private void flatten(int channels, int i, int batch) {
    int len = batch * area;
    int k = 0;
    for (int c = 0; c < channels; c++) {
      int img = c * len + i * area + side + 1;
      for (int r = 0; r < n; r++) {
        System.arraycopy(head, img + r * side, flat, k, n);
        k += n;
      }
    }
  }

  private void policyHead(float[] features, int batch, float[] policy) {
    conv1(w.policyConv(), features, batch);
    Dense d = w.policyDense();
    int moves = d.out();
    for (int i = 0; i < batch; i++) {
      flatten(w.policyConv().out(), i, batch);
      int o = i * moves;
      dense(d, flat, policy, o);
      float max = Float.NEGATIVE_INFINITY;
      for (int m = 0; m < moves; m++) {
        max = Math.max(max, policy[o + m]);
      }
      double sum = 0;
      for (int m = 0; m < moves; m++) {
        float e = (float) Math.exp(policy[o + m] - max);
        policy[o + m] = e;
        sum += e;
      }
      float inv = (float) (1.0 / sum);
      for (int m = 0; m < moves; m++) {
        policy[o + m] *= inv;
      }
    }
  }

  private void valueHead(float[] features, int batch, float[] value) {
    conv1(w.valueConv(), features, batch);
    Dense h = w.valueHidden();
    Dense v = w.valueOut();
    for (int i = 0; i < batch; i++) {
      flatten(w.valueConv().out(), i, batch);
      dense(h, flat, hidden, 0);
      for (int j = 0; j < hidden.length; j++) {
        hidden[j] = Math.max(0f, hidden[j]);
      }
      dense(v, hidden, one, 0);
      value[i] = (float) Math.tanh(one[0]);
    }
  }

  /** {@code out[o..o+d.out) = x W + b}, accumulated row by row so the inner loop is contiguous. */
  private static void dense(Dense d, float[] x, float[] out, int o) {
    int cols = d.out();
    System.arraycopy(d.bias(), 0, out, o, cols);
    float[] wt = d.weights();
    for (int r = 0; r < d.in(); r++) {
      float xr = x[r];
      if (xr == 0f) {
        continue;
      }
      int row = r * cols;
      for (int j = 0; j < cols; j++) {
        out[o + j] += xr * wt[row + j];
      }
    }
  }
}
