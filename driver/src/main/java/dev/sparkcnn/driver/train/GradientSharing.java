package dev.sparkcnn.driver.train;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * What {@code training.mode: sharing} needs beyond its training master: JVMs whose Aeron media
 * driver can start, and the number of trainers each executor runs.
 */
final class GradientSharing {
  /**
   * Aeron 1.32 refuses to start its media driver unless this timeout exceeds the client liveness
   * timeout, which DL4J's transport sets to 30 s; Aeron's default is 15 s.
   */
  static final String UNBLOCK_TIMEOUT_PROPERTY = "aeron.publication.unblock.timeout";
  private static final String UNBLOCK_TIMEOUT_NANOS = "40000000000";

  private GradientSharing() {}

  /** Sets Aeron's unblock timeout in this JVM, unless the user set it. */
  static void prepareJvm() {
    if (System.getProperty(UNBLOCK_TIMEOUT_PROPERTY) == null) {
      System.setProperty(UNBLOCK_TIMEOUT_PROPERTY, UNBLOCK_TIMEOUT_NANOS);
    }
  }

  /**
   * Prepares the driver and, through one task per worker, the executors: SharedTrainingMaster's
   * workers take no training hooks, so {@link JvmSetupHook}'s settings travel this way.
   */
  static void prepareExecutors(JavaSparkContext sc, int workers, boolean configureJvms) {
    prepareJvm();
    WorkerTasks.runOnEach(sc, workers, configureJvms, worker -> prepareJvm());
  }

  /**
   * Trainers per executor JVM: its share of the workers. In local mode the driver's JVM is the one
   * executor; on a cluster, the driver counts itself among the block managers.
   */
  static int workersPerExecutor(JavaSparkContext sc, int workers) {
    int blockManagers = sc.sc().getExecutorMemoryStatus().size();
    int executors = sc.isLocal() ? 1 : Math.max(1, blockManagers - 1);
    return Math.max(1, workers / executors);
  }
}
