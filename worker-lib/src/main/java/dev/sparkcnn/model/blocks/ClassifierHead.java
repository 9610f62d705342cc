package dev.sparkcnn.model.blocks;

import dev.sparkcnn.model.LayerOptions;
import dev.sparkcnn.model.NetworkSettings;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration.ListBuilder;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.DenseLayer;

/**
 * The end of a sequential CNN: the trunk's feature maps, globally pooled if the options say so,
 * then fully connected ReLU layers and the softmax.
 *
 * @param widths units of each hidden dense layer, in order; empty for none
 * @param dropout probability of dropping each hidden layer's output (applied on the next layer's
 *     input, as DL4J does); 0 for none
 */
public record ClassifierHead(int[] widths, double dropout) {

  public void addTo(ListBuilder network, NetworkSettings s, LayerFactory layers, LayerOptions.GlobalPooling ownPooling) {
    layers.globalPooling(ownPooling).ifPresent(network::layer);
    IDropout drop = NetworkSettings.dropoutLayer(dropout);
    for (int i = 0; i < widths.length; i++) {
      // The first dense layer takes the conv trunk's output, which this head does not drop.
      network.layer(new DenseLayer.Builder().nOut(widths[i]).dropOut(i == 0 ? null : drop).build());
    }
    network.layer(s.softmaxOutput(widths.length == 0 ? 0 : dropout));
  }
}
