package dev.dlpipe.bench;

import dev.dlpipe.engines.bleu.Bleu;
import dev.dlpipe.engines.bleu.BleuTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH: corpus BLEU of the 4 WMT17 en-de systems (4 x 3,004 segments) against the reference, one
 * thread, per tokenizer. One operation scores all four systems. The baseline in the same run is the
 * floor any BLEU pays: splitting hypothesis and reference into white-space tokens, nothing else.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BleuKernels {
  @Param({"13a", "intl", "char", "none"})
  public String tokenizer;

  private List<List<String>> systems;
  private List<String> reference;
  private Bleu bleu;

  @Setup
  public void load() throws IOException {
    Path dir = Paths.get(System.getProperty("dlpipe.home", "."), "sample-data", "wmt17_en_de");
    reference = Files.readAllLines(dir.resolve("newstest2017-ende-ref.de"));
    systems = new ArrayList<>();
    for (String s : List.of("KIT.4950", "PROMT-Rule-based.4735", "online-B.0", "uedin-nmt.4722")) {
      systems.add(Files.readAllLines(dir.resolve("newstest2017." + s + ".en-de.txt")));
    }
    bleu = new Bleu(Bleu.Options.corpus().withTokenizer(BleuTokenizer.named(tokenizer)));
  }

  /** dlpipe's corpus BLEU, identical to sacreBLEU's numbers. */
  @Benchmark
  public void corpusBleu(Blackhole bh) {
    for (List<String> system : systems) {
      bh.consume(bleu.corpus(system, List.of(reference)));
    }
  }

  /** Baseline: only white-space splitting of every hypothesis and reference line. */
  @Benchmark
  public void whitespaceSplitBaseline(Blackhole bh) {
    for (List<String> system : systems) {
      for (int i = 0; i < system.size(); i++) {
        bh.consume(system.get(i).split(" "));
        bh.consume(reference.get(i).split(" "));
      }
    }
  }
}
