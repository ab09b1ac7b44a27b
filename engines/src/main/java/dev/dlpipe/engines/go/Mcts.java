package dev.dlpipe.engines.go;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Monte-Carlo tree search with PUCT as in AlphaGo Zero: select {@code argmax Q + c * P * sqrt(sum
 * N) / (1 + N)}, expand a leaf with the {@link PolicyValueFn}'s priors (legal moves only,
 * renormalized), back the value up with alternating signs. Leaves are evaluated in batches; virtual
 * loss keeps the simulations of one batch apart. Dirichlet noise is mixed into the root priors for
 * self-play; the tree below the played move is kept for the next search ({@link #advance}).
 *
 * <p>Inside the tree, positional superko is checked against the game's history (each simulation
 * plays on a copy of the game). Not thread-safe.
 */
public final class Mcts {
  /**
   * Search settings.
   *
   * @param cPuct exploration constant
   * @param playouts simulations per search (tree nodes reused from the previous search count)
   * @param batchSize leaves evaluated together
   * @param dirichletAlpha root noise concentration (AlphaGo Zero: 0.03 for 19x19; about 10/N² in
   *     general)
   * @param dirichletEpsilon share of noise in root priors (0.25 in self-play, 0 to play strongly)
   * @param resignThreshold resign when the best move's value is below this (-1 never)
   * @param fpuReduction first-play urgency: an unvisited move is valued at the node's mean value
   *     minus this (Leela Zero's rule; AlphaGo Zero's 0 for unvisited moves makes a clearly winning
   *     or losing side try every move before trusting any)
   * @param seed random seed (noise, sampling)
   * @param raveEquivalence RAVE's k (Gelly and Silver, 2007): with an evaluator that reports its
   *     playouts ({@link PlayoutTrace}), a move's value blends its all-moves-as-first mean in with
   *     weight sqrt(k / (3n + k)) after n visits; 0 turns RAVE off (always, for networks)
   * @param passFrom pass is searched only from this move number on (0 = always, AlphaGo Zero's), or
   *     when no other move is legal: with Tromp-Taylor scoring and komi, networks that know nothing
   *     yet end their games by passing in the opening, and the komi decides them
   */
  public record Config(
      double cPuct,
      int playouts,
      int batchSize,
      double dirichletAlpha,
      double dirichletEpsilon,
      double resignThreshold,
      double fpuReduction,
      long seed,
      double raveEquivalence,
      int passFrom) {
    /** Settings without RAVE, passing allowed from the start. */
    public Config(
        double cPuct,
        int playouts,
        int batchSize,
        double dirichletAlpha,
        double dirichletEpsilon,
        double resignThreshold,
        double fpuReduction,
        long seed) {
      this(
          cPuct,
          playouts,
          batchSize,
          dirichletAlpha,
          dirichletEpsilon,
          resignThreshold,
          fpuReduction,
          seed,
          0,
          0);
    }

    /** Defaults for playing (no noise, never resign, no RAVE). */
    public static Config play(int playouts, long seed) {
      return new Config(1.5, playouts, 8, 0.03, 0, -1, 0.25, seed);
    }

    /** The same settings with another exploration constant. */
    public Config withCPuct(double c) {
      return new Config(
          c,
          playouts,
          batchSize,
          dirichletAlpha,
          dirichletEpsilon,
          resignThreshold,
          fpuReduction,
          seed,
          raveEquivalence,
          passFrom);
    }

    /** The same settings with RAVE's equivalence parameter {@code k} (0 = off). */
    public Config withRave(double k) {
      return new Config(
          cPuct,
          playouts,
          batchSize,
          dirichletAlpha,
          dirichletEpsilon,
          resignThreshold,
          fpuReduction,
          seed,
          k,
          passFrom);
    }

    /**
     * The same settings with passing considered only from move {@code n} on (0 = always), unless no
     * other move is legal.
     */
    public Config withPassFrom(int n) {
      return new Config(
          cPuct,
          playouts,
          batchSize,
          dirichletAlpha,
          dirichletEpsilon,
          resignThreshold,
          fpuReduction,
          seed,
          raveEquivalence,
          n);
    }
  }

  /**
   * The outcome of a search: visit counts per move (N*N points, then pass), values and the best
   * move.
   */
  public record Result(
      int[] visits, double rootValue, int bestMove, double bestValue, boolean resign) {}

  private static final class Node {
    final int[] moves; // points, or Board.PASS
    final int[] index; // row-major point index of each move, N*N for pass
    final byte toMove;
    final float[] prior;
    final int[] visits;
    final double[] valueSum; // from the perspective of the player to move at this node
    final int[] virtual;
    final Node[] children;
    final int[]
        amafVisits; // RAVE: simulations below this node where our side played the move first
    final double[] amafValue;
    int total;

    Node(int[] moves, int[] index, byte toMove, float[] prior, boolean rave) {
      this.moves = moves;
      this.index = index;
      this.toMove = toMove;
      this.prior = prior;
      this.visits = new int[moves.length];
      this.valueSum = new double[moves.length];
      this.virtual = new int[moves.length];
      this.children = new Node[moves.length];
      this.amafVisits = rave ? new int[moves.length] : null;
      this.amafValue = rave ? new double[moves.length] : null;
    }
  }

  private final PolicyValueFn fn;
  private final PlayoutTrace trace; // non-null when RAVE is on
  private final Config config;
  private final SplittableRandom rng;
  private Node root;
  private long rootHash;

  public Mcts(PolicyValueFn fn, Config config) {
    this.fn = fn;
    this.trace = config.raveEquivalence() > 0 && fn instanceof PlayoutTrace t ? t : null;
    this.config = config;
    this.rng = new SplittableRandom(config.seed());
  }

  /** Searches from {@code game}'s position and returns visit counts and the most visited move. */
  public Result search(Game game) {
    Board b = game.board();
    int area = b.size() * b.size();
    if (root == null || rootHash != positionKey(game)) {
      root = null;
    }
    if (root == null) {
      root = expandOne(game);
    }
    rootHash = positionKey(game);
    addNoise(root);
    int done = root.total;
    byte[] first = trace != null ? new byte[area] : null;
    while (done < config.playouts()) {
      int batch = Math.min(config.batchSize(), config.playouts() - done);
      List<Game> leafGames = new ArrayList<>(batch);
      List<List<Object[]>> paths = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        Game g = new Game(game);
        List<Object[]> path = new ArrayList<>();
        Node node = root;
        while (true) {
          int a = select(node);
          node.virtual[a]++;
          path.add(new Object[] {node, a});
          g.play(node.moves[a], g.toMove());
          if (g.over()) {
            double v = terminalValue(g);
            if (first != null) {
              java.util.Arrays.fill(first, Board.EMPTY);
            }
            backup(path, v, first);
            path = null;
            break;
          }
          if (node.children[a] == null) {
            break; // a leaf to evaluate
          }
          node = node.children[a];
        }
        done++;
        if (path != null) {
          leafGames.add(g);
          paths.add(path);
        }
      }
      if (leafGames.isEmpty()) {
        continue;
      }
      float[][] priors = new float[leafGames.size()][area + 1];
      float[] values = new float[leafGames.size()];
      fn.evaluate(leafGames, priors, values);
      for (int i = 0; i < leafGames.size(); i++) {
        List<Object[]> path = paths.get(i);
        Object[] last = path.get(path.size() - 1);
        Node parent = (Node) last[0];
        int a = (Integer) last[1];
        if (parent.children[a] == null) {
          parent.children[a] = node(leafGames.get(i), priors[i], trace != null, config.passFrom());
        }
        if (first != null) {
          System.arraycopy(trace.firstPlayed(i), 0, first, 0, area);
        }
        backup(path, values[i], first);
      }
    }
    // Ties go to a random one of the tied moves, never to the first in board order: with an
    // untrained network every move looks alike, and always taking the lowest index taught a whole
    // line to open on the first row.
    int best = 0;
    int ties = 1;
    for (int a = 1; a < root.moves.length; a++) {
      if (root.visits[a] > root.visits[best]) {
        best = a;
        ties = 1;
      } else if (root.visits[a] == root.visits[best] && rng.nextInt(++ties) == 0) {
        best = a;
      }
    }
    int[] visits = new int[area + 1];
    for (int a = 0; a < root.moves.length; a++) {
      visits[index(b, root.moves[a])] = root.visits[a];
    }
    double rootValue = 0;
    for (int a = 0; a < root.moves.length; a++) {
      rootValue += root.valueSum[a];
    }
    rootValue /= Math.max(1, root.total);
    double bestValue = root.visits[best] == 0 ? 0 : root.valueSum[best] / root.visits[best];
    return new Result(
        visits,
        rootValue,
        root.moves[best],
        bestValue,
        config.resignThreshold() > -1 && bestValue < config.resignThreshold());
  }

  /**
   * Picks a move from a search: with {@code temperature} 0 the most visited, otherwise sampled with
   * probability proportional to visits^(1/temperature).
   */
  public int choose(Game game, Result result, double temperature) {
    Board b = game.board();
    if (temperature <= 1e-6) {
      return result.bestMove();
    }
    double[] w = new double[root.moves.length];
    double sum = 0;
    for (int a = 0; a < w.length; a++) {
      w[a] = Math.pow(root.visits[a], 1 / temperature);
      sum += w[a];
    }
    double r = rng.nextDouble() * sum;
    for (int a = 0; a < w.length; a++) {
      r -= w[a];
      if (r <= 0 && w[a] > 0) {
        return root.moves[a];
      }
    }
    return result.bestMove();
  }

  /** Keeps the subtree of {@code move} (played on the game searched) as the next root. */
  public void advance(Game after, int move) {
    Node next = null;
    if (root != null) {
      for (int a = 0; a < root.moves.length; a++) {
        if (root.moves[a] == move) {
          next = root.children[a];
        }
      }
    }
    root = next;
    rootHash = positionKey(after);
  }

  /** Visits already in the root (reused tree). */
  public int rootVisits() {
    return root == null ? 0 : root.total;
  }

  private static long positionKey(Game g) {
    return g.board().hash() * 31 + g.toMove() * 7 + g.consecutivePasses();
  }

  private static int index(Board b, int move) {
    return move == Board.PASS ? b.size() * b.size() : b.y(move) * b.size() + b.x(move);
  }

  private Node expandOne(Game game) {
    int area = game.board().size() * game.board().size();
    float[][] priors = new float[1][area + 1];
    float[] values = new float[1];
    fn.evaluate(List.of(game), priors, values);
    return node(game, priors[0], trace != null, config.passFrom());
  }

  private static Node node(Game g, float[] priors, boolean rave, int passFrom) {
    Board b = g.board();
    int n = b.size();
    List<Integer> legal = new ArrayList<>();
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        int p = b.point(x, y);
        if (b.color(p) == Board.EMPTY && g.isLegal(p, g.toMove())) {
          legal.add(p);
        }
      }
    }
    if (legal.isEmpty() || g.moves().size() >= passFrom) {
      legal.add(Board.PASS);
    }
    int[] moves = new int[legal.size()];
    int[] index = new int[moves.length];
    float[] prior = new float[moves.length];
    double sum = 0;
    for (int i = 0; i < moves.length; i++) {
      moves[i] = legal.get(i);
      index[i] = index(b, moves[i]);
      prior[i] = Math.max(0f, priors[index(b, moves[i])]);
      sum += prior[i];
    }
    for (int i = 0; i < moves.length; i++) {
      prior[i] = sum > 0 ? (float) (prior[i] / sum) : 1f / moves.length;
    }
    return new Node(moves, index, g.toMove(), prior, rave);
  }

  private int select(Node node) {
    double sqrt = Math.sqrt(node.total + sumVirtual(node) + 1);
    double mean = 0;
    for (int a = 0; a < node.moves.length; a++) {
      mean += node.valueSum[a];
    }
    double fpu = (node.total == 0 ? 0 : mean / node.total) - config.fpuReduction();
    int best = 0;
    int ties = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < node.moves.length; a++) {
      int n = node.visits[a] + node.virtual[a];
      // Virtual loss counts pending simulations as losses for the player choosing here.
      double q = n == 0 ? fpu : (node.valueSum[a] - node.virtual[a]) / n;
      if (node.amafVisits != null && node.amafVisits[a] > 0) {
        double k = config.raveEquivalence();
        double beta = Math.sqrt(k / (3.0 * n + k));
        q = (1 - beta) * q + beta * node.amafValue[a] / node.amafVisits[a];
      }
      double u = config.cPuct() * node.prior[a] * sqrt / (1 + n);
      // Exact ties (equal priors and first-play values) go to a random one of them.
      if (q + u > bestScore) {
        bestScore = q + u;
        best = a;
        ties = 1;
      } else if (q + u == bestScore && rng.nextInt(++ties) == 0) {
        best = a;
      }
    }
    return best;
  }

  private static int sumVirtual(Node node) {
    int s = 0;
    for (int v : node.virtual) {
      s += v;
    }
    return s;
  }

  /**
   * Backs up {@code leafValue}, given for the player to move after the path's last move. With
   * {@code first} (RAVE: who played each point first in the leaf's playout), each node on the way
   * up also credits every move its side played first from there on, the path's own moves included.
   */
  private static void backup(List<Object[]> path, double leafValue, byte[] first) {
    double v = -leafValue; // the last mover's view
    for (int i = path.size() - 1; i >= 0; i--) {
      Node node = (Node) path.get(i)[0];
      int a = (Integer) path.get(i)[1];
      node.virtual[a]--;
      node.visits[a]++;
      node.valueSum[a] += v;
      node.total++;
      if (first != null && node.amafVisits != null) {
        if (node.index[a] < first.length) {
          first[node.index[a]] = node.toMove; // earlier than anything below it
        }
        for (int k = 0; k < node.moves.length; k++) {
          int j = node.index[k];
          if (j < first.length && first[j] == node.toMove) {
            node.amafVisits[k]++;
            node.amafValue[k] += v;
          }
        }
      }
      v = -v;
    }
  }

  /** Outcome of a finished game for the player to move: resignation or Tromp-Taylor with komi. */
  private static double terminalValue(Game g) {
    byte winner;
    if (g.resigned() != Board.EMPTY) {
      winner = Board.opponent(g.resigned());
    } else {
      double s = g.trompTaylorScore();
      winner = s > 0 ? Board.BLACK : s < 0 ? Board.WHITE : Board.EMPTY;
    }
    return winner == Board.EMPTY ? 0 : winner == g.toMove() ? 1 : -1;
  }

  private void addNoise(Node node) {
    double eps = config.dirichletEpsilon();
    if (eps <= 0) {
      return;
    }
    double[] noise = new double[node.moves.length];
    double sum = 0;
    for (int i = 0; i < noise.length; i++) {
      noise[i] = gamma(config.dirichletAlpha());
      sum += noise[i];
    }
    for (int i = 0; i < noise.length; i++) {
      node.prior[i] = (float) ((1 - eps) * node.prior[i] + eps * (sum > 0 ? noise[i] / sum : 0));
    }
  }

  /** A Gamma(alpha, 1) sample (Marsaglia-Tsang; alpha below 1 by boosting). */
  private double gamma(double alpha) {
    if (alpha < 1) {
      return gamma(alpha + 1) * Math.pow(rng.nextDouble(), 1 / alpha);
    }
    double d = alpha - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = gaussian();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = rng.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  private double gaussian() {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
  }
}
