package dev.dlpipe.bench;

import dev.dlpipe.engines.go.Board;
import dev.dlpipe.engines.go.Playout;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: uniformly random playouts (no eye filling, Tromp-Taylor score) from the empty board, one
 * thread. Score: playouts per second. Reference outside this run: Pachi 12.90 (C) does 2,190 raw
 * playouts/s on 19x19 with one thread on this machine type (its moggy policy is heavier than
 * uniform random).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class GoPlayouts {
  @Param({"9", "19"})
  public int size;

  private Playout playout;
  private SplittableRandom rng;
  private Board empty;

  @Setup
  public void setup() {
    playout = new Playout(size);
    rng = new SplittableRandom(42);
    empty = new Board(size);
  }

  @Benchmark
  public int randomPlayout() {
    return playout.run(new Board(empty), Board.BLACK, rng);
  }
}
