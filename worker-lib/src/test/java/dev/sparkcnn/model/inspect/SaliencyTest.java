package dev.sparkcnn.model.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.TestNetworks;
import dev.sparkcnn.model.transfer.FineTuning;
import dev.sparkcnn.model.zoo.InceptionMnist;
import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.model.zoo.ResNetMnist;
import dev.sparkcnn.model.zoo.SimpleCnn;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

class SaliencyTest {
  private static INDArray images(int n, long seed, DataType type) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(type, n, 1, 28, 28);
  }

  private static CnnNetwork inDoublePrecision(CnnNetwork network) {
    return network.sequential().isPresent()
        ? CnnNetwork.of(network.sequential().get().convertDataType(DataType.DOUBLE))
        : CnnNetwork.of(network.graph().orElseThrow().convertDataType(DataType.DOUBLE));
  }

  /**
   * The backward pass against central differences of the class score, pixel by pixel, in double
   * precision, for networks with dropout (simple-cnn) and batch norm (the graphs): both must be in
   * inference mode for the two to agree.
   */
  @ParameterizedTest
  @ValueSource(strings = {LeNet5.NAME, SimpleCnn.NAME, ResNetMnist.NAME, InceptionMnist.NAME})
  void mapsAreTheGradientOfTheClassScoreInInferenceMode(String name) {
    CnnNetwork network = inDoublePrecision(ModelCatalog.get(name).build(TestNetworks.mnist()));
    moveRunningStatistics(network, 10);
    assertAgreesWithCentralDifferences(name, network);
  }

  /** A fine-tuned network's frozen layers pass no gradient in DL4J; the saliency copy unwraps them. */
  @ParameterizedTest
  @ValueSource(strings = {LeNet5.NAME, ResNetMnist.NAME})
  void mapsSeeThroughFrozenLayers(String name) {
    CnnNetwork source = inDoublePrecision(ModelCatalog.get(name).build(TestNetworks.mnist()));
    moveRunningStatistics(source, 10);
    CnnNetwork tuned = new FineTuning(10, 2, new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 5).apply(source);
    assertEquals(2, FineTuning.frozenParameters(tuned).size());
    assertAgreesWithCentralDifferences(name + " with 2 frozen layers", tuned);
  }

  /** Running statistics away from their initial 0 and 1, so that inference differs from training mode. */
  private static void moveRunningStatistics(CnnNetwork network, int seed) {
    for (int step = 0; step < 3; step++) {
      INDArray batch = images(16, seed + step, DataType.DOUBLE).muli(2).addi(0.5);
      network.fit(new org.nd4j.linalg.dataset.DataSet(batch, Nd4j.eye(16).castTo(DataType.DOUBLE).getColumns(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
    }
  }

  /**
   * The backward pass against central differences of the class score, pixel by pixel, in double
   * precision: dropout and batch norm must both be in inference mode for the two to agree.
   */
  private static void assertAgreesWithCentralDifferences(String name, CnnNetwork network) {
    Saliency saliency = Saliency.of(network, ImageShape.MNIST);
    INDArray x = images(2, 5, DataType.DOUBLE);
    int[] classes = {3, 8};
    INDArray maps = saliency.maps(x, classes);
    assertArrayEquals(x.shape(), maps.shape());

    Random random = new Random(1);
    double step = 1e-5;
    int checked = 0;
    int agree = 0;
    for (int image = 0; image < 2; image++) {
      for (int k = 0; k < 12; k++) {
        int row = 4 + random.nextInt(20);
        int col = 4 + random.nextInt(20);
        INDArray up = x.get(NDArrayIndex.interval(image, image + 1)).dup();
        INDArray down = up.dup();
        up.putScalar(new long[] {0, 0, row, col}, up.getDouble(0, 0, row, col) + step);
        down.putScalar(new long[] {0, 0, row, col}, down.getDouble(0, 0, row, col) - step);
        double numeric = (saliency.scores(up).getDouble(0, classes[image]) - saliency.scores(down).getDouble(0, classes[image])) / (2 * step);
        double analytic = maps.getDouble(image, 0, row, col);
        checked++;
        if (Math.abs(numeric - analytic) <= 1e-4 + 1e-3 * Math.abs(numeric)) {
          agree++;
        } else {
          System.out.printf("%s image %d pixel (%d,%d): backprop %.6g, differences %.6g%n", name, image, row, col, analytic, numeric);
        }
      }
    }
    // A ReLU kink between x - step and x + step may spoil one difference; more means a wrong gradient.
    assertTrue(agree >= checked - 1, name + ": " + agree + " of " + checked + " pixels agree");
    assertTrue(maps.norm2Number().doubleValue() > 0, "not all zero");
  }

  @Test
  void scoresAreTheLogitsBehindTheSoftmaxAndTheNetworkIsUntouched() {
    CnnNetwork network = ModelCatalog.get(ResNetMnist.NAME).build(TestNetworks.mnist());
    INDArray params = network.params().dup();
    INDArray x = images(3, 2, DataType.FLOAT);
    Saliency saliency = Saliency.of(network, ImageShape.MNIST);
    saliency.maps(x, new int[] {1, 2, 3});
    INDArray softmaxOfScores = Transforms.softmax(saliency.scores(x), true);
    assertTrue(softmaxOfScores.equalsWithEps(network.output(x), 1e-4), softmaxOfScores + " vs " + network.output(x));
    assertEquals(params, network.params());
  }

  @Test
  void firstLayerFiltersAndFeatureMaps() {
    CnnNetwork lenet = ModelCatalog.get(LeNet5.NAME).build(TestNetworks.mnist());
    FirstLayerView view = FirstLayerView.of(lenet).orElseThrow();
    assertArrayEquals(new long[] {6, 1, 5, 5}, view.filters().shape());
    assertArrayEquals(new long[] {6, 28, 28}, view.featureMaps(images(1, 4, DataType.FLOAT)).shape());
    CnnNetwork resnet = ModelCatalog.get(ResNetMnist.NAME).build(TestNetworks.mnist());
    FirstLayerView graphView = FirstLayerView.of(resnet).orElseThrow();
    assertEquals(graphView.filters().shape()[0], graphView.featureMaps(images(1, 4, DataType.FLOAT)).shape()[0]);
  }
}
