package dev.sparkcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.zoo.LeNet5;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

class SgdMomentumTest {

  @Test
  void stepsAreTheLearningRateTimesTheVelocity() {
    INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 3);
    GradientUpdater<?> updater = new SgdMomentum(0.1, 0.9).instantiate(state, true);
    INDArray g1 = Nd4j.createFromArray(1.0, 2.0, 3.0).reshape(1, 3);
    updater.applyUpdater(g1, 0, 0);
    assertEquals(Nd4j.createFromArray(0.1, 0.2, 0.3).reshape(1, 3), g1, "first step: lr * g");
    INDArray g2 = Nd4j.createFromArray(1.0, 1.0, 1.0).reshape(1, 3);
    updater.applyUpdater(g2, 1, 0);
    // v = 0.9 * (1, 2, 3) + (1, 1, 1) = (1.9, 2.8, 3.7)
    assertTrue(Nd4j.createFromArray(0.19, 0.28, 0.37).reshape(1, 3).equalsWithEps(g2, 1e-12), g2.toString());
    assertTrue(Nd4j.createFromArray(1.9, 2.8, 3.7).reshape(1, 3).equalsWithEps(state, 1e-12), "the velocity lives in the state view");
  }

  @Test
  void survivesTheJsonThatSparkWorkersReadAndTrains() {
    NetworkSettings s = new NetworkSettings(new ImageShape(12, 12, 1), 3,
        new Optimizer(Optimizer.Kind.MOMENTUM, 0.05, 0.9, 1.0), 0, 0, 3);
    MultiLayerConfiguration conf = new LeNet5().configuration(s);
    String json = conf.toJson();
    assertTrue(json.contains(SgdMomentum.class.getName()), "the updater is named in the JSON");
    assertEquals(conf, MultiLayerConfiguration.fromJson(json));

    MultiLayerNetwork network = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
    network.init();
    assertEquals(network.numParams(), network.getUpdater().getStateViewArray().length(), "one velocity per parameter");
    INDArray before = network.params().dup();
    DataSet batch = new DataSet(Nd4j.rand(4, 1, 12, 12), Nd4j.eye(3).getRows(0, 1, 2, 0));
    network.fit(batch);
    network.setLearningRate(0.01);
    network.fit(batch);
    assertNotEquals(before, network.params());
    assertEquals(0.01, network.getLearningRate(0), 1e-12);
  }
}
