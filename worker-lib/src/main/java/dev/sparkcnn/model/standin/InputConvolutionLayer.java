package dev.sparkcnn.model.standin;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.shape.Permute;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The runtime layer of {@link InputConvolution}: DL4J's convolution layer whose backward pass
 * returns no gradient for its input. The weight gradient is one forward convolution (see
 * {@link #backpropGradient}); the bias gradient is the output gradient's sum, as in DL4J.
 *
 * <p>DL4J's networks accept a null input gradient from their first layer: a sequential network
 * drops what its first layer returns unless asked for input gradients, and {@link StandIns}
 * installs this layer only where nothing reads that gradient.
 */
final class InputConvolutionLayer extends ConvolutionLayer {
  InputConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (layerConf().getCnn2dDataFormat() != CNN2DFormat.NCHW) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray in = input.dataType() == dataType ? input : input.castTo(dataType);
    INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
    long miniBatch = in.size(0);
    int inH = (int) in.size(2);
    int inW = (int) in.size(3);
    long outDepth = weights.size(0);
    long inDepth = weights.size(1);
    int kH = (int) weights.size(2);
    int kW = (int) weights.size(3);
    int[] dilation = layerConf().getDilation();
    int[] kernel = layerConf().getKernelSize();
    int[] strides = layerConf().getStride();
    int[] pad;
    int[] outSize;
    if (convolutionMode == ConvolutionMode.Same) {
      outSize = ConvolutionUtils.getOutputSize(in, kernel, strides, null, convolutionMode, dilation, CNN2DFormat.NCHW);
      pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {inH, inW}, kernel, strides, dilation);
    } else {
      pad = layerConf().getPadding();
      outSize = ConvolutionUtils.getOutputSize(in, kernel, strides, pad, convolutionMode, dilation, CNN2DFormat.NCHW);
    }
    int outH = outSize[0];
    int outW = outSize[1];

    // DL4J's own backward pass runs where the one convolution below cannot stand in: strided
    // layers, whose output gradient would be its dilated kernel (oneDNN builds no such primitive for
    // these shapes), and layers whose kernel reaches past the padded input's far edge (same mode
    // with an even kernel pads that edge more than the near one).
    long needH = (long) (outH - 1) * strides[0] + (long) (kH - 1) * dilation[0] + 1;
    long needW = (long) (outW - 1) * strides[1] + (long) (kW - 1) * dilation[1] + 1;
    if (strides[0] != 1 || strides[1] != 1 || needH > inH + 2L * pad[0] || needW > inW + 2L * pad[1]) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }

    INDArray preOutput = preOutput4d(true, true, workspaceMgr).getFirst();
    INDArray delta = layerConf().getActivationFn().backprop(preOutput, epsilon).getFirst();
    // The output gradient with the minibatch as its second axis, [outDepth, miniBatch, outH, outW]:
    // ND4J's permute op copies in one native pass (a dup of a permuted view takes 5x longer).
    INDArray deltaByFilter = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
        new long[] {outDepth, miniBatch, outH, outW}, 'c');
    Nd4j.exec(new Permute(delta, deltaByFilter, 1, 0, 2, 3));
    INDArray imagesByChannel;
    if (inDepth == 1) {
      imagesByChannel = in.reshape('c', 1, miniBatch, inH, inW);
    } else {
      imagesByChannel = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
          new long[] {inDepth, miniBatch, inH, inW}, 'c');
      Nd4j.exec(new Permute(in, imagesByChannel, 1, 0, 2, 3));
    }

    // dW[o, i, y, x] = sum over n, h, w of delta[n, o, h, w] * input[n, i, h*stride + y*dilation, w*stride + x*dilation]
    // (padded), stride 1: a convolution of the images, the minibatch as their channels, with the
    // output gradient as its kernel, strided by the layer's dilation. oneDNN runs
    // it forward, several times faster than its backward data and weights kernels.
    long rowsOut = (inH + 2L * pad[0] - outH) / dilation[0] + 1;
    long colsOut = (inW + 2L * pad[1] - outW) / dilation[1] + 1;
    INDArray byInput = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
        new long[] {inDepth, outDepth, rowsOut, colsOut}, 'c');
    Conv2DConfig correlation = Conv2DConfig.builder()
        .kH(outH).kW(outW)
        .sH(dilation[0]).sW(dilation[1])
        .pH(pad[0]).pW(pad[1])
        .paddingMode(PaddingMode.VALID)
        .dataFormat(Conv2DConfig.NCHW)
        .weightsFormat(WeightsFormat.OIYX)
        .build();
    Nd4j.exec(new Conv2D(new INDArray[] {imagesByChannel, deltaByFilter}, new INDArray[] {byInput}, correlation));
    INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
    weightGrad.assign(byInput.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, kH),
        NDArrayIndex.interval(0, kW)).permute(1, 0, 2, 3));

    Gradient gradient = new DefaultGradient();
    if (layerConf().hasBias()) {
      INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
      deltaByFilter.reshape('c', outDepth, miniBatch * outH * outW).sum(biasGrad, 1);
      gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
    }
    gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
    weightNoiseParams.clear();
    return new Pair<>(gradient, null);
  }
}
