package dev.sparkcnn.model.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.LayerOptions;
import dev.sparkcnn.model.TestNetworks;
import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.model.zoo.ModelCatalog;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class LayerFactoryTest {

  /**
   * DL4J's batch norm layer ignores its activation function, so a batch-normalized convolution
   * needs its ReLU as a layer of its own; without it the unit would be affine, as it was before
   * this test.
   */
  @Test
  void aBatchNormalizedConvolutionEndsInItsRelu() {
    LayerFactory factory = new LayerFactory(LayerOptions.DEFAULTS, org.deeplearning4j.nn.conf.layers.PoolingType.MAX, true);
    ConvUnit unit = factory.conv(1, 6, 5);
    assertEquals(3, unit.layers().size(), unit.layers().toString());
    assertTrue(unit.layers().get(0) instanceof ConvolutionLayer);
    assertTrue(unit.layers().get(1) instanceof BatchNormalization);
    assertTrue(unit.layers().get(2) instanceof ActivationLayer);
    assertEquals(2, factory.conv(1, 6, 5, 1, org.deeplearning4j.nn.conf.ConvolutionMode.Same, false).layers().size(),
        "a unit without ReLU (a residual branch's last) ends in its batch norm");

    MultiLayerNetwork lenet = ModelCatalog.get(LeNet5.NAME).build(TestNetworks.mnist()
        .withLayers(LayerOptions.DEFAULTS.withBatchNorm(LayerOptions.BatchNorm.ON))).sequential().orElseThrow();
    Nd4j.getRandom().setSeed(3);
    lenet.fit(new DataSet(Nd4j.rand(16, 1, 28, 28), Nd4j.eye(16).getColumns(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
    INDArray images = Nd4j.rand(4, 1, 28, 28);
    // Layers 0 conv, 1 batch norm, 2 ReLU; each pass stops at its layer (ReLU works in place on its input).
    INDArray normalized = lenet.feedForwardToLayer(1, images, false).get(2);
    INDArray activated = lenet.feedForwardToLayer(2, images, false).get(3);
    assertTrue(normalized.minNumber().doubleValue() < 0, "batch norm's output has negative values");
    assertEquals(0.0, activated.minNumber().doubleValue(), "and the unit's output has none");
  }
}
