package dev.sparkcnn.driver.train;

import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.data.SeedMixer;
import dev.sparkcnn.driver.config.TrainingConfig;
import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One epoch of plain DL4J training in this JVM, no Spark: the examples shuffled by (seed, epoch),
 * fitted minibatch by minibatch, the learning-rate schedule applied at each minibatch's midpoint.
 * The benchmark's single-process peer and {@code tune}'s trials on one executor both train this way.
 */
public final class LocalEpochTrainer {
  private final TrainingConfig training;
  private final MinibatchAssembler assembler;
  private final List<LabeledImage> examples;
  private double learningRate = Double.NaN;

  public LocalEpochTrainer(TrainingConfig training, MinibatchAssembler assembler, List<LabeledImage> examples) {
    this.training = training;
    this.assembler = assembler;
    this.examples = new ArrayList<>(examples);
  }

  public int size() {
    return examples.size();
  }

  /** Trains {@code network} on every example once; returns the loss of the last minibatch. */
  public double epoch(CnnNetwork network, int epoch) {
    shuffle(examples, new SplittableRandom(SeedMixer.mix(training.seed(), epoch)));
    for (int from = 0; from < examples.size(); from += training.batchSizePerWorker()) {
      int to = Math.min(from + training.batchSizePerWorker(), examples.size());
      double rate = training.optimizer().learningRateAt(epoch - 1 + (from + to) / 2.0 / examples.size());
      if (rate != learningRate) {
        network.setLearningRate(rate);
        learningRate = rate;
      }
      network.fit(assembler.assemble(examples.subList(from, to)));
    }
    return network.score();
  }

  /**
   * {@link #epoch} and then the test set, as the record metrics.jsonl keeps.
   *
   * @param runStartNanos {@link System#nanoTime} when the run began, for the elapsed time
   */
  public EpochMetrics trainAndEvaluate(CnnNetwork network, int epoch, TestEvaluator evaluator, long runStartNanos) {
    long fitStart = System.nanoTime();
    double loss = epoch(network, epoch);
    double trainSeconds = (System.nanoTime() - fitStart) / 1e9;
    long evalStart = System.nanoTime();
    ClassificationMetrics test = evaluator.evaluate(network);
    double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
    return new EpochMetrics(epoch, training.epochs(), size(), 1, trainSeconds, size() / trainSeconds, loss, evalSeconds,
        (System.nanoTime() - runStartNanos) / 1e9, test, InputSchema.indexNames(test.numClasses()));
  }

  private static void shuffle(List<LabeledImage> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      LabeledImage swap = list.get(i);
      list.set(i, list.get(j));
      list.set(j, swap);
    }
  }
}
