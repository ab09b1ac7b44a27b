package dev.dlpipe.pipelines.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dlpipe.pipelines.TestSpark;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NativeThreadsTest {
  @Test
  void theTrainerGivesEachLocalTaskOneNativeThread() {
    assumeTrue(System.getenv("OMP_NUM_THREADS") == null, "OMP_NUM_THREADS is set: the user's wins");
    NativeThreads.set(3);
    new ParameterAveragingTrainer(
        JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext()),
        new TrainingPlan(2, 8, 1, 1, 42));
    assertEquals(1, NativeThreads.current());
    assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
    assertEquals(1, Nd4j.factory().blas().getMaxThreads());
  }

  @Test
  void taskCpusSizeThePoolsAndClustersAreLeftToExecutorEnv() {
    assumeTrue(System.getenv("OMP_NUM_THREADS") == null, "OMP_NUM_THREADS is set: the user's wins");
    int before = NativeThreads.current();
    try {
      assertEquals(
          2,
          NativeThreads.forTasks(
              new SparkConf().set("spark.master", "local[4]").set("spark.task.cpus", "2")));
      assertEquals(2, NativeThreads.current());
      assertEquals(0, NativeThreads.forTasks(new SparkConf().set("spark.master", "yarn")));
      assertEquals(2, NativeThreads.current());
    } finally {
      NativeThreads.set(before);
    }
  }
}
