package dev.dlpipe.engines.go;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dlpipe.engines.go.ResNetInference.Conv;
import dev.dlpipe.engines.go.ResNetInference.Dense;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResNetInferenceTest {
  private final SplittableRandom random = new SplittableRandom(11);

  @Test
  void matchesAPlainConvolutionNetworkOnRealPositions() {
    // 7x7 and 6 filters: a channel count that is not a multiple of the kernel's 4-channel blocks.
    int n = 7;
    int f = 6;
    ResNetInference.Weights w =
        new ResNetInference.Weights(
            n,
            conv(Features.PLANES, f, 3),
            List.of(
                new Conv[] {conv(f, f, 3), conv(f, f, 3)},
                new Conv[] {conv(f, f, 3), conv(f, f, 3)}),
            conv(f, 2, 1),
            dense(2 * n * n, n * n + 1),
            conv(f, 1, 1),
            dense(n * n, 5),
            dense(5, 1));
    List<float[]> positions = positions(n, 40, 6);
    int b = positions.size();
    int size = Features.PLANES * n * n;
    float[] planes = new float[b * size];
    for (int i = 0; i < b; i++) {
      System.arraycopy(positions.get(i), 0, planes, i * size, size);
    }
    float[] policy = new float[b * (n * n + 1)];
    float[] value = new float[b];
    ResNetInference net = new ResNetInference(w);
    net.forward(planes, b, policy, value);
    // Twice, with a smaller batch in between, as a search calls it: buffers must not leak state.
    net.forward(planes, 1, new float[n * n + 1], new float[1]);
    net.forward(planes, b, policy, value);

    for (int i = 0; i < b; i++) {
      float[] expectedPolicy = new float[n * n + 1];
      float expectedValue = reference(w, positions.get(i), expectedPolicy);
      double sum = 0;
      for (int m = 0; m <= n * n; m++) {
        assertThat(policy[i * (n * n + 1) + m]).isCloseTo(expectedPolicy[m], within(1e-5f));
        sum += policy[i * (n * n + 1) + m];
      }
      assertThat(sum).isCloseTo(1.0, within(1e-5));
      assertThat(value[i]).isCloseTo(expectedValue, within(1e-5f));
    }
    // The values are not all saturated, so the comparison means something.
    long unsaturated = 0;
    for (float v : value) {
      unsaturated += Math.abs(v) > 0.05f && Math.abs(v) < 0.95f ? 1 : 0;
    }
    assertThat(unsaturated).isPositive();
  }

  @Test
  void foldingBatchNormIsTheSameAsApplyingIt() {
    float[] weights = {0.5f, -1f, 2f, 0.25f};
    Conv c =
        Conv.folded(
            2,
            1,
            weights,
            new float[] {2f, 0.5f},
            new float[] {0.1f, -0.2f},
            new float[] {1f, -3f},
            new float[] {4f, 0.5f});
    float[] x = {3f, -7f};
    for (int o = 0; o < 2; o++) {
      float conv = weights[o * 2] * x[0] + weights[o * 2 + 1] * x[1];
      float bn =
          new float[] {2f, 0.5f}[o] * (conv - new float[] {1f, -3f}[o]) / new float[] {4f, 0.5f}[o]
              + new float[] {0.1f, -0.2f}[o];
      float folded = c.weights()[o * 2] * x[0] + c.weights()[o * 2 + 1] * x[1] + c.bias()[o];
      assertThat(folded).isCloseTo(bn, within(1e-5f));
    }
  }

  /** Positions of a random legal game, every {@code every} moves. */
  private List<float[]> positions(int n, int moves, int every) {
    Game g = new Game(n, 7.5, false, true);
    List<float[]> out = new ArrayList<>();
    for (int move = 0; move < moves; move++) {
      if (move % every == 0) {
        out.add(Features.planes(g));
      }
      List<Integer> legal = new ArrayList<>();
      for (int p = 0; p < n * n; p++) {
        int pt = g.board().point(p % n, p / n);
        if (g.isLegal(pt, g.toMove())) {
          legal.add(pt);
        }
      }
      g.play(legal.get(random.nextInt(legal.size())), g.toMove());
    }
    return out;
  }

  private Conv conv(int in, int out, int k) {
    float[] w = new float[out * in * k * k];
    float[] b = new float[out];
    double scale = 1.5 / Math.sqrt(in * k * k);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
    for (int i = 0; i < out; i++) {
      b[i] = (float) (random.nextDouble() * 0.2 - 0.1);
    }
    return new Conv(in, out, k, w, b);
  }

  private Dense dense(int in, int out) {
    float[] w = new float[in * out];
    float[] b = new float[out];
    double scale = 1.5 / Math.sqrt(in);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
    for (int i = 0; i < out; i++) {
      b[i] = (float) (random.nextDouble() * 0.2 - 0.1);
    }
    return new Dense(in, out, w, b);
  }

  // The reference: one position, [c][y][x] arrays, bounds checks instead of padding.

  private static float reference(ResNetInference.Weights w, float[] planes, float[] policy) {
    int n = w.boardSize();
    float[][][] x = new float[Features.PLANES][n][n];
    for (int c = 0; c < Features.PLANES; c++) {
      for (int y = 0; y < n; y++) {
        for (int xx = 0; xx < n; xx++) {
          x[c][y][xx] = planes[(c * n + y) * n + xx];
        }
      }
    }
    float[][][] h = relu(apply(w.stem(), x, null));
    for (Conv[] block : w.blocks()) {
      float[][][] t = relu(apply(block[0], h, null));
      h = relu(apply(block[1], t, h));
    }
    float[] logits = dense(w.policyDense(), flatten(relu(apply(w.policyConv(), h, null))));
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    for (int m = 0; m < logits.length; m++) {
      policy[m] = (float) (Math.exp(logits[m] - max) / sum);
    }
    float[] hidden = dense(w.valueHidden(), flatten(relu(apply(w.valueConv(), h, null))));
    for (int i = 0; i < hidden.length; i++) {
      hidden[i] = Math.max(0f, hidden[i]);
    }
    return (float) Math.tanh(dense(w.valueOut(), hidden)[0]);
  }

  private static float[][][] apply(Conv c, float[][][] in, float[][][] residual) {
    int n = in[0].length;
    int k = c.kernel();
    int r = k / 2;
    float[][][] out = new float[c.out()][n][n];
    for (int o = 0; o < c.out(); o++) {
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          double acc = c.bias()[o];
          for (int i = 0; i < c.in(); i++) {
            for (int dy = -r; dy <= r; dy++) {
              for (int dx = -r; dx <= r; dx++) {
                int yy = y + dy;
                int xx = x + dx;
                if (yy >= 0 && yy < n && xx >= 0 && xx < n) {
                  acc += c.weights()[((o * c.in() + i) * k + dy + r) * k + dx + r] * in[i][yy][xx];
                }
              }
            }
          }
          out[o][y][x] = (float) acc + (residual == null ? 0f : residual[o][y][x]);
        }
      }
    }
    return out;
  }

  private static float[][][] relu(float[][][] a) {
    for (float[][] plane : a) {
      for (float[] row : plane) {
        for (int i = 0; i < row.length; i++) {
          row[i] = Math.max(0f, row[i]);
        }
      }
    }
    return a;
  }

  private static float[] flatten(float[][][] a) {
    int n = a[0].length;
    float[] out = new float[a.length * n * n];
    int k = 0;
    for (float[][] plane : a) {
      for (float[] row : plane) {
        System.arraycopy(row, 0, out, k, n);
        k += n;
      }
    }
    return out;
  }

  private static float[] dense(Dense d, float[] x) {
    float[] out = new float[d.out()];
    for (int j = 0; j < d.out(); j++) {
      double acc = d.bias()[j];
      for (int i = 0; i < d.in(); i++) {
        acc += x[i] * d.weights()[i * d.out() + j];
      }
      out[j] = (float) acc;
    }
    return out;
  }
}
