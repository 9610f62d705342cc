package dev.sparkcnn.model.blocks;

import dev.sparkcnn.model.LayerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * Turns an architecture's plan ("a 3x3 convolution to 64 channels, then pool") into DL4J layers
 * with the config's {@link LayerOptions} applied, so that every architecture honours the options
 * the same way. Architectures state their own choices (padding, pooling, batch norm); an option
 * that is not {@code AUTO} overrides them.
 */
public final class LayerFactory {
  private final LayerOptions options;
  private final boolean batchNorm;
  private final PoolingType pooling;
  private final Activation activation;

  /**
   * @param ownPooling the architecture's downsampling pool
   * @param ownBatchNorm whether the architecture normalizes batches
   */
  public LayerFactory(LayerOptions options, PoolingType ownPooling, boolean ownBatchNorm) {
    this(options, ownPooling, ownBatchNorm, Activation.RELU);
  }

  /**
   * @param activation the nonlinearity after every convolution: ReLU in every architecture; a
   *     smooth one (tanh) where gradients are checked by finite differences, which ReLU's kink
   *     at 0 would upset
   */
  public LayerFactory(LayerOptions options, PoolingType ownPooling, boolean ownBatchNorm, Activation activation) {
    this.options = options;
    this.activation = activation;
    this.batchNorm = switch (options.batchNorm()) {
      case AUTO -> ownBatchNorm;
      case ON -> true;
      case OFF -> false;
    };
    this.pooling = switch (options.pooling()) {
      case AUTO -> ownPooling;
      case MAX -> PoolingType.MAX;
      case AVG -> PoolingType.AVG;
    };
  }

  public boolean batchNorm() {
    return batchNorm;
  }

  /** The nonlinearity after every convolution, and after a residual sum. */
  public Activation activation() {
    return activation;
  }

  /** A feature convolution with "same" padding, stride 1 and ReLU, unless the options say otherwise. */
  public ConvUnit conv(int nIn, int nOut, int kernel) {
    return conv(nIn, nOut, kernel, 1, ConvolutionMode.Same, true);
  }

  /**
   * A feature convolution: kernel, stride and padding are the architecture's unless the options
   * override them, and its kind is the options'.
   *
   * @param ownMode the architecture's padding: {@code Same} or {@code Truncate} (valid)
   * @param relu whether the unit ends in the nonlinearity (ReLU); false for the last convolution of a residual
   *     branch, which is activated after the sum
   */
  public ConvUnit conv(int nIn, int nOut, int kernel, int stride, ConvolutionMode ownMode, boolean relu) {
    ConvolutionMode mode = switch (options.padding()) {
      case AUTO -> ownMode;
      case SAME -> ConvolutionMode.Same;
      case VALID -> ConvolutionMode.Truncate;
    };
    int k = options.kernelSize() > 0 ? options.kernelSize() : kernel;
    return build(nIn, nOut, k, strideOf(stride), mode, relu);
  }

  /**
   * A feature convolution whose output must keep its input's height and width, as where
   * branches are concatenated (inception): the options choose its kind only; kernel, stride 1
   * and "same" padding are fixed.
   */
  public ConvUnit sizeKeepingConv(int nIn, int nOut, int kernel, boolean relu) {
    return build(nIn, nOut, kernel, 1, ConvolutionMode.Same, relu);
  }

  /** The stride a feature convolution gets where the architecture asks for {@code own}. */
  public int strideOf(int own) {
    return options.stride() > 0 ? options.stride() : own;
  }

  /** Whether feature convolutions pad to keep their input's size ("same"), given the architecture's own mode. */
  public boolean keepsSize(ConvolutionMode ownMode) {
    return options.padding() == LayerOptions.Padding.SAME
        || (options.padding() == LayerOptions.Padding.AUTO && ownMode == ConvolutionMode.Same);
  }

