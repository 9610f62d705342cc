package dev.sparkcnn.model.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.CnnArchitecture;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.GraphArchitecture;
import dev.sparkcnn.model.ModelZip;
import dev.sparkcnn.model.SequentialArchitecture;
import dev.sparkcnn.model.TestNetworks;
import dev.sparkcnn.model.zoo.AlexNetMnist;
import dev.sparkcnn.model.zoo.InceptionMnist;
import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.model.zoo.ResNetMnist;
import dev.sparkcnn.model.zoo.SimpleCnn;
import dev.sparkcnn.model.zoo.VggMnist;
import dev.sparkcnn.runtime.NativeRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The stand-ins change no gradient and leave no trace in model files: on every catalog network,
 * each parameter's gradient is the one DL4J computes with its own classes.
 */
class StandInsTest {
  /** The network DL4J builds from the architecture's configuration as it stands, with DL4J's classes only. */
  private static CnnNetwork plain(String name) {
    CnnArchitecture architecture = ModelCatalog.get(name);
    if (architecture instanceof SequentialArchitecture sequential) {
      MultiLayerNetwork network = new MultiLayerNetwork(sequential.configuration(TestNetworks.mnist()));
      network.init();
      return CnnNetwork.of(network);
    }
    ComputationGraph network = new ComputationGraph(((GraphArchitecture) architecture).configuration(TestNetworks.mnist()));
    network.init();
    return CnnNetwork.of(network);
  }

  /** The activation of every layer that has one, in the configuration's order. */
  private static List<IActivation> activations(CnnNetwork network) {
    List<org.deeplearning4j.nn.conf.layers.Layer> layers = new ArrayList<>();
    network.sequential().ifPresent(n -> n.getLayerWiseConfigurations().getConfs().forEach(c -> layers.add(c.getLayer())));
    network.graph().ifPresent(g -> {
      for (GraphVertex vertex : g.getConfiguration().getVertices().values()) {
        if (vertex instanceof LayerVertex layer) {
          layers.add(layer.getLayerConf().getLayer());
        }
      }
    });
    List<IActivation> found = new ArrayList<>();
    for (org.deeplearning4j.nn.conf.layers.Layer layer : layers) {
      if (layer instanceof BaseLayer base) {
        found.add(base.getActivationFn());
      } else if (layer instanceof ActivationLayer activation) {
        found.add(activation.getActivationFn());
      }
    }
    return found;
  }

  @ParameterizedTest
  @ValueSource(strings = {LeNet5.NAME, SimpleCnn.NAME, AlexNetMnist.NAME, VggMnist.NAME, ResNetMnist.NAME, InceptionMnist.NAME})
  void everyParameterGradientIsDl4jsOwn(String name) {
    CnnNetwork installed = ModelCatalog.get(name).build(TestNetworks.mnist());
    CnnNetwork plain = plain(name);
    plain.params().assign(installed.params());
    Layer first = installed.parameterizedLayers().get(0);
    assertInstanceOf(InputConvolution.class, first.conf().getLayer(), name + ": the images enter through " + first.conf().getLayer());
    assertEquals(ConvolutionLayer.class, plain.parameterizedLayers().get(0).conf().getLayer().getClass());
    long relus = activations(plain).stream().filter(a -> a.getClass() == ActivationReLU.class).count();
    assertTrue(relus > 0, name + " has ReLUs");
    assertEquals(relus, activations(installed).stream().filter(a -> a instanceof StepReLU).count(), name + ": every ReLU replaced");

    DataSet minibatch = TestNetworks.minibatch(16);
    INDArray expected = TestNetworks.gradient(plain, minibatch);
    INDArray actual = TestNetworks.gradient(installed, minibatch);
    TestNetworks.assertClose(expected, actual, name);
  }

