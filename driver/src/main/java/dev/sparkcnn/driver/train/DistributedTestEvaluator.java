package dev.sparkcnn.driver.train;

import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.driver.data.ImageSet;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Evaluates on the executors: the test set, read there, is cached as minibatches once, and each epoch
 * only the parameters travel (a broadcast), so the driver's cores and memory stay free.
 */
public final class DistributedTestEvaluator implements TestEvaluator {
  private final JavaSparkContext sc;
  private final JavaRDD<DataSet> batches;
  private final int numClasses;
  private final int workers;
  private final int batchSize;
  private final TrainingMaster<?, ?> master;

  public DistributedTestEvaluator(JavaSparkContext sc, ImageSet test, MinibatchAssembler assembler, int batchSize,
      int workers, TrainingMaster<?, ?> master) {
    this.sc = sc;
    this.numClasses = assembler.numClasses();
    this.workers = workers;
    this.batchSize = batchSize;
    this.master = master;
    final MinibatchAssembler assemble = assembler;
    final int size = batchSize;
    this.batches = test.images()
        .mapPartitions(it -> {
          List<DataSet> out = new ArrayList<>();
          List<LabeledImage> batch = new ArrayList<>(size);
          while (it.hasNext()) {
            batch.add(it.next());
            if (batch.size() == size || !it.hasNext()) {
              out.add(assemble.assemble(batch));
              batch = new ArrayList<>(size);
            }
          }
          return out.iterator();
        })
        .setName("test minibatches")
        .persist(StorageLevel.MEMORY_ONLY());
  }

  @Override
  public ClassificationMetrics evaluate(CnnNetwork network) {
    Evaluation evaluation = SparkNetwork.of(sc, network, master)
        .evaluate(batches, new Evaluation(numClasses), batchSize, workers);
    return ClassificationMetrics.fromEvaluation(evaluation, numClasses);
  }

  @Override
  public void close() {
    batches.unpersist(false);
  }
}
