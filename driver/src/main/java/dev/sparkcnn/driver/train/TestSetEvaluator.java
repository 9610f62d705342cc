package dev.sparkcnn.driver.train;

import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Evaluates the driver's copy of the network on the test set, in inference mode (no dropout).
 * The minibatches are assembled once and reused every epoch.
 */
public final class TestSetEvaluator implements TestEvaluator {
  private final List<DataSet> batches;
  private final int numClasses;

  public TestSetEvaluator(ImageDataset test, MinibatchAssembler assembler, int batchSize) {
    this(test.examples(), assembler, batchSize);
  }

  public TestSetEvaluator(List<LabeledImage> examples, MinibatchAssembler assembler, int batchSize) {
    this.numClasses = assembler.numClasses();
    this.batches = new ArrayList<>();
    for (int start = 0; start < examples.size(); start += batchSize) {
      batches.add(assembler.assemble(examples.subList(start, Math.min(start + batchSize, examples.size()))));
    }
  }

  @Override
  public ClassificationMetrics evaluate(CnnNetwork network) {
    Evaluation evaluation = new Evaluation(numClasses);
    for (DataSet batch : batches) {
      INDArray predictions = network.output(batch.getFeatures());
      evaluation.eval(batch.getLabels(), predictions);
    }
    return ClassificationMetrics.fromEvaluation(evaluation, numClasses);
  }
}
