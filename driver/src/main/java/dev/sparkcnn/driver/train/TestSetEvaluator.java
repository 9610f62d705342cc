package dev.sparkcnn.driver.train;

import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Evaluates the driver's (or one process's) copy of the network on the test images, in inference
 * mode (no dropout), one minibatch at a time as the images stream in: from a list a process holds
 * anyway, or from the executors' cache one partition at a time, so the driver never holds the set.
 */
public final class TestSetEvaluator implements TestEvaluator {
  private final Supplier<Iterator<LabeledImage>> images;
  private final MinibatchAssembler assembler;
  private final int batchSize;

  /**
   * @param images a fresh pass over the test images each time it is called
   */
  public TestSetEvaluator(Supplier<Iterator<LabeledImage>> images, MinibatchAssembler assembler, int batchSize) {
    this.images = images;
    this.assembler = assembler;
    this.batchSize = batchSize;
  }

  public TestSetEvaluator(List<LabeledImage> examples, MinibatchAssembler assembler, int batchSize) {
    this(examples::iterator, assembler, batchSize);
  }

  public TestSetEvaluator(ImageDataset test, MinibatchAssembler assembler, int batchSize) {
    this(test.examples(), assembler, batchSize);
  }

  @Override
  public ClassificationMetrics evaluate(CnnNetwork network) {
    Evaluation evaluation = new Evaluation(assembler.numClasses());
    Iterator<LabeledImage> it = images.get();
    List<LabeledImage> batch = new ArrayList<>(batchSize);
    while (it.hasNext()) {
      batch.add(it.next());
      if (batch.size() == batchSize || !it.hasNext()) {
        DataSet minibatch = assembler.assemble(batch);
        INDArray predictions = network.output(minibatch.getFeatures());
        evaluation.eval(minibatch.getLabels(), predictions);
        batch.clear();
      }
    }
    return ClassificationMetrics.fromEvaluation(evaluation, assembler.numClasses());
  }
}
