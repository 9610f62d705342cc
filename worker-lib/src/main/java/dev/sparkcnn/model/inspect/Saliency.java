package dev.sparkcnn.model.inspect;

import dev.sparkcnn.model.BatchNormStatistics;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.FrozenLayers;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.standin.InputConvolution;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossWasserstein;

/**
 * Saliency maps (Simonyan et al., 2014): the gradient of one class's score, its logit before the
 * softmax, with respect to every input pixel, for the network in inference mode.
 *
 * <p>One backward pass through a copy of the network made for it, in which a training-mode pass
 * computes exactly what inference computes: no dropout; every batch norm replaced by the
 * per-channel affine map it applies in inference, {@code gamma (x - mean) / std + beta}, as a 1x1
 * depthwise convolution (or an element-wise layer after dense layers); and an output layer that
 * emits the logits under a loss whose gradient is the one-hot label (Wasserstein's, the mean of
 * label x output). DL4J's batch norm cannot be differentiated in inference mode, and its input
 * gradients are otherwise computed only in training mode. The network itself is not changed.
 */
public final class Saliency {
  private static final String PIXELS = "saliency-pixels";
  private final CnnNetwork copy;
  private final int numClasses;

  private Saliency(CnnNetwork copy, int numClasses) {
    this.copy = copy;
    this.numClasses = numClasses;
  }

  /** The copy of {@code network}, which takes images of {@code input}. */
  public static Saliency of(CnnNetwork network, ImageShape input) {
    INDArray probe = Nd4j.zeros(network.params().dataType(), 1, input.channels(), input.height(), input.width());
    if (network.sequential().isPresent()) {
      MultiLayerNetwork source = network.sequential().get();
      List<INDArray> activations = source.feedForward(probe, false);
      MultiLayerConfiguration conf = source.getLayerWiseConfigurations().clone();
      withoutWorkspaces(conf::setTrainingWorkspaceMode, conf::setInferenceWorkspaceMode);
      int last = conf.getConfs().size() - 1;
      Map<Integer, BatchNormalization> replaced = new HashMap<>();
      for (int i = 0; i < last; i++) {
        NeuralNetConfiguration layer = conf.getConf(i);
        if (FrozenLayers.underlying(layer.getLayer()) instanceof BatchNormalization bn) {
          replaced.put(i, bn);
        }
        layer.setLayer(inference(layer.getLayer(), activations.get(i).rank()));
      }
      int classes = asScores(conf.getConf(last).getLayer());
      MultiLayerNetwork copy = new MultiLayerNetwork(conf);
      copy.init();
      for (int i = 0; i <= last; i++) {
        copyParameters(source.getLayer(i), copy.getLayer(i), replaced.get(i));
      }
      return new Saliency(CnnNetwork.of(copy), classes);
    }
    ComputationGraph source = network.graph().orElseThrow();
    Map<String, INDArray> activations = source.feedForward(probe, false);
    ComputationGraphConfiguration conf = source.getConfiguration().clone();
    withoutWorkspaces(conf::setTrainingWorkspaceMode, conf::setInferenceWorkspaceMode);
    if (conf.getNetworkOutputs().size() != 1 || conf.getNetworkInputs().size() != 1) {
      throw new IllegalArgumentException("saliency maps need a graph with one input and one output");
    }
    String output = conf.getNetworkOutputs().get(0);
    int classes = 0;
    Map<String, BatchNormalization> replaced = new HashMap<>();
    for (Map.Entry<String, GraphVertex> entry : conf.getVertices().entrySet()) {
      if (entry.getValue() instanceof LayerVertex vertex) {
        NeuralNetConfiguration layer = vertex.getLayerConf();
        if (entry.getKey().equals(output)) {
          classes = asScores(layer.getLayer());
          continue;
        }
        if (FrozenLayers.underlying(layer.getLayer()) instanceof BatchNormalization bn) {
          replaced.put(entry.getKey(), bn);
        }
        int rank = activations.get(conf.getVertexInputs().get(entry.getKey()).get(0)).rank();
        layer.setLayer(inference(layer.getLayer(), rank));
      }
    }
    // The graph's input vertex drops its gradient; a pass-through vertex after it records it for maps().
    String images = conf.getNetworkInputs().get(0);
    for (Map.Entry<String, List<String>> inputs : conf.getVertexInputs().entrySet()) {
      inputs.setValue(inputs.getValue().stream().map(v -> v.equals(images) ? PIXELS : v).toList());
    }
    conf.getVertices().put(PIXELS, new PixelGradient());
    conf.getVertexInputs().put(PIXELS, List.of(images));
    conf.setTopologicalOrder(null);
    conf.setTopologicalOrderStr(null);
    ComputationGraph copy = new ComputationGraph(conf);
    copy.init();
    for (org.deeplearning4j.nn.api.Layer layer : source.getLayers()) {
      String name = layer.conf().getLayer().getLayerName();
      copyParameters(layer, copy.getLayer(name), replaced.get(name));
    }
    return new Saliency(CnnNetwork.of(copy), classes);
  }

