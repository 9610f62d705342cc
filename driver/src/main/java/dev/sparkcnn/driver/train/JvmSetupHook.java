package dev.sparkcnn.driver.train;

import dev.sparkcnn.runtime.NativeRuntime;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.time.SystemClockTimeSource;
import org.deeplearning4j.spark.time.TimeSourceProvider;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Brings the JVM settings training needs to the executors, whose JVMs the driver does not start.
 * When spark-cnn owns the application (its command line), {@link #configureJvm} runs as this hook
 * is deserialized on an executor, and so before the worker builds its network. Inside someone
 * else's application it sets nothing JVM-wide: that application's JVMs are not ours to change.
 * The native thread count is applied on the task's thread before every minibatch (a no-op after
 * the first on a thread).
 */
public final class JvmSetupHook implements TrainingHook {
  private static final long serialVersionUID = 2L;

  private final boolean configureJvms;

  /** @param configureJvms whether to apply {@link #configureJvm} on every executor JVM it reaches */
  public JvmSetupHook(boolean configureJvms) {
    this.configureJvms = configureJvms;
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    if (configureJvms) {
      configureJvm();
    }
  }

  /**
   * Per-JVM settings, each only where the user has not set it: DL4J's oneDNN/cuDNN layer helpers
   * on ({@link NativeRuntime}); and dl4j-spark's training-stats clock on the system clock, as its
   * default asks pool.ntp.org, which costs seconds of retries where the network is closed.
   */
  public static void configureJvm() {
    NativeRuntime.enableLayerHelpers();
    if (System.getProperty(TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY) == null) {
      System.setProperty(TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY, SystemClockTimeSource.class.getName());
    }
  }

  /** Whether dl4j-spark's stats clock in this JVM is the system's, so that collecting stats contacts no host. */
  public static boolean systemClockConfigured() {
    return SystemClockTimeSource.class.getName().equals(System.getProperty(TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY));
  }

  @Override
  public void preUpdate(DataSet minibatch, Model model) {
    NativeRuntime.useThreadsOnThisThread();
  }

  @Override
  public void postUpdate(DataSet minibatch, Model model) {}

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {
    NativeRuntime.useThreadsOnThisThread();
  }

  @Override
  public void postUpdate(MultiDataSet minibatch, Model model) {}
}
