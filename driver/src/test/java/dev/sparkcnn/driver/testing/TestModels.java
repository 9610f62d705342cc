package dev.sparkcnn.driver.testing;

import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.model.zoo.ModelCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Untrained networks as model.zip bytes, for tests that need a model file but not a trained one. */
public final class TestModels {
  private TestModels() {}

  /** A freshly initialized LeNet-5 for 28x28 grey images and 10 classes, as DL4J's zip. */
  public static byte[] lenet() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelCatalog.get(LeNet5.NAME).build(new NetworkSettings(ImageShape.MNIST, 10,
        new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 7)).write(bytes, false);
    return bytes.toByteArray();
  }
}
