package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.model.CnnArchitecture;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.SmallestInput;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.refusal.InvalidConfigException;
import dev.sparkcnn.refusal.InvalidDataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The network a job config asks for, built for the images the data turned out to hold. */
public final class JobNetwork {
  private JobNetwork() {}

  /**
   * @param numClasses the classes the data holds (the config's {@code data.numClasses} when set)
   */
  public static NetworkSettings settings(JobConfig config, ImageShape input, int numClasses) {
    return new NetworkSettings(input, numClasses, config.training().optimizer(),
        config.model().l2(), config.model().dropout(), config.training().seed())
        .withLayers(config.model().layers());
  }

  /**
   * Refuses what the network the config asks for cannot take, before the images are read: images
   * too small for it, and minibatches (training and evaluating) whose memory, as DL4J estimates
   * it, exceeds a task's share of an executor. The classes are not known yet and change neither.
   *
   * @throws InvalidDataException naming the images' size and the network's smallest input
   * @throws InvalidConfigException naming the minibatch setting, its estimate and the budget
   */
  static void checkInput(JobConfig config, ImageShape input, String data, MemoryBudget budget)
      throws InvalidDataException, InvalidConfigException {
    CnnNetwork network;
    try {
      network = build(config, input, 2, data);
    } catch (InvalidConfigException e) {
      // The options themselves do not fit: said with the real class count once the data is read.
      return;
    }
    List<String> problems = new ArrayList<>();
    int batch = config.training().batchSizePerWorker();
    int evalBatch = config.training().evalBatchSize();
    long training = network.memoryBytes(input, batch, true);
    long evaluating = network.memoryBytes(input, evalBatch, false);
    if (training > budget.perTask()) {
      problems.add(tooLarge("training.batchSizePerWorker", batch, config, input, training, budget));
    }
    if (evaluating > budget.perTask()) {
      problems.add(tooLarge("training.evalBatchSize", evalBatch, config, input, evaluating, budget));
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  private static String tooLarge(String key, int batch, JobConfig config, ImageShape input, long bytes, MemoryBudget budget) {
    return key + " " + batch + ": DL4J estimates " + MemoryBudget.mib(bytes) + " for a minibatch of " + batch + " "
        + input + " images through " + config.model().name() + ", more than the " + MemoryBudget.mib(budget.perTask())
        + " a task has (" + budget.how() + "); lower it, or give the executors more memory";
  }

  /**
   * A freshly initialized network, set to cache its forward pass as {@code training.cacheForwardPass} says.
   *
   * @param data what messages call the images, e.g. the training set's folder
   * @throws InvalidDataException naming the images' size and the network's smallest input, when
   *     the images are too small for the network with these model options
   * @throws InvalidConfigException when the model options do not fit the architecture (for example
   *     valid padding that shrinks the feature maps away), naming the keys
   */
  public static CnnNetwork build(JobConfig config, ImageShape input, int numClasses, String data)
      throws InvalidConfigException, InvalidDataException {
    CnnArchitecture architecture = ModelCatalog.get(config.model().name());
    NetworkSettings settings = settings(config, input, numClasses);
    Optional<String> refusal;
    CnnNetwork network = null;
    try {
      network = architecture.build(settings);
      refusal = network.refusalOf(input);
    } catch (IllegalArgumentException e) {
      refusal = Optional.of(e.getMessage());
    }
    if (refusal.isPresent()) {
      OptionalInt smallest = SmallestInput.side(architecture, settings);
      if (smallest.isPresent()) {
        throw new InvalidDataException(data, "holds " + input + " images, too small for " + architecture.name()
            + " with these model options: it takes images of " + smallest.getAsInt() + "x" + smallest.getAsInt()
            + " pixels or more; set data.resize (e.g. " + smallest.getAsInt() + "x" + smallest.getAsInt()
            + ") or choose another model or model.padding");
      }
      throw new InvalidConfigException(List.of("model: " + refusal.get()
          + "; change model.convolution, model.kernelSize, model.stride, model.padding, model.pooling or model.blocks"));
    }
    network.cacheForwardPass(config.training().cacheForwardPass());
    return network;
  }
}
