package dev.sparkcnn.onnx;

import static dev.sparkcnn.onnx.OnnxGraph.integer;
import static dev.sparkcnn.onnx.OnnxGraph.ints;
import static dev.sparkcnn.onnx.OnnxGraph.real;

import dev.sparkcnn.model.BatchNormStatistics;
import dev.sparkcnn.model.standin.StandIns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onnx.Onnx.AttributeProto;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One DL4J layer as ONNX nodes computing what the layer computes in inference: dropout is the
 * identity, batch norm uses its running statistics. Weights are laid out as ONNX wants them (DL4J's
 * depthwise kernels are reordered; its dense weights are already [in, out] for Gemm), and "same"
 * padding becomes the explicit pads DL4J applies, extra pixel bottom and right.
 */
final class LayerExport {
  private final OnnxGraph graph;

  LayerExport(OnnxGraph graph) {
    this.graph = graph;
  }

  /** {@code layer} (frozen wrappers already removed), named {@code name}, applied to {@code in}. */
  Tensor apply(String name, Layer layer, Map<String, INDArray> params, Tensor in) {
    if (layer instanceof SeparableConvolution2D separable) {
      return activation(name, separable.getActivationFn(), separable(name, separable, params, in));
    }
    if (layer instanceof DepthwiseConvolution2D depthwise) {
      return activation(name, depthwise.getActivationFn(), depthwise(name, depthwise, params, in));
    }
    if (layer instanceof ConvolutionLayer conv) {
      if (StandIns.dl4jClass(conv) != ConvolutionLayer.class) {
        throw new UnexportableLayerException(name, "it is a " + conv.getClass().getSimpleName()
            + "; the standard, depthwise, separable and dilated 2D convolutions are exported");
      }
      return activation(name, conv.getActivationFn(), convolution(name, conv, params, in));
    }
    if (layer instanceof SubsamplingLayer pool) {
      if (pool.getClass() != SubsamplingLayer.class) {
        throw new UnexportableLayerException(name, "it is a " + pool.getClass().getSimpleName() + "; 2D pooling is exported");
      }
      return pooling(name, pool, in);
    }
    if (layer instanceof GlobalPoolingLayer global) {
      return globalPooling(name, global, in);
    }
    if (layer instanceof BatchNormalization bn) {
      // No activation: DL4J's batch norm ignores the one it is configured with (models saved before
      // spark-cnn put ReLU in a layer of its own carry one there that never ran).
      return batchNorm(name, bn, params, in);
    }
    if (layer instanceof BaseOutputLayer output) {
      return activation(name, output.getActivationFn(), dense(name, params, output.hasBias(), in));
    }
    if (layer instanceof DenseLayer dense) {
      if (dense.hasLayerNorm()) {
        throw new UnexportableLayerException(name, "it is a dense layer with layer normalization");
      }
      return activation(name, dense.getActivationFn(), dense(name, params, dense.hasBias(), in));
    }
    if (layer instanceof ActivationLayer activation) {
      return activation(name, activation.getActivationFn(), in);
    }
    if (layer instanceof DropoutLayer) {
      return in;
    }
    throw new UnexportableLayerException(name, "ONNX export has no rule for DL4J's " + layer.getClass().getSimpleName());
  }

  /** What DL4J does to a layer's input before the layer sees it. */
  Tensor preprocess(String name, InputPreProcessor preprocessor, Tensor in) {
    if (preprocessor instanceof CnnToFeedForwardPreProcessor flatten) {
      if (flatten.getFormat() != CNN2DFormat.NCHW) {
        throw new UnexportableLayerException(name, "its input is flattened from " + flatten.getFormat() + "; only NCHW is exported");
      }
      return flatten(name, in);
    }
    throw new UnexportableLayerException(name, "its input goes through DL4J's " + preprocessor.getClass().getSimpleName()
        + ", which has no ONNX rule");
  }

