package dev.sparkcnn.model.standin;

import java.lang.reflect.Field;
import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's batch normalization with {@link MomentsBatchNormHelper} in place of DL4J's oneDNN helper,
 * where DL4J would use that one. Every setting and parameter is the plain layer's; model files
 * never hold this class ({@link StandIns}).
 */
public class MomentsBatchNormalization extends BatchNormalization {
  private static final Field HELPER =
      StandIns.privateField(org.deeplearning4j.nn.layers.normalization.BatchNormalization.class, "helper");

  /** For DL4J's JSON reader, which builds layers by their class name. */
  public MomentsBatchNormalization() {}

  /** This layer with every setting of {@code plain}. */
  static MomentsBatchNormalization of(BatchNormalization plain) {
    return StandIns.copyAs(plain, MomentsBatchNormalization.class);
  }

  /** Whether {@code layer} is DL4J's own batch normalization, which this one can stand in for. */
  static boolean replaces(Layer layer) {
    return layer != null && layer.getClass() == BatchNormalization.class;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
      int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    org.deeplearning4j.nn.api.Layer layer =
        super.instantiate(conf, listeners, layerIndex, layerParamsView, initializeParams, networkDataType);
    try {
      if (HELPER.get(layer) instanceof MKLDNNBatchNormHelper) {
        HELPER.set(layer, new MomentsBatchNormHelper(networkDataType));
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    return layer;
  }

  @Override
  public MomentsBatchNormalization clone() {
    return (MomentsBatchNormalization) super.clone();
  }
}
