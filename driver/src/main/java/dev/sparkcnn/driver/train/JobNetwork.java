package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.config.InvalidConfigException;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.model.CnnArchitecture;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.ModelCatalog;
import dev.sparkcnn.model.NetworkSettings;
import java.util.List;

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
   * A freshly initialized network, set to cache its forward pass as {@code training.cacheForwardPass} says.
   *
   * @throws InvalidConfigException when the model options do not fit the architecture or the
   *     images (for example valid padding that shrinks the feature maps away), naming the keys
   */
  public static CnnNetwork build(JobConfig config, ImageShape input, int numClasses) throws InvalidConfigException {
    CnnArchitecture architecture = ModelCatalog.get(config.model().name());
    try {
      CnnNetwork network = architecture.build(settings(config, input, numClasses));
      network.cacheForwardPass(config.training().cacheForwardPass());
      return network;
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(List.of("model: " + e.getMessage()
          + "; change model.convolution, model.kernelSize, model.stride, model.padding, model.pooling or model.blocks"));
    }
  }
}