  /** A merge vertex: its inputs stacked along {@code axis} (DL4J counts the batch as axis 0). */
  Tensor concat(String name, int axis, List<Tensor> in) {
    long[] shape = in.get(0).shape();
    if (axis < 1 || axis > shape.length) {
      throw new UnexportableLayerException(name, "it merges along axis " + axis + " of a rank-" + (shape.length + 1) + " input");
    }
    long stacked = 0;
    for (Tensor t : in) {
      stacked += t.shape()[axis - 1];
    }
    shape[axis - 1] = stacked;
    return new Tensor(graph.node("Concat", name, in.stream().map(Tensor::name).toList(), integer("axis", axis)), shape);
  }

  /** An element-wise vertex over inputs of one shape: residual additions, among others. */
  Tensor elementWise(String name, ElementWiseVertex.Op op, List<Tensor> in) {
    List<String> names = in.stream().map(Tensor::name).toList();
    String out = switch (op) {
      case Add -> graph.node(in.size() == 2 ? "Add" : "Sum", name, names);
      case Average -> graph.node("Mean", name, names);
      case Max -> graph.node("Max", name, names);
      case Subtract -> graph.node("Sub", name, names);
      case Product -> {
        String product = names.get(0);
        for (int i = 1; i < names.size(); i++) {
          product = graph.node("Mul", name, List.of(product, names.get(i)));
        }
        yield product;
      }
    };
    return new Tensor(out, in.get(0).shape());
  }

  private Tensor convolution(String name, ConvolutionLayer conv, Map<String, INDArray> params, Tensor in) {
    requireNchw(name, conv.getCnn2dDataFormat(), in);
    long out = conv.getNOut();
    int[] k = conv.getKernelSize();
    String w = graph.weight(name + "_W", params.get("W"), out, in.channels(), k[0], k[1]);
    return conv(name, in, w, conv.hasBias() ? params.get("b") : null, out, k, conv.getStride(), conv.getDilation(),
        conv.getPadding(), conv.getConvolutionMode(), 1);
  }

  private Tensor depthwise(String name, DepthwiseConvolution2D conv, Map<String, INDArray> params, Tensor in) {
    // DL4J keeps the kernels as [kH, kW, in, multiplier].
    return depthwise(name, conv, conv.getDepthMultiplier(), params.get("W").permute(2, 3, 0, 1),
        conv.hasBias() ? params.get("b") : null, in);
  }

