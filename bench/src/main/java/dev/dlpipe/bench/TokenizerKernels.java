package dev.dlpipe.bench;

import dev.dlpipe.engines.text.StrictUtf8;
import dev.dlpipe.engines.text.WordTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH: the tokenize kernels on the real Multi30k sample (2,028 lines of English and German). The
 * baseline is what MLlib's RegexTokenizer does per line ({@code \W+} split after lower-casing),
 * measured in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenizerKernels {
  private static final Pattern NON_WORD = Pattern.compile("\\W+");
  private List<String> lines;
  private byte[][] bytes;
  private final WordTokenizer tokenizer = new WordTokenizer(true);
  private final StrictUtf8 utf8 = new StrictUtf8();

  @Setup(Level.Trial)
  public void load() throws IOException {
    String root = System.getProperty("dlpipe.home", ".");
    lines = new java.util.ArrayList<>();
    lines.addAll(Files.readAllLines(Paths.get(root, "sample-data/multi30k/val.en")));
    lines.addAll(Files.readAllLines(Paths.get(root, "sample-data/multi30k/val.de")));
    bytes = new byte[lines.size()][];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = lines.get(i).getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Baseline: MLlib RegexTokenizer's per-line work. Score: corpus passes per second. */
  @Benchmark
  public void regexSplitBaseline(Blackhole bh) {
    for (String line : lines) {
      for (String t : NON_WORD.split(line.toLowerCase(java.util.Locale.ROOT))) {
        bh.consume(t);
      }
    }
  }

  /** dlpipe: UAX #29 segmentation with lower-casing. */
  @Benchmark
  public void uax29Tokenizer(Blackhole bh) {
    for (String line : lines) {
      tokenizer.tokenize(line, bh::consume);
    }
  }

  /**
   * dlpipe: strict UTF-8 decoding of each line (the validation tokenize does before segmenting).
   */
  @Benchmark
  public void strictUtf8Decode(Blackhole bh) throws StrictUtf8.InvalidUtf8Exception {
    for (byte[] b : bytes) {
      bh.consume(utf8.decode(b, 0, b.length));
    }
  }
}
