package dev.sparkcnn.model;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;

/** Frozen layers (from finetune) compute what the layer they wrap computes; only training treats them apart. */
public final class FrozenLayers {
  private FrozenLayers() {}

  /** The layer {@code layer} wraps, however deep, or {@code layer} itself when it is not frozen. */
  public static Layer underlying(Layer layer) {
    if (layer instanceof FrozenLayer frozen) {
      return underlying(frozen.getLayer());
    }
    return layer instanceof FrozenLayerWithBackprop frozen ? underlying(frozen.getUnderlying()) : layer;
  }
}
