package dev.dlpipe.pipelines.ml;

import org.apache.spark.SparkConf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * One ND4J native thread pool per Spark task slot.
 *
 * <p>ND4J sizes its OpenMP and OpenBLAS pools for the whole machine. Spark runs one task per core
 * at once, each calling into ND4J, so every core would be asked for several spinning threads: on a
 * 2-core machine in {@code local[2]}, 2 tasks × 4 ND4J threads spent up to half of the CPU in the
 * kernel (sched_yield), and a seq2seq epoch on Multi30k took 10 min instead of 5.4. A task gets
 * {@code spark.task.cpus} cores, so that is the size each pool should have.
 *
 * <p>In local mode the tasks run in the driver's JVM, so {@link #forTasks} sets the pools there. On
 * a cluster each executor JVM reads {@code OMP_NUM_THREADS} from {@code spark.executorEnv} (see
 * {@code conf/cluster.properties}). An {@code OMP_NUM_THREADS} set by the user always wins.
 *
 * <p>The pipelines that run ND4J in Spark tasks call {@link #forTasks} before they start them (the
 * parameter-averaging trainer, translation, self-play, gating). Creating a session does not:
 * loading ND4J's native library costs about 0.8 s, which jobs that never use ND4J ({@code
 * tokenize}, {@code sql}, {@code bleu}, the evaluations) should not pay.
 */
public final class NativeThreads {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(NativeThreads.class);

  private NativeThreads() {}

  /**
   * Sizes this JVM's ND4J pools for the tasks of a local-mode session; returns the threads set, or
   * 0 when it left them alone (not local mode, or {@code OMP_NUM_THREADS} is set).
   */
  public static int forTasks(SparkConf conf) {
    String master = conf.get("spark.master", "");
    if (!master.startsWith("local") || System.getenv("OMP_NUM_THREADS") != null) {
      return 0;
    }
    int threads = Math.max(1, conf.getInt("spark.task.cpus", 1));
    set(threads);
    LOG.info("ND4J native threads per task: {} (spark.task.cpus)", threads);
    return threads;
  }

  /** The OpenMP threads ND4J's native operations use in this JVM. */
  public static int current() {
    Nd4j.getEnvironment();
    return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
  }

  /**
   * Sets ND4J's OpenMP and BLAS pools of this JVM to {@code threads}: what {@code OMP_NUM_THREADS}
   * does at start-up, done later.
   */
  public static void set(int threads) {
    // The backend first: it loads the native library that NativeOpsHolder needs.
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
  }
}
