package dev.sparkcnn.driver.train;

import dev.sparkcnn.data.SeedMixer;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs on the workers: before every minibatch, seeds the thread's ND4J random generator from the
 * run's seed and the minibatch's content. Dropout masks then depend on nothing but the data and
 * the seed, so a run with dropout repeats exactly, and a resumed one ends as an uninterrupted one.
 * Every epoch reshuffles the minibatches, so no two minibatches of a run share a seed.
 */
public final class SeededDropoutHook implements TrainingHook {
  private static final long serialVersionUID = 1L;
  private final long seed;

  public SeededDropoutHook(long seed) {
    this.seed = seed;
  }

  @Override
  public void preUpdate(DataSet minibatch, Model model) {
    seedFrom(minibatch.getFeatures(), minibatch.getLabels());
  }

  @Override
  public void postUpdate(DataSet minibatch, Model model) {}

  /** A ComputationGraph's worker hands its minibatches over as MultiDataSets; spark-cnn's have one input. */
  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {
    seedFrom(minibatch.getFeatures(0), minibatch.getLabels(0));
  }

  private void seedFrom(INDArray features, INDArray labels) {
    long content = 31L * Arrays.hashCode(features.data().asFloat()) + Arrays.hashCode(labels.data().asFloat());
    Nd4j.getRandom().setSeed(SeedMixer.mix(seed, content));
  }

  @Override
  public void postUpdate(MultiDataSet minibatch, Model model) {}
}
