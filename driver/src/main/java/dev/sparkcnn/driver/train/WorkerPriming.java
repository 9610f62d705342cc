package dev.sparkcnn.driver.train;

import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.runtime.NativeRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Primes the workers before the first timed epoch: each of the round's tasks fits a throwaway copy
 * of the network on constant minibatches of the training shape. That is work the first epoch
 * otherwise pays inside its rounds, in every executor JVM: the JIT compiling DL4J's training path,
 * oneDNN creating its primitives for these shapes, ND4J's workspaces growing to size. Then, with
 * parameter averaging, a throwaway copy goes through one averaging round of dl4j-spark itself, on
 * two constant minibatches per worker: the first round of a run otherwise pays for loading and
 * initializing what the master and its workers run once per round (broadcasts, the workers'
 * network construction, serializing and averaging the results). The network itself is not
 * changed, and training's random numbers are not touched (the rounds seed dropout per minibatch,
 * {@link SeededDropoutHook}), so training stays what it would be without priming.
 */
final class WorkerPriming {
  private WorkerPriming() {}

  /** Minibatches per worker in the throwaway averaging round. */
  static final int ROUND_BATCHES = 2;

  /**
   * @param batches minibatches each task fits, &gt; 0
   * @param configureJvms whether the tasks may apply spark-cnn's JVM settings ({@link JvmSetupHook})
   * @param roundMaster the training master of a throwaway averaging round, or null for none
   * @return seconds spent
   */
  static double run(JavaSparkContext sc, CnnNetwork network, ImageShape shape, int numClasses, int batchSize, int batches,
      int workers, boolean configureJvms, TrainingMaster<?, ?> roundMaster) throws IOException {
    long start = System.nanoTime();
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    network.write(zip, true);
    Broadcast<byte[]> model = sc.broadcast(zip.toByteArray());
    try {
      WorkerTasks.runOnEach(sc, workers, configureJvms, worker -> {
        NativeRuntime.useThreadsOnThisThread();
        CnnNetwork copy = CnnNetwork.read(model.value(), true);
        DataSet minibatch = constantMinibatch(shape, numClasses, batchSize);
        for (int b = 0; b < batches; b++) {
          copy.fit(minibatch);
        }
      });
      if (roundMaster != null) {
        JavaRDD<DataSet> round = sc.parallelize(IntStream.range(0, workers * ROUND_BATCHES).boxed().toList(), workers)
            .map(i -> constantMinibatch(shape, numClasses, batchSize));
        SparkNetwork.of(sc, CnnNetwork.read(zip.toByteArray(), true), roundMaster).fit(round);
      }
    } finally {
      model.destroy();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Mid-grey images, the classes in turn: the shapes of training, no data needed. */
  private static DataSet constantMinibatch(ImageShape shape, int numClasses, int batchSize) {
    INDArray features = Nd4j.valueArrayOf(new long[] {batchSize, shape.channels(), shape.height(), shape.width()},
        0.5f, DataType.FLOAT);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, batchSize, numClasses);
    for (int i = 0; i < batchSize; i++) {
      labels.putScalar(i, i % numClasses, 1.0);
    }
    return new DataSet(features, labels);
  }
}
