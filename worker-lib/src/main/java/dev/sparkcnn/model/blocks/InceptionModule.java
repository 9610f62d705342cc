package dev.sparkcnn.model.blocks;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.MergeVertex;

/**
 * An inception module (Szegedy et al. 2015, GoogLeNet's "with dimension reductions"): four
 * parallel branches over the same input, concatenated along channels: a 1x1 convolution; a 1x1
 * reduction then a 3x3; a 1x1 reduction then a 5x5; a 3x3 pool (stride 1) then a 1x1 projection.
 * Every branch keeps the input's height and width, so their outputs stack.
 *
 * @param ones filters of the 1x1 branch
 * @param threeReduce filters of the 1x1 reduction before the 3x3
 * @param threes filters of the 3x3
 * @param fiveReduce filters of the 1x1 reduction before the 5x5
 * @param fives filters of the 5x5
 * @param poolProjection filters of the 1x1 after the pool
 */
public record InceptionModule(int ones, int threeReduce, int threes, int fiveReduce, int fives, int poolProjection) {

  /** This module's branches with every width multiplied by {@code factor}. */
  public InceptionModule times(int factor) {
    return new InceptionModule(ones * factor, threeReduce * factor, threes * factor, fiveReduce * factor,
        fives * factor, poolProjection * factor);
  }

  /**
   * Adds the module's vertices, all named {@code name-...}, to {@code graph}.
   *
   * @return the concatenation, named {@code name}
   */
  public FeatureMaps addTo(GraphBuilder graph, LayerFactory layers, String name, FeatureMaps input) {
    int in = input.channels();
    String from = input.vertex();
    String one = layers.pointwise(in, ones, 1, true).addTo(graph, name + "-1x1", from);

    String reduced3 = layers.pointwise(in, threeReduce, 1, true).addTo(graph, name + "-3x3-reduce", from);
    ConvUnit three = layers.sizeKeepingConv(threeReduce, threes, 3, true);
    String threeOut = three.addTo(graph, name + "-3x3", reduced3);

    String reduced5 = layers.pointwise(in, fiveReduce, 1, true).addTo(graph, name + "-5x5-reduce", from);
    ConvUnit five = layers.sizeKeepingConv(fiveReduce, fives, 5, true);
    String fiveOut = five.addTo(graph, name + "-5x5", reduced5);

    graph.addLayer(name + "-pool", layers.sizeKeepingPool(3), from);
    String pooled = layers.pointwise(in, poolProjection, 1, true).addTo(graph, name + "-pool-1x1", name + "-pool");

    graph.addVertex(name, new MergeVertex(), one, threeOut, fiveOut, pooled);
    return new FeatureMaps(name, ones + three.channels() + five.channels() + poolProjection);
  }
}
