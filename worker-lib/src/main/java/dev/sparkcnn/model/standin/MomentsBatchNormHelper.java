package dev.sparkcnn.model.standin;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's oneDNN batch-norm helper with two parts of its own for float NCHW activations in training:
 * <ul>
 *   <li>the minibatch statistics come from libnd4j's {@code moments} op, one pass for the mean and
 *       the variance over (N, H, W), where DL4J's helper runs a mean and then a strided variance
 *       reduction. The same bits as DL4J's. The forward op is then DL4J's, given the batch's
 *       statistics as its own inference path takes them; the helper's (private) caches are filled
 *       here, as DL4J's layer reads the batch statistics from them to update its global ones;
 *   <li>the backward pass is {@link BatchNormBackward}, two passes per channel, where
 *       {@code batchnorm_bp} makes several. Not DL4J's bits: the sums run in another order
 *       (MomentsBatchNormalizationTest checks the gradients against DL4J's layer in double).
 * </ul>
 * Everything else (other types and layouts, inference) is DL4J's helper.
 */
final class MomentsBatchNormHelper extends MKLDNNBatchNormHelper {
  private static final Field MEAN_CACHE = StandIns.privateField(MKLDNNBatchNormHelper.class, "meanCache");
  private static final Field VAR_CACHE = StandIns.privateField(MKLDNNBatchNormHelper.class, "varCache");
  private INDArray mean;
  private INDArray variance;

  MomentsBatchNormHelper(DataType dataType) {
    super(dataType);
  }

  /** Whether this helper computes {@code x}'s statistics itself: float NCHW activations (the others go to DL4J's). */
  static boolean covers(INDArray x, CNN2DFormat format) {
    return x.dataType() == DataType.FLOAT && x.rank() == 4 && format == CNN2DFormat.NCHW;
  }

  @Override
  public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray globalMean,
      INDArray globalVar, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
    if (!training || !covers(x, format)) {
      return super.preOutput(x, training, shape, gamma, beta, globalMean, globalVar, decay, eps, format, workspaceMgr);
    }
    if (mean == null || mean.length() != x.size(1)) {
      try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
        mean = Nd4j.createUninitialized(x.dataType(), x.size(1));
        variance = Nd4j.createUninitialized(x.dataType(), x.size(1));
      }
      try {
        MEAN_CACHE.set(this, mean);
        VAR_CACHE.set(this, variance);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(x).addOutputs(mean, variance)
        .addIntegerArguments(0, 2, 3).build());
    // DL4J's inference path normalizes with the statistics it is given: here, the batch's.
    return super.preOutput(x, false, shape, gamma, beta, mean, variance, decay, eps, format, workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
      INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    if (!covers(input, format) || epsilon.dataType() != DataType.FLOAT || mean == null || mean.length() != input.size(1)
        || gamma == null || dGammaView == null) {
      return super.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format, workspaceMgr);
    }
    INDArray x = BatchNormBackward.packed(input);
    INDArray dy = BatchNormBackward.packed(epsilon);
    INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
    float[][] sums = BatchNormBackward.run(x, dy, mean.toFloatVector(), variance.toFloatVector(),
        gamma.reshape(gamma.length()).toFloatVector(), eps, dx);
    dGammaView.assign(Nd4j.createFromArray(sums[0]).reshape(dGammaView.shape()));
    dBetaView.assign(Nd4j.createFromArray(sums[1]).reshape(dBetaView.shape()));
    Gradient gradient = new DefaultGradient();
    gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
    gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
    return new Pair<>(gradient, dx);
  }
}
