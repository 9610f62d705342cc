package dev.sparkcnn.model.standin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The stand-in against DL4J's own batch normalization, in a network with two of them: its
 * minibatch statistics, hence its training-mode outputs, are DL4J's bit for bit; its gradients
 * match DL4J's layer computed in double precision as closely as DL4J's own float gradients do; and
 * training with it follows training without it.
 */
class MomentsBatchNormalizationTest {
  /** DL4J's switch for its oneDNN helpers, which the Spark JVMs turn on (conf/spark-defaults.conf) and tests do not. */
  private static final String HELPERS_DISABLED = dev.sparkcnn.runtime.NativeRuntime.HELPERS_PROPERTY;
  private static String before;

  @BeforeAll
  static void helpersOn() {
    before = System.getProperty(HELPERS_DISABLED);
    System.setProperty(HELPERS_DISABLED, "false");
  }

  @AfterAll
  static void helpersAsBefore() {
    if (before == null) {
      System.clearProperty(HELPERS_DISABLED);
    } else {
      System.setProperty(HELPERS_DISABLED, before);
    }
  }

  private static MultiLayerConfiguration conf() {
    return new NeuralNetConfiguration.Builder()
        .seed(5)
        .updater(new Adam(1e-2))
        .list()
        .layer(new ConvolutionLayer.Builder(3, 3).nIn(2).nOut(6).hasBias(false).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().build())
        .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(5).hasBias(false).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutional(13, 11, 2))
        .build();
  }

  private static MultiLayerNetwork plain(DataType type) {
    MultiLayerConfiguration conf = conf();
    conf.setDataType(type);
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** The network with this stand-in alone (StandIns.install would add the others, whose sums round otherwise). */
  private static MultiLayerNetwork withStandIn(MultiLayerNetwork plain) throws Exception {
    MultiLayerConfiguration standIn = conf();
    for (int i : new int[] {1, 4}) {
      standIn.getConf(i).setLayer(MomentsBatchNormalization.of((BatchNormalization) standIn.getConf(i).getLayer()));
    }
    MultiLayerNetwork installed = new MultiLayerNetwork(standIn);
    installed.init();
    installed.params().assign(plain.params());
    Field helper = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class.getDeclaredField("helper");
    helper.setAccessible(true);
    assertInstanceOf(MomentsBatchNormHelper.class, helper.get(installed.getLayer(1)), "the stand-in's helper is in use");
    return installed;
  }

  private static DataSet minibatch(int size, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return new DataSet(Nd4j.rand(DataType.FLOAT, size, 2, 13, 11).muli(4).subi(1),
        Nd4j.eye(4).getRows(IntStream.range(0, size).map(i -> i % 4).toArray()).castTo(DataType.FLOAT));
  }

  @Test
  void trainingModeOutputsAreDl4jsBitForBit() throws Exception {
    MultiLayerNetwork plain = plain(DataType.FLOAT);
    MultiLayerNetwork installed = withStandIn(plain);
    INDArray input = minibatch(8, 3).getFeatures();
    List<INDArray> expected = plain.feedForward(input, true);
    List<INDArray> actual = installed.feedForward(input, true);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i).data().asFloat(), actual.get(i).data().asFloat(), "activation " + i);
    }
  }

  @Test
  void gradientsMatchDl4jsLayerInDoubleAsCloselyAsDl4jsOwnFloatGradients() throws Exception {
    MultiLayerNetwork plain = plain(DataType.FLOAT);
    MultiLayerNetwork installed = withStandIn(plain);
    MultiLayerNetwork reference = plain(DataType.DOUBLE);
    reference.params().assign(plain.params().castTo(DataType.DOUBLE));
    for (int size : new int[] {8, 3}) {
      DataSet batch = minibatch(size, 11 + size);
      INDArray exact = gradient(reference, new DataSet(batch.getFeatures().castTo(DataType.DOUBLE),
          batch.getLabels().castTo(DataType.DOUBLE)));
      double dl4jError = maxError(gradient(plain, batch), exact);
      double standInError = maxError(gradient(installed, batch), exact);
      double scale = exact.amaxNumber().doubleValue();
      assertTrue(standInError <= Math.max(4 * dl4jError, 1e-6 * scale),
          "batch " + size + ": the stand-in's gradient is off by " + standInError + ", DL4J's float one by " + dl4jError);
      assertTrue(standInError <= 1e-4 * scale, "batch " + size + ": off by " + standInError + " of " + scale);
    }
  }

  private static INDArray gradient(MultiLayerNetwork net, DataSet batch) {
    net.setInput(batch.getFeatures());
    net.setLabels(batch.getLabels());
    net.computeGradientAndScore();
    return net.getFlattenedGradients().castTo(DataType.DOUBLE).dup();
  }

  private static double maxError(INDArray actual, INDArray exact) {
    return actual.sub(exact).amaxNumber().doubleValue();
  }

  @Test
  void trainingWithTheStandInFollowsTrainingWithout() throws Exception {
    MultiLayerNetwork plain = plain(DataType.FLOAT);
    MultiLayerNetwork installed = withStandIn(plain);
    for (int step = 0; step < 6; step++) {
      DataSet batch = minibatch(step == 5 ? 3 : 8, 9 + step);  // a short last minibatch too
      plain.fit(batch);
      installed.fit(batch);
    }
    double difference = plain.params().sub(installed.params()).amaxNumber().doubleValue();
    assertTrue(difference < 1e-4, "parameters differ by " + difference + " after 6 steps");
    INDArray input = minibatch(4, 21).getFeatures();
    double outputs = plain.output(input).sub(installed.output(input)).amaxNumber().doubleValue();
    assertTrue(outputs < 1e-4, "outputs differ by " + outputs);
  }
}