  private ConvUnit build(int nIn, int nOut, int k, int s, ConvolutionMode mode, boolean relu) {
    Activation convActivation = relu && !batchNorm ? activation : Activation.IDENTITY;
    Layer conv;
    int channels = nOut;
    LayerOptions.ConvKind kind = options.convKind();
    if (kind == LayerOptions.ConvKind.SEPARABLE && nIn == 1) {
      // One input channel leaves nothing to separate (depthwise then 1x1 is then a rank-1 standard
      // convolution), and libnd4j's sconv2d fails on it (1.0.0-M2): such a layer stays standard.
      kind = LayerOptions.ConvKind.STANDARD;
    }
    switch (kind) {
      case STANDARD, DILATED -> {
        int d = kind == LayerOptions.ConvKind.DILATED ? options.dilation() : 1;
        conv = new ConvolutionLayer.Builder(k, k).stride(s, s).dilation(d, d).convolutionMode(mode)
            .nIn(nIn).nOut(nOut).hasBias(!batchNorm).activation(convActivation).build();
      }
      case SEPARABLE -> conv = new SeparableConvolution2D.Builder(k, k).stride(s, s).convolutionMode(mode)
          .depthMultiplier(1).nIn(nIn).nOut(nOut).hasBias(!batchNorm).activation(convActivation).build();
      case DEPTHWISE -> {
        int multiplier = (nOut + nIn - 1) / nIn;
        channels = nIn * multiplier;
        conv = new DepthwiseConvolution2D.Builder(k, k).stride(s, s).convolutionMode(mode)
            .depthMultiplier(multiplier).nIn(nIn).nOut(channels).hasBias(!batchNorm).activation(convActivation).build();
      }
      default -> throw new IllegalStateException("unhandled convolution kind " + kind);
    }
    return unit(conv, channels, relu);
  }

  /** A 1x1 standard convolution that mixes or projects channels; the options' kind does not apply. */
  public ConvUnit pointwise(int nIn, int nOut, int stride, boolean relu) {
    Activation convActivation = relu && !batchNorm ? activation : Activation.IDENTITY;
    Layer conv = new ConvolutionLayer.Builder(1, 1).stride(stride, stride).convolutionMode(ConvolutionMode.Same)
        .nIn(nIn).nOut(nOut).hasBias(!batchNorm).activation(convActivation).build();
    return unit(conv, nOut, relu);
  }

  /** A downsampling pool, 2x2 with stride 2 as a rule, of the options' kind or the architecture's. */
  public SubsamplingLayer downsample(int size, int stride) {
    return new SubsamplingLayer.Builder(pooling).kernelSize(size, size).stride(stride, stride)
        .convolutionMode(ConvolutionMode.Truncate).build();
  }

  /** A pool that keeps the feature map's size (stride 1, "same"): inception's pooled branch. */
  public SubsamplingLayer sizeKeepingPool(int size) {
    return new SubsamplingLayer.Builder(pooling).kernelSize(size, size).stride(1, 1)
        .convolutionMode(ConvolutionMode.Same).build();
  }

  /**
   * The layer between the convolutional trunk and the classifier: a global pool, or none (the
   * feature maps are flattened).
   *
   * @param own the architecture's choice, used when the options say {@code AUTO}
   */
  public Optional<Layer> globalPooling(LayerOptions.GlobalPooling own) {
    LayerOptions.GlobalPooling kind = options.globalPooling() == LayerOptions.GlobalPooling.AUTO
        ? own : options.globalPooling();
    return switch (kind) {
      case MAX -> Optional.of(new GlobalPoolingLayer.Builder(PoolingType.MAX).build());
      case AVG -> Optional.of(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
      case NONE, AUTO -> Optional.empty();
    };
  }

  private ConvUnit unit(Layer conv, int channels, boolean relu) {
    List<Layer> layers = new ArrayList<>();
    layers.add(conv);
    if (batchNorm) {
      // DL4J's batch norm layer ignores its activation function (activate() returns the normalized
      // values as they are), so the nonlinearity after it is a layer of its own.
      layers.add(new BatchNormalization.Builder().nIn(channels).nOut(channels).activation(Activation.IDENTITY).build());
      if (relu) {
        layers.add(new ActivationLayer.Builder().activation(activation).build());
      }
    }
    return new ConvUnit(layers, channels);
  }
}
