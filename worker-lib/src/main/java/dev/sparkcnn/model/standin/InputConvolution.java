package dev.sparkcnn.model.standin;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's 2D convolution, for the layer that reads the network's input images: its backward pass
 * computes the gradients of its own weights and bias, and not the gradient with respect to the
 * images, which nothing uses in training. DL4J's layer computes that one always; through oneDNN
 * it was the most expensive step of LeNet-5's training (DNNL_VERBOSE: the backward-data kernel for
 * its single input channel cost several times the layer's forward convolution).
 *
 * <p>Everything else, the forward pass included, is DL4J's own, and every setting is the plain
 * layer's. Model files never hold this class: {@link dev.sparkcnn.model.CnnNetwork} writes the plain layer, and
 * installs this one again ({@link StandIns}) on every network it builds or reads.
 */
public class InputConvolution extends ConvolutionLayer {
  /** For DL4J's JSON reader, which builds layers by their class name. */
  public InputConvolution() {}

  /** This layer with every setting of {@code plain}. */
  static InputConvolution of(ConvolutionLayer plain) {
    return StandIns.copyAs(plain, InputConvolution.class);
  }

  /** The plain DL4J layer with this one's settings. */
  public ConvolutionLayer plain() {
    return StandIns.copyAs(this, ConvolutionLayer.class);
  }

  /** Whether DL4J's layer {@code layer} can be replaced by this one: a plain NCHW 2D convolution. */
  static boolean replaces(Layer layer) {
    return layer != null && layer.getClass() == ConvolutionLayer.class
        && ((ConvolutionLayer) layer).getCnn2dDataFormat() == CNN2DFormat.NCHW;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
      int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    LayerValidation.assertNInNOutSet("InputConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
    InputConvolutionLayer layer = new InputConvolutionLayer(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public InputConvolution clone() {
    return (InputConvolution) super.clone();
  }
}