  /**
   * With DL4J's oneDNN helpers on, as on the Spark JVMs, every batch normalization of the networks
   * that have them trains through the stand-in's helper (its own backward pass), and the gradients
   * are still DL4J's, computed with DL4J's helper.
   */
  @ParameterizedTest
  @ValueSource(strings = {ResNetMnist.NAME, InceptionMnist.NAME})
  void withLayerHelpersOnTheBatchNormGradientsAreDl4jsOwn(String name) throws Exception {
    String before = System.getProperty(NativeRuntime.HELPERS_PROPERTY);
    System.setProperty(NativeRuntime.HELPERS_PROPERTY, "false");
    try {
      CnnNetwork installed = ModelCatalog.get(name).build(TestNetworks.mnist());
      CnnNetwork plain = plain(name);
      plain.params().assign(installed.params());
      Field helper = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class.getDeclaredField("helper");
      helper.setAccessible(true);
      long standIns = 0;
      for (Layer layer : installed.parameterizedLayers()) {
        if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization bn) {
          assertInstanceOf(MomentsBatchNormHelper.class, helper.get(bn), name + ": " + layer.conf().getLayer().getLayerName());
          standIns++;
        }
      }
      assertTrue(standIns > 0, name + " has batch normalizations");
      DataSet minibatch = TestNetworks.minibatch(16);
      TestNetworks.assertClose(TestNetworks.gradient(plain, minibatch), TestNetworks.gradient(installed, minibatch), name);
    } finally {
      if (before == null) {
        System.clearProperty(NativeRuntime.HELPERS_PROPERTY);
      } else {
        System.setProperty(NativeRuntime.HELPERS_PROPERTY, before);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {LeNet5.NAME, ResNetMnist.NAME})
  void modelFilesNameDl4jsClassesOnlyAndReadingInstallsTheStandInsAgain(String name) throws IOException {
    CnnNetwork network = ModelCatalog.get(name).build(TestNetworks.mnist());
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    network.write(zip, true);
    String json = new String(ModelZip.read(zip.toByteArray(), "test").entry(ModelZip.CONFIGURATION), StandardCharsets.UTF_8);
    assertFalse(json.contains("dev.sparkcnn"), "a model file names a class of spark-cnn's");
    assertTrue(json.contains(ConvolutionLayer.class.getName()));
    assertTrue(json.contains(ActivationReLU.class.getName()));

    CnnNetwork read = CnnNetwork.read(zip.toByteArray(), true);
    assertInstanceOf(InputConvolution.class, read.parameterizedLayers().get(0).conf().getLayer());
    assertEquals(activations(network).stream().map(Object::getClass).toList(),
        activations(read).stream().map(Object::getClass).toList());
    assertEquals(network.params(), read.params());
    assertEquals(InputConvolution.of((ConvolutionLayer) plain(name).parameterizedLayers().get(0).conf().getLayer()).plain(),
        plain(name).parameterizedLayers().get(0).conf().getLayer(), "a round trip through the input layer changed a setting");
  }

  @Test
  void onlyPlainReLUsAreReplacedWrappedOnesToo() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .list()
        .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().nOut(8).activation(new ActivationReLU(6.0, null, null)).build())
        .layer(new DenseLayer.Builder().nOut(8).activation(new ActivationReLU(null, 0.5, null)).build())
        .layer(new DenseLayer.Builder().nOut(8).activation(new ActivationLReLU(0.1)).build())
        .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
        .layer(new FrozenLayerWithBackprop(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build()))
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.feedForward(5))
        .build();
    MultiLayerConfiguration installed = StandIns.install(conf);
    List<Class<?>> classes = new ArrayList<>();
    for (NeuralNetConfiguration layer : installed.getConfs()) {
      org.deeplearning4j.nn.conf.layers.Layer l = layer.getLayer();
      if (l instanceof FrozenLayerWithBackprop frozen) {
        l = frozen.getUnderlying();
      }
      classes.add(l instanceof BaseLayer b ? b.getActivationFn().getClass() : ((ActivationLayer) l).getActivationFn().getClass());
    }
    assertEquals(List.of(StepReLU.class, ActivationReLU.class, ActivationReLU.class, ActivationLReLU.class, StepReLU.class,
        StepReLU.class, org.nd4j.linalg.activations.impl.ActivationSoftmax.class), classes);
  }
}
