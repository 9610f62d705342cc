package dev.sparkcnn.driver.train;

import dev.sparkcnn.runtime.NativeRuntime;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Brings {@link NativeRuntime}'s settings to the executors, whose JVMs the driver does not start:
 * the layer helpers are switched on when this class loads, which happens as the worker's task is
 * deserialized and so before it builds its network; the thread count is applied on the task's
 * thread before every minibatch (a no-op after the first on a thread).
 */
public final class NativeRuntimeHook implements TrainingHook {
  private static final long serialVersionUID = 1L;

  static {
    NativeRuntime.enableLayerHelpers();
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
