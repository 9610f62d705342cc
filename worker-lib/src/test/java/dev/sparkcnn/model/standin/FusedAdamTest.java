package dev.sparkcnn.model.standin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.TestNetworks;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.model.zoo.SimpleCnn;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/** The fused Adam step is libnd4j's, bit for bit, on DL4J's own state layout; networks train with it. */
class FusedAdamTest {
  /** A length that is no multiple of the step's block, so the last block is a short one. */
  @ParameterizedTest
  @ValueSource(ints = {1, 5_003})
  void theStepAndTheStateAreDl4jsBitForBit(int length) {
    // Both updaters' state is a view into one row, as in a network's updater state array.
    INDArray plainState = Nd4j.zeros(DataType.FLOAT, 1, 2 * length);
    INDArray fusedState = Nd4j.zeros(DataType.FLOAT, 1, 2 * length);
    Adam config = new Adam(3e-3, 0.85, 0.995, 1e-7);
    AdamUpdater plain = (AdamUpdater) config.instantiate(plainState, true);
    FusedAdam fusedConfig = FusedAdam.of(config);
    AdamUpdater fused = (AdamUpdater) fusedConfig.instantiate(fusedState, true);
    assertInstanceOf(FusedAdam.Step.class, fused);
    Nd4j.getRandom().setSeed(4);
    for (int iteration = 0; iteration < 12; iteration++) {
      // Gradients from 1e-4 to 10: the second moment's square root and the bias correction both matter.
      INDArray gradient = Nd4j.randn(DataType.FLOAT, 1, length).muli(Math.pow(10, iteration % 6 - 4));
      INDArray viaPlain = gradient.dup();
      INDArray viaFused = gradient.dup();
      assertTrue(FusedAdam.Step.flat(viaFused, fused.getM(), fused.getV()), "the fused step runs, not DL4J's op");
      plain.applyUpdater(viaPlain, iteration, 0);
      fused.applyUpdater(viaFused, iteration, 0);
      assertArrayEquals(viaPlain.data().asFloat(), viaFused.data().asFloat(), "the update at iteration " + iteration);
      assertArrayEquals(plainState.data().asFloat(), fusedState.data().asFloat(), "the state at iteration " + iteration);
    }
    fusedConfig.setLearningRate(1e-4);
    assertEquals(1e-4, fused.getConfig().getLearningRate(0, 0), "a new rate reaches the step");
  }

  @Test
  void aGradientThatIsNoRunOfFloatsTakesDl4jsOp() {
    AdamUpdater fused = (AdamUpdater) FusedAdam.of(new Adam(1e-3)).instantiate(Nd4j.zeros(DataType.FLOAT, 1, 8), true);
    AdamUpdater plain = (AdamUpdater) new Adam(1e-3).instantiate(Nd4j.zeros(DataType.FLOAT, 1, 8), true);
    // A column of a C-order matrix: its four floats are two apart.
    INDArray strided = Nd4j.rand(DataType.FLOAT, 4, 2).getColumn(0).reshape(1, 4);
    assertFalse(FusedAdam.Step.flat(strided, fused.getM(), fused.getV()));
    INDArray expected = strided.dup();
    plain.applyUpdater(expected, 0, 0);
    fused.applyUpdater(strided, 0, 0);
    assertArrayEquals(expected.toFloatVector(), strided.toFloatVector());
  }

  @Test
  void everyAdamOfACatalogNetworkIsFused() {
    CnnNetwork network = ModelCatalog.get(SimpleCnn.NAME).build(TestNetworks.mnist());
    for (Layer layer : network.parameterizedLayers()) {
      BaseLayer conf = (BaseLayer) layer.conf().getLayer();
      assertInstanceOf(FusedAdam.class, conf.getIUpdater(), conf.getLayerName());
      if (conf.getBiasUpdater() != null) {  // null: the biases take the weights' updater
        assertInstanceOf(FusedAdam.class, conf.getBiasUpdater(), conf.getLayerName());
      }
    }
    BaseLayer copy = (BaseLayer) network.parameterizedLayers().get(0).conf().getLayer().clone();
    assertInstanceOf(FusedAdam.class, copy.getIUpdater(), "a copy of a layer keeps the fused step");
  }
}
