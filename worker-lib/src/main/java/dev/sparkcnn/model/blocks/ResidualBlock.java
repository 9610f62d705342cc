package dev.sparkcnn.model.blocks;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;

/**
 * A basic residual block (He et al. 2016): two 3x3 convolutions, the first with ReLU, added to the
 * block's input, then ReLU. The skip is the identity where the block keeps channels and size, and
 * a 1x1 convolution with the block's stride (a projection) where it changes either.
 *
 * @param channels filters of both convolutions
 * @param stride stride of the first convolution: 2 where the block halves the feature map
 */
public record ResidualBlock(int channels, int stride) {

  /**
   * Adds the block's vertices, all named {@code name-...}, to {@code graph}.
   *
   * @return the block's output: the vertex after the sum's ReLU
   */
  public FeatureMaps addTo(GraphBuilder graph, LayerFactory layers, String name, FeatureMaps input) {
    if (!layers.keepsSize(ConvolutionMode.Same)) {
      throw new IllegalArgumentException("a residual block needs \"same\" padding: its skip adds feature maps of equal size");
    }
    ConvUnit first = layers.conv(input.channels(), channels, 3, stride, ConvolutionMode.Same, true);
    ConvUnit second = layers.conv(first.channels(), channels, 3, 1, ConvolutionMode.Same, false);
    int totalStride = layers.strideOf(stride) * layers.strideOf(1);
    String skip = input.vertex();
    if (totalStride != 1 || second.channels() != input.channels()) {
      skip = layers.pointwise(input.channels(), second.channels(), totalStride, false)
          .addTo(graph, name + "-projection", input.vertex());
    }
    String firstOut = first.addTo(graph, name + "-conv1", input.vertex());
    String branch = second.addTo(graph, name + "-conv2", firstOut);
    graph.addVertex(name + "-add", new ElementWiseVertex(ElementWiseVertex.Op.Add), branch, skip);
    graph.addLayer(name, new ActivationLayer.Builder().activation(layers.activation()).build(), name + "-add");
    return new FeatureMaps(name, second.channels());
  }
}
