package dev.sparkcnn.model;

import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What a trained batch norm layer applies in inference, per channel: {@code gamma (x - mean) / std + beta},
 * read from its parameters whichever way DL4J keeps them (gamma and beta learned or locked; the
 * running variance, or log10 of the running standard deviation).
 *
 * @param gamma scale, one value per channel
 * @param beta shift, one value per channel
 * @param mean running mean, one value per channel
 * @param std running standard deviation, {@code sqrt(variance + eps)}, one value per channel
 * @param eps what DL4J adds to the variance before its square root
 */
public record BatchNormStatistics(INDArray gamma, INDArray beta, INDArray mean, INDArray std, double eps) {

  /** The statistics of a batch norm layer configured as {@code conf}, with parameters {@code params}. */
  public static BatchNormStatistics of(BatchNormalization conf, Map<String, INDArray> params) {
    long channels = conf.getNOut();
    INDArray mean = params.get(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(channels);
    INDArray gamma = conf.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {channels}, conf.getGamma(), mean.dataType())
        : params.get(BatchNormalizationParamInitializer.GAMMA).reshape(channels);
    INDArray beta = conf.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {channels}, conf.getBeta(), mean.dataType())
        : params.get(BatchNormalizationParamInitializer.BETA).reshape(channels);
    // DL4J keeps either the variance or, with useLogStd, log10 of the standard deviation (eps included).
    INDArray std = conf.isUseLogStd()
        ? Transforms.pow(Nd4j.valueArrayOf(new long[] {channels}, 10.0, mean.dataType()),
            params.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).reshape(channels), false)
        : Transforms.sqrt(params.get(BatchNormalizationParamInitializer.GLOBAL_VAR).reshape(channels).add(conf.getEps()), false);
    return new BatchNormStatistics(gamma, beta, mean, std, conf.getEps());
  }

  /** The per-channel factor of the affine map: {@code gamma / std}. */
  public INDArray scale() {
    return gamma.div(std);
  }

  /** The per-channel offset of the affine map: {@code beta - mean gamma / std}. */
  public INDArray shift() {
    return beta.sub(mean.mul(scale()));
  }
}