  private static void withoutWorkspaces(Consumer<WorkspaceMode> training, Consumer<WorkspaceMode> inference) {
    // Workspaces would scope the input gradient to the backward pass; this copy reads it afterwards.
    training.accept(WorkspaceMode.NONE);
    inference.accept(WorkspaceMode.NONE);
  }

  /**
   * The layer as inference computes it: without dropout, and batch norm as its affine map. A
   * frozen layer (from finetune) is unwrapped, since DL4J's frozen layers pass no gradient back.
   */
  private static Layer inference(Layer layer, int inputRank) {
    Layer underlying = FrozenLayers.underlying(layer);
    if (underlying != layer) {
      return inference(underlying, inputRank);
    }
    if (layer instanceof InputConvolution input) {
      // Saliency needs the very gradient that layer leaves out.
      return inference(input.plain(), inputRank);
    }
    if (layer instanceof BatchNormalization bn) {
      long channels = bn.getNOut();
      Layer affine = inputRank == 4
          ? new DepthwiseConvolution2D.Builder(1, 1).nIn(channels).nOut(channels).depthMultiplier(1)
              .convolutionMode(ConvolutionMode.Same).hasBias(true).activation(Activation.IDENTITY)
              .weightInit(WeightInit.ONES).biasInit(0).updater(new NoOp()).build()
          : new ElementWiseMultiplicationLayer.Builder().nIn(channels).nOut(channels).activation(Activation.IDENTITY)
              .weightInit(WeightInit.ONES).biasInit(0).updater(new NoOp()).build();
      affine.setLayerName(bn.getLayerName());
      return affine;
    }
    Layer plain = layer.clone();
    plain.setIDropout(null);
    return plain;
  }

  private static void copyParameters(org.deeplearning4j.nn.api.Layer from, org.deeplearning4j.nn.api.Layer to, BatchNormalization bn) {
    if (bn == null) {
      from.paramTable().forEach((key, value) -> to.setParam(key, value));
      return;
    }
    BatchNormStatistics statistics = BatchNormStatistics.of(bn, from.paramTable());
    INDArray scale = statistics.scale();
    INDArray shift = statistics.shift();
    to.setParam("W", scale.reshape(to.getParam("W").shape()));
    to.setParam("b", shift.reshape(to.getParam("b").shape()));
  }

  private static int asScores(Layer layer) {
    if (!(layer instanceof BaseOutputLayer out)) {
      throw new IllegalArgumentException("the network ends in a " + layer.getClass().getSimpleName() + ", not an output layer");
    }
    out.setIDropout(null);
    out.setActivationFn(new ActivationIdentity());
    out.setLossFn(new LossWasserstein());
    return (int) out.getNOut();
  }

  /** The class scores (logits) of NCHW {@code images}, [n, classes]. */
  public INDArray scores(INDArray images) {
    return copy.output(images);
  }

  /**
   * d score[{@code classes[i]}] / d pixel, for every image i at once.
   *
   * @param images NCHW, as the network takes them
   * @return the gradients, the shape of {@code images}
   */
  public INDArray maps(INDArray images, int[] classes) {
    long n = images.size(0);
    if (classes.length != n) {
      throw new IllegalArgumentException(n + " images but " + classes.length + " classes");
    }
    // Wasserstein's loss is the mean over the classes of label x score, so its gradient is label / numClasses.
    INDArray labels = Nd4j.zeros(images.dataType(), n, numClasses);
    for (int i = 0; i < n; i++) {
      labels.putScalar(i, classes[i], numClasses);
    }
    INDArray gradient;
    if (copy.sequential().isPresent()) {
      gradient = copy.sequential().get().calculateGradients(images, labels, null, null).getSecond();
    } else {
      ComputationGraph graph = copy.graph().orElseThrow();
      graph.setInputs(images);
      graph.setLabels(labels);
      graph.computeGradientAndScore();
      gradient = ((PixelGradient.Recorder) graph.getVertex(PIXELS)).recorded;
    }
    return gradient.dup().reshape(images.shape());
  }

  /** Configuration of a vertex that passes its input through unchanged and records the gradient that comes back. */
  private static final class PixelGradient extends ScaleVertex {
    PixelGradient() {
      super(1.0);
    }

    @Override
    public PixelGradient clone() {
      return new PixelGradient();
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int index,
        INDArray params, boolean initializeParams, DataType dataType) {
      return new Recorder(graph, name, index, dataType);
    }

    private static final class Recorder extends org.deeplearning4j.nn.graph.vertex.impl.ScaleVertex {
      private INDArray recorded;

      Recorder(ComputationGraph graph, String name, int index, DataType dataType) {
        super(graph, name, index, 1.0, dataType);
      }

      @Override
      public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaces) {
        Pair<Gradient, INDArray[]> result = super.doBackward(tbptt, workspaces);
        recorded = result.getSecond()[0].dup();
        return result;
      }
    }
  }
}
