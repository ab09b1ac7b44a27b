package dev.dlpipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bench/run <benchmark> [options]}: the benchmark runner.
 *
 * <ul>
 *   <li>{@code tokenize [--master local[2]] [--repeats 2] [INPUT ...]}: whole-job, dlpipe vs MLlib;
 *       default input {@code ../shared/data/word2vec/corpus}.
 *   <li>{@code word2vec [--partitions 1,2,4,8] [--combine average,sum,touched] [--rounds-per-epoch
 *       N] [--replicas N] [--iter 5] [--seeds 1,2,3] [--init-range 1,0.5] [--min-alpha-ratio
 *       1e-4,0.1] [--parts
 *       cbow,gensim-cbow,cbow-1thread,gensim-cbow-1worker,skipgram,gensim-skipgram,mllib]
 *       [CORPUS.gz]}: dlpipe vs MLlib vs gensim, see {@link Word2VecBenchmark}.
 *   <li>{@code train [LINES] [EPOCHS]}: LSTM LM examples/s, parameter averaging on local[2] vs
 *       plain DL4J fit in one JVM; default the first 4,000 lines of Multi30k train.en, 2 epochs.
 *   <li>{@code lstm-steps [--size small|large|both] [--steps 200]}: LSTM language-model training
 *       steps per second on the ND4J backend on the class path (CPU, or CUDA with {@code -Pcuda}).
 *   <li>{@code jmh [JMH options]}: the JMH kernel benchmarks (e.g. {@code jmh TokenizerKernels}).
 * </ul>
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(
          "usage: bench/run tokenize [--master M] [--repeats N] [INPUT ...] | coco [COPIES]"
              + " | word2vec [--partitions 1,2,4,8] [--combine average,sum,touched]"
              + " [--rounds-per-epoch N] [--replicas N] [--iter 5] [--seeds 1,2,3] [--init-range 1,0.5]"
              + " [--min-alpha-ratio 1e-4,0.1] [--parts cbow,gensim-cbow,cbow-1thread,gensim-cbow-1worker,skipgram,gensim-skipgram,mllib] [CORPUS.gz]"
              + " | train [LINES] [EPOCHS] | lstm-steps [--size small|large|both] [--steps N]"
              + " | jmh [JMH args]");
      System.exit(2);
    }
    String home = System.getProperty("dlpipe.home", ".");
    switch (args[0]) {
      case "tokenize" -> {
        String master = "local[2]";
        int repeats = 2;
        List<String> inputs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
          switch (args[i]) {
            case "--master" -> master = args[++i];
            case "--repeats" -> repeats = Integer.parseInt(args[++i]);
            default -> inputs.add(args[i]);
          }
        }
        if (inputs.isEmpty()) {
          inputs.add(
              Paths.get(home, "..", "shared", "data", "word2vec", "corpus").normalize().toString());
        }
        Path work = Paths.get(home, "bench", "target", "work");
        TokenizeBenchmark.run(inputs, master, repeats, work);
      }
      case "coco" -> {
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        CocoBenchmark.run(
            Paths.get(home, "sample-data", "coco", "case1_val2014_fake100"),
            copies,
            3,
            Paths.get(home, "bench", "target", "work"));
      }
      case "word2vec" -> {
        Path data = Paths.get(home, "..", "shared", "data", "word2vec").normalize();
        Path corpus = data.resolve("corpus/corpus_w2v.txt.gz");
        String master = "local[2]";
        List<Integer> partitions = List.of(1, 2, 4, 8);
        String combine = "average";
        int rounds = 0;
        int replicas = 0;
        int iter = 5;
        List<String> parts = List.of("cbow", "gensim-cbow", "skipgram", "gensim-skipgram", "mllib");
        List<Long> seeds = List.of(1L);
        List<Double> initRanges =
            List.of(dev.dlpipe.engines.embeddings.Word2VecParams.DEFAULT_INIT_RANGE);
        List<Double> minAlphaRatios = List.of(1e-4);
        for (int i = 1; i < args.length; i++) {
          switch (args[i]) {
            case "--master" -> master = args[++i];
            case "--partitions" ->
                partitions = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
            case "--combine" -> combine = args[++i];
            case "--rounds-per-epoch" -> rounds = Integer.parseInt(args[++i]);
            case "--replicas" -> replicas = Integer.parseInt(args[++i]);
            case "--iter" -> iter = Integer.parseInt(args[++i]);
            case "--parts" -> parts = List.of(args[++i].split(","));
            case "--seeds" ->
                seeds = Arrays.stream(args[++i].split(",")).map(Long::valueOf).toList();
            case "--min-alpha-ratio" ->
                minAlphaRatios = Arrays.stream(args[++i].split(",")).map(Double::valueOf).toList();
            case "--init-range" ->
                initRanges = Arrays.stream(args[++i].split(",")).map(Double::valueOf).toList();
            default -> corpus = Paths.get(args[i]);
          }
        }
        Word2VecBenchmark.run(
            new Word2VecBenchmark.Options(
                corpus,
                data,
                master,
                partitions,
                Arrays.stream(combine.split(","))
                    .map(dev.dlpipe.engines.embeddings.Combine::named)
                    .toList(),
                rounds,
                replicas,
                iter,
                parts,
                seeds,
                initRanges,
                minAlphaRatios,
                Paths.get(home, "bench", "target", "work")));
      }
      case "train" -> {
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        TrainBenchmark.run(
            Paths.get(home, "..", "shared", "data", "parallel", "multi30k", "train.en").normalize(),
            lines,
            epochs,
            Paths.get(home, "bench", "target", "work"));
      }
      case "lstm-steps" -> {
        String size = "both";
        int steps = 200;
        for (int i = 1; i < args.length; i++) {
          switch (args[i]) {
            case "--size" -> size = args[++i];
            case "--steps" -> steps = Integer.parseInt(args[++i]);
            default -> throw new IllegalArgumentException("unknown option " + args[i]);
          }
        }
        LstmSteps.run(size, steps);
      }
      case "jmh" -> org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      default -> {
        System.err.println("unknown benchmark " + args[0]);
        System.exit(2);
      }
    }
  }

  /** Deletes a benchmark's scratch directory and everything under it. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
