package dev.sparkcnn.model;

/**
 * The layer choices a config may make on any network: what kind of convolution, how it pads and
 * strides, how the network pools, and whether it normalizes batches. Each {@code AUTO} (and each
 * 0) keeps the architecture's own choice, so the defaults give the networks as documented.
 *
 * <p>The convolution options apply to every feature convolution (kernel larger than 1x1). The
 * 1x1 convolutions that only mix or project channels (residual projections, inception reducers)
 * stay standard 1x1 convolutions: a 1x1 depthwise or dilated convolution would not mix channels
 * or would mean nothing. A combination that shrinks the feature map below 1x1 is refused when
 * the network is built, with the layer it happens at.
 *
 * @param convKind what every feature convolution is; default {@link ConvKind#STANDARD}
 * @param dilation dilation rate of {@link ConvKind#DILATED} convolutions, pixels between kernel
 *     taps, &ge; 2; default 2
 * @param kernelSize kernel height and width of every feature convolution, odd, &ge; 3; 0 keeps
 *     the architecture's own; default 0
 * @param stride stride of every feature convolution, &ge; 1; 0 keeps the architecture's own
 *     (1 everywhere except resnet's downsampling blocks); default 0
 * @param padding {@code same} keeps the feature map's size, {@code valid} lets each convolution
 *     shrink it by kernel - 1; default {@code auto}
 * @param pooling the downsampling pools: {@code max} or {@code avg}; default {@code auto}
 * @param globalPooling how the convolutional trunk meets the classifier: {@code none} flattens
 *     the feature maps, {@code max} and {@code avg} pool each channel to one value; default
 *     {@code auto} (resnet-mnist, inception-mnist: avg; the others: none)
 * @param batchNorm batch normalization after every convolution, before its ReLU: {@code on} or
 *     {@code off}; default {@code auto} (on for resnet-mnist and inception-mnist, off elsewhere)
 * @param blocks residual blocks of resnet-mnist or inception modules of inception-mnist, &ge; 0;
 *     0 keeps the architecture's own; networks without repeated blocks refuse it; default 0
 */
public record LayerOptions(
    ConvKind convKind,
    int dilation,
    int kernelSize,
    int stride,
    Padding padding,
    Pooling pooling,
    GlobalPooling globalPooling,
    BatchNorm batchNorm,
    int blocks) implements java.io.Serializable {

  /** Every architecture as documented. */
  public static final LayerOptions DEFAULTS = new LayerOptions(ConvKind.STANDARD, 2, 0, 0, Padding.AUTO,
      Pooling.AUTO, GlobalPooling.AUTO, BatchNorm.AUTO, 0);

  /** How a feature convolution computes. */
  public enum ConvKind {
    /** One dense kernel across all input channels. */
    STANDARD,
    /**
     * One kernel per input channel (no mixing between channels), each repeated
     * ceil(out / in) times: the layer yields in x ceil(out / in) channels.
     */
    DEPTHWISE,
    /**
     * A depthwise convolution followed by a 1x1 convolution that mixes channels (MobileNet). On a
     * single-channel input there is nothing to separate, and that layer stays standard.
     */
    SEPARABLE,
    /** A standard convolution whose kernel taps are {@code dilation} pixels apart. */
    DILATED
  }

  public enum Padding { AUTO, SAME, VALID }

  public enum Pooling { AUTO, MAX, AVG }

  public enum GlobalPooling { AUTO, NONE, MAX, AVG }

  public enum BatchNorm { AUTO, ON, OFF }

  public LayerOptions {
    if (dilation < 2) {
      throw new IllegalArgumentException("dilation must be >= 2, got " + dilation);
    }
    if (kernelSize != 0 && (kernelSize < 3 || kernelSize % 2 == 0)) {
      throw new IllegalArgumentException("kernelSize must be 0 or odd and >= 3, got " + kernelSize);
    }
    if (stride < 0 || blocks < 0) {
      throw new IllegalArgumentException("stride and blocks must be >= 0, got " + stride + " and " + blocks);
    }
  }

  public LayerOptions withConvKind(ConvKind kind) {
    return new LayerOptions(kind, dilation, kernelSize, stride, padding, pooling, globalPooling, batchNorm, blocks);
  }

  public LayerOptions withBatchNorm(BatchNorm on) {
    return new LayerOptions(convKind, dilation, kernelSize, stride, padding, pooling, globalPooling, on, blocks);
  }

  public LayerOptions withBlocks(int count) {
    return new LayerOptions(convKind, dilation, kernelSize, stride, padding, pooling, globalPooling, batchNorm, count);
  }

  public LayerOptions withGlobalPooling(GlobalPooling kind) {
    return new LayerOptions(convKind, dilation, kernelSize, stride, padding, pooling, kind, batchNorm, blocks);
  }
}
