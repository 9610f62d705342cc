package dev.sparkcnn.onnx;

import java.util.Arrays;

/**
 * A value of the graph being written: its name, and its shape for one image, without the batch
 * dimension ({@code [channels, height, width]} for feature maps, {@code [features]} after a dense
 * layer). Shapes are tracked here, not asked of DL4J, because "same" padding in ONNX needs the
 * explicit pads that DL4J computes from the input's size.
 */
record Tensor(String name, long[] shape) {

  Tensor {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  boolean isFeatureMap() {
    return shape.length == 3;
  }

  long channels() {
    return shape[0];
  }

  long height() {
    return shape[1];
  }

  long width() {
    return shape[2];
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
