package dev.sparkcnn.driver.train;

import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.runtime.NativeRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Primes the workers before the first timed epoch: each of the round's tasks fits a throwaway copy
 * of the network on constant minibatches of the training shape. That is work the first epoch
 * otherwise pays inside its rounds, in every executor JVM: the JIT compiling DL4J's training path,
 * oneDNN creating its primitives for these shapes, ND4J's workspaces growing to size. The
 * network itself is not changed, and no random numbers are drawn, so training stays what it
 * would be without priming.
 */
final class WorkerPriming {
  private WorkerPriming() {}

  /**
   * @param batches minibatches each task fits, &gt; 0
   * @param configureJvms whether the tasks may apply spark-cnn's JVM settings ({@link JvmSetupHook})
   * @return seconds spent
   */
  static double run(JavaSparkContext sc, CnnNetwork network, ImageShape shape, int numClasses, int batchSize, int batches,
      int workers, boolean configureJvms) throws IOException {
    long start = System.nanoTime();
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    network.write(zip, true);
    Broadcast<byte[]> model = sc.broadcast(zip.toByteArray());
    try {
      WorkerTasks.runOnEach(sc, workers, configureJvms, worker -> {
        NativeRuntime.useThreadsOnThisThread();
        CnnNetwork copy = CnnNetwork.read(model.value(), true);
        try (INDArray features = Nd4j.valueArrayOf(new long[] {batchSize, shape.channels(), shape.height(), shape.width()},
            0.5f, DataType.FLOAT); INDArray labels = Nd4j.zeros(DataType.FLOAT, batchSize, numClasses)) {
          for (int i = 0; i < batchSize; i++) {
            labels.putScalar(i, i % numClasses, 1.0);
          }
          DataSet minibatch = new DataSet(features, labels);
          for (int b = 0; b < batches; b++) {
            copy.fit(minibatch);
          }
        }
      });
    } finally {
      model.destroy();
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
