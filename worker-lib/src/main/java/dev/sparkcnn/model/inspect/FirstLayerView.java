package dev.sparkcnn.model.inspect;

import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.standin.StandIns;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a network's first layer learned and what it sees: its convolution filters and the feature
 * maps it computes for an image, in inference mode. Depthwise and separable first layers have
 * other weight layouts, and a network may start with something else; then there is nothing to show.
 */
public final class FirstLayerView {
  private final CnnNetwork network;
  private final Layer first;

  private FirstLayerView(CnnNetwork network, Layer first) {
    this.network = network;
    this.first = first;
  }

  /** The view of {@code network}'s first layer, when that is a standard (or dilated) convolution. */
  public static Optional<FirstLayerView> of(CnnNetwork network) {
    Layer first = network.parameterizedLayers().get(0);
    org.deeplearning4j.nn.conf.layers.Layer conf = first.conf().getLayer();
    boolean standard = StandIns.dl4jClass(conf) == ConvolutionLayer.class && first.getParam("W").rank() == 4;
    return standard ? Optional.of(new FirstLayerView(network, first)) : Optional.empty();
  }

  /** The layer's name, as DL4J's configuration gives it. */
  public String layerName() {
    return first.conf().getLayer().getLayerName();
  }

  /** The filters, [filters, input channels, kernel height, kernel width]; a copy. */
  public INDArray filters() {
    return first.getParam("W").dup();
  }

  /** The layer's output for one image [1, c, h, w]: [filters, height, width] after its activation. */
  public INDArray featureMaps(INDArray image) {
    INDArray out;
    if (network.sequential().isPresent()) {
      int index = first.getIndex();
      out = network.sequential().get().feedForwardToLayer(index, image, false).get(index + 1);
    } else {
      Map<String, INDArray> all = network.graph().orElseThrow().feedForward(image, false);
      out = all.get(layerName());
    }
    return out.reshape(out.shape()[1], out.shape()[2], out.shape()[3]).dup();
  }
}
