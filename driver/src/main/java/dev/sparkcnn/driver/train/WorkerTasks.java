package dev.sparkcnn.driver.train;

import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;

/**
 * One Spark task per worker, each run in a JVM set up for training first: the way spark-cnn
 * reaches executors outside dl4j-spark's training masters (priming, gradient sharing's setup).
 */
final class WorkerTasks {
  private WorkerTasks() {}

  /**
   * Runs {@code task} once per worker, with the worker's index, and waits for all of them.
   *
   * @param configureJvms whether the tasks may apply spark-cnn's JVM settings first ({@link JvmSetupHook}):
   *     only where spark-cnn owns the executors' JVMs
   */
  static void runOnEach(JavaSparkContext sc, int workers, boolean configureJvms, VoidFunction<Integer> task) {
    sc.parallelize(IntStream.range(0, workers).boxed().toList(), workers).foreach(worker -> {
      if (configureJvms) {
        JvmSetupHook.configureJvm();
      }
      task.call(worker);
    });
  }
}