  private Tensor separable(String name, SeparableConvolution2D conv, Map<String, INDArray> params, Tensor in) {
    // DL4J keeps the depthwise kernels as [multiplier, in, kH, kW] and the pointwise ones as [out, in * multiplier, 1, 1].
    Tensor depth = depthwise(name + "_depthwise", conv, conv.getDepthMultiplier(), params.get("W").permute(1, 0, 2, 3),
        null, in);
    long out = conv.getNOut();
    String pw = graph.weight(name + "_pointwise_W", params.get("pW"), out, depth.channels(), 1, 1);
    return conv(name + "_pointwise", depth, pw, conv.hasBias() ? params.get("b") : null, out, new int[] {1, 1},
        new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0}, ConvolutionMode.Truncate, 1);
  }

  /**
   * A depthwise convolution as an ONNX grouped Conv, one group per input channel: output channel
   * c * multiplier + m is group c's m-th filter, as in DL4J.
   *
   * @param kernels [in, multiplier, kH, kW]
   */
  private Tensor depthwise(String name, ConvolutionLayer conv, long multiplier, INDArray kernels, INDArray bias, Tensor in) {
    requireNchw(name, conv.getCnn2dDataFormat(), in);
    long out = in.channels() * multiplier;
    int[] k = conv.getKernelSize();
    String w = graph.weight(name + "_W", kernels, out, 1, k[0], k[1]);
    return conv(name, in, w, bias, out, k, conv.getStride(), conv.getDilation(), conv.getPadding(),
        conv.getConvolutionMode(), in.channels());
  }

  private Tensor conv(String name, Tensor in, String weight, INDArray bias, long outChannels, int[] kernel,
      int[] stride, int[] dilation, int[] padding, ConvolutionMode mode, long group) {
    Window window = Window.of(name, in, kernel, stride, dilation, padding, mode);
    List<String> inputs = new ArrayList<>(List.of(in.name(), weight));
    if (bias != null) {
      inputs.add(graph.weight(name + "_b", bias, outChannels));
    }
    String out = graph.node("Conv", name, inputs, ints("kernel_shape", kernel[0], kernel[1]),
        ints("strides", stride[0], stride[1]), ints("dilations", dilation[0], dilation[1]), ints("pads", window.pads()),
        integer("group", group));
    return new Tensor(out, new long[] {outChannels, window.height(), window.width()});
  }

  private Tensor pooling(String name, SubsamplingLayer pool, Tensor in) {
    requireNchw(name, pool.getCnn2dDataFormat(), in);
    int[] k = pool.getKernelSize();
    int[] stride = pool.getStride();
    int[] dilation = pool.getDilation();
    Window window = Window.of(name, in, k, stride, dilation, pool.getPadding(), pool.getConvolutionMode());
    List<AttributeProto> attributes = new ArrayList<>(List.of(ints("kernel_shape", k[0], k[1]),
        ints("strides", stride[0], stride[1]), ints("pads", window.pads())));
    String op;
    if (pool.getPoolingType() == PoolingType.MAX) {
      op = "MaxPool";
      attributes.add(ints("dilations", dilation[0], dilation[1]));
    } else if (pool.getPoolingType() == PoolingType.AVG) {
      op = "AveragePool";
      if (dilation[0] != 1 || dilation[1] != 1) {
        throw new UnexportableLayerException(name, "it is a dilated average pool (opset 13 has none)");
      }
      attributes.add(integer("count_include_pad", pool.isAvgPoolIncludePadInDivisor() ? 1 : 0));
    } else {
      throw new UnexportableLayerException(name, "it pools by " + pool.getPoolingType() + "; max and average pooling are exported");
    }
    String out = graph.node(op, name, List.of(in.name()), attributes.toArray(AttributeProto[]::new));
    return new Tensor(out, new long[] {in.channels(), window.height(), window.width()});
  }

  private Tensor globalPooling(String name, GlobalPoolingLayer global, Tensor in) {
    if (!in.isFeatureMap()) {
      throw new UnexportableLayerException(name, "it pools a rank-" + (in.shape().length + 1) + " input; feature maps are exported");
    }
    int[] dims = global.getPoolingDimensions();
    if (dims != null && !(dims.length == 2 && dims[0] == 2 && dims[1] == 3)) {
      throw new UnexportableLayerException(name, "it pools over dimensions " + java.util.Arrays.toString(dims)
          + "; pooling over height and width is exported");
    }
    String op = switch (global.getPoolingType()) {
      case MAX -> "GlobalMaxPool";
      case AVG -> "GlobalAveragePool";
      default -> throw new UnexportableLayerException(name, "it pools by " + global.getPoolingType()
          + "; global max and average pooling are exported");
    };
    Tensor pooled = new Tensor(graph.node(op, name, List.of(in.name())), new long[] {in.channels(), 1, 1});
    return global.isCollapseDimensions() ? flatten(name, pooled) : pooled;
  }

  private Tensor batchNorm(String name, BatchNormalization bn, Map<String, INDArray> params, Tensor in) {
    if (in.isFeatureMap() && bn.getCnn2DFormat() != CNN2DFormat.NCHW) {
      throw new UnexportableLayerException(name, "it normalizes " + bn.getCnn2DFormat() + " feature maps; only NCHW is exported");
    }
    long channels = in.shape()[0];
    BatchNormStatistics s = BatchNormStatistics.of(bn, params);
    // ONNX takes the variance; DL4J's standard deviation already includes eps.
    INDArray std = s.std().castTo(DataType.DOUBLE);
    INDArray variance = std.mul(std).subi(s.eps());
    String out = graph.node("BatchNormalization", name, List.of(in.name(),
        graph.weight(name + "_gamma", s.gamma(), channels), graph.weight(name + "_beta", s.beta(), channels),
        graph.weight(name + "_mean", s.mean(), channels), graph.weight(name + "_var", variance, channels)),
        real("epsilon", s.eps()));
    return new Tensor(out, in.shape());
  }

  private Tensor dense(String name, Map<String, INDArray> params, boolean hasBias, Tensor in) {
    Tensor flat = in.shape().length == 1 ? in : flatten(name, in);
    INDArray w = params.get("W");
    long outputs = w.size(1);
    List<String> inputs = new ArrayList<>(List.of(flat.name(), graph.weight(name + "_W", w, w.size(0), outputs)));
    if (hasBias) {
      inputs.add(graph.weight(name + "_b", params.get("b"), outputs));
    }
    return new Tensor(graph.node("Gemm", name, inputs), new long[] {outputs});
  }

  private Tensor flatten(String name, Tensor in) {
    long features = 1;
    for (long d : in.shape()) {
      features *= d;
    }
    return new Tensor(graph.node("Flatten", name + "_flatten", List.of(in.name()), integer("axis", 1)), new long[] {features});
  }

  /** The nonlinearity DL4J applies after a layer's output, as ONNX nodes; the identity adds none. */
  private Tensor activation(String name, IActivation fn, Tensor in) {
    List<String> x = List.of(in.name());
    String out;
    if (fn == null || fn instanceof ActivationIdentity) {
      return in;
    } else if (fn instanceof ActivationReLU relu) {
      if (relu.getMax() != null || relu.getThreshold() != null || relu.getNegativeSlope() != null) {
        throw new UnexportableLayerException(name, "its ReLU has a maximum, threshold or negative slope");
      }
      out = graph.node("Relu", name + "_relu", x);
    } else if (fn instanceof ActivationSoftmax) {
      if (in.isFeatureMap()) {
        throw new UnexportableLayerException(name, "it applies softmax over feature maps");
      }
      out = graph.node("Softmax", name + "_softmax", x, integer("axis", 1));
    } else if (fn instanceof ActivationTanH) {
      out = graph.node("Tanh", name + "_tanh", x);
    } else if (fn instanceof ActivationSigmoid) {
      out = graph.node("Sigmoid", name + "_sigmoid", x);
    } else if (fn instanceof ActivationLReLU leaky) {
      out = graph.node("LeakyRelu", name + "_leakyrelu", x, real("alpha", leaky.getAlpha()));
    } else if (fn instanceof ActivationELU elu) {
      out = graph.node("Elu", name + "_elu", x, real("alpha", elu.getAlpha()));
    } else if (fn instanceof ActivationReLU6) {
      out = graph.node("Clip", name + "_relu6", List.of(in.name(), graph.weight(name + "_zero", scalar(0), new long[0]),
          graph.weight(name + "_six", scalar(6), new long[0])));
    } else if (fn instanceof ActivationSoftPlus) {
      out = graph.node("Softplus", name + "_softplus", x);
    } else {
      throw new UnexportableLayerException(name, "its activation " + fn + " has no ONNX rule here");
    }
    return new Tensor(out, in.shape());
  }

  private static INDArray scalar(double value) {
    return org.nd4j.linalg.factory.Nd4j.scalar(DataType.FLOAT, value);
  }

  private static void requireNchw(String name, CNN2DFormat format, Tensor in) {
    if (!in.isFeatureMap()) {
      throw new UnexportableLayerException(name, "it takes feature maps but gets a flat input of " + in.shape()[0]);
    }
    if (format != null && format != CNN2DFormat.NCHW) {
      throw new UnexportableLayerException(name, "it works on " + format + " feature maps; only NCHW is exported");
    }
  }
}
