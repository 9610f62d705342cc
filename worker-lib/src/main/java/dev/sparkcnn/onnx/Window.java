package dev.sparkcnn.onnx;

import org.deeplearning4j.nn.conf.ConvolutionMode;

/**
 * Where a convolution or pooling window goes over a feature map, as DL4J places it: its ONNX
 * pads and the output's height and width.
 *
 * @param pads ONNX order: top, left, bottom, right
 */
record Window(long[] pads, long height, long width) {

  /**
   * The window over {@code in}: "same" mode pads to ceil(in / stride) outputs, half the padding
   * top and left and the odd pixel bottom and right (ONNX's SAME_UPPER), explicit pads ignored;
   * "truncate" and "strict" pad by {@code padding} on both sides and drop what does not fit.
   */
  static Window of(String layer, Tensor in, int[] kernel, int[] stride, int[] dilation, int[] padding, ConvolutionMode mode) {
    long[] pads = new long[4];
    long[] out = new long[2];
    long[] size = {in.height(), in.width()};
    for (int axis = 0; axis < 2; axis++) {
      long effective = (long) (kernel[axis] - 1) * dilation[axis] + 1;
      switch (mode) {
        case Same -> {
          out[axis] = (size[axis] + stride[axis] - 1) / stride[axis];
          long total = Math.max(0, (out[axis] - 1) * stride[axis] + effective - size[axis]);
          pads[axis] = total / 2;
          pads[axis + 2] = total - total / 2;
        }
        case Truncate, Strict -> {
          pads[axis] = padding[axis];
          pads[axis + 2] = padding[axis];
          out[axis] = (size[axis] + 2L * padding[axis] - effective) / stride[axis] + 1;
        }
        default -> throw new UnexportableLayerException(layer, "its convolution mode " + mode + " has no ONNX rule here");
      }
      if (out[axis] < 1) {
        throw new UnexportableLayerException(layer, "its window leaves no output from " + in);
      }
    }
    return new Window(pads, out[0], out[1]);
  }
}
