package dev.sparkcnn.model.standin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The stand-in's statistics are DL4J's, bit for bit: a network with two batch normalizations
 * trains to the same parameters (the global mean and log-std among them) and outputs with it as
 * with DL4J's helper.
 */
class MomentsBatchNormalizationTest {
  /** DL4J's switch for its oneDNN helpers, which the Spark JVMs turn on (conf/spark-defaults.conf) and tests do not. */
  private static final String HELPERS_DISABLED = dev.sparkcnn.runtime.NativeRuntime.HELPERS_PROPERTY;

  @Test
  void trainingWithTheStandInGivesDl4jsParametersBitForBit() throws Exception {
    String before = System.getProperty(HELPERS_DISABLED);
    System.setProperty(HELPERS_DISABLED, "false");
    try {
      trainBoth();
    } finally {
      if (before == null) {
        System.clearProperty(HELPERS_DISABLED);
      } else {
        System.setProperty(HELPERS_DISABLED, before);
      }
    }
  }

  private static void trainBoth() throws Exception {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(5)
        .updater(new Adam(1e-2))
        .list()
        .layer(new ConvolutionLayer.Builder(3, 3).nIn(2).nOut(6).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().build())
        .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutional(13, 11, 2))
        .build();
    MultiLayerNetwork plain = new MultiLayerNetwork(conf.clone());
    plain.init();
    // Only this stand-in (StandIns.install would add the others, whose sums may round differently).
    MultiLayerConfiguration standIn = conf.clone();
    for (int i : new int[] {1, 4}) {
      standIn.getConf(i).setLayer(MomentsBatchNormalization.of((BatchNormalization) standIn.getConf(i).getLayer()));
    }
    MultiLayerNetwork installed = new MultiLayerNetwork(standIn);
    installed.init();
    installed.params().assign(plain.params());
    assertInstanceOf(MomentsBatchNormalization.class, installed.getLayerWiseConfigurations().getConf(1).getLayer());
    Field helper = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class.getDeclaredField("helper");
    helper.setAccessible(true);
    assertInstanceOf(MomentsBatchNormHelper.class, helper.get(installed.getLayer(1)), "the stand-in's helper computes the statistics");

    Nd4j.getRandom().setSeed(9);
    for (int step = 0; step < 6; step++) {
      int batch = step == 5 ? 3 : 8;  // a short last minibatch too
      DataSet minibatch = new DataSet(Nd4j.rand(DataType.FLOAT, batch, 2, 13, 11).muli(4).subi(1),
          Nd4j.eye(4).getRows(java.util.stream.IntStream.range(0, batch).map(i -> i % 4).toArray()).castTo(DataType.FLOAT));
      plain.fit(minibatch);
      installed.fit(minibatch);
    }
    assertArrayEquals(plain.params().data().asFloat(), installed.params().data().asFloat(), "the same parameters, bit for bit");
    var input = Nd4j.rand(DataType.FLOAT, 4, 2, 13, 11);
    assertArrayEquals(plain.output(input).data().asFloat(), installed.output(input).data().asFloat());
  }
}
