package dev.sparkcnn.driver.ml;

import java.util.List;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params that decide how a model scores, on {@link CnnClassifier} (which passes them to its
 * model) and on {@link CnnClassificationModel}: where images and ids are read from, where the
 * scores go, how many images one forward pass takes and which engine runs it.
 *
 * @param <S> the stage, which setters return for chaining
 */
public interface ScoringParams<S extends ScoringParams<S>> extends Params {
  /** The Params of this interface, by name. */
  List<String> NAMES = List.of("imageCol", "idCol", "evalBatchSize", CnnParams.ENGINE, CnnParams.PREDICTION_COL,
      CnnParams.PROBABILITY_COL, CnnParams.RAW_PREDICTION_COL);

  /** Column of the images: PNG/JPEG bytes, pixel arrays (CHW, 0-255) or Spark's image struct. Default {@code image}. */
  @SuppressWarnings("unchecked")
  default Param<String> imageCol() {
    return (Param<String>) (Param<?>) getParam("imageCol");
  }

  default String getImageCol() {
    return (String) getOrDefault(imageCol());
  }

  @SuppressWarnings("unchecked")
  default S setImageCol(String value) {
    set(imageCol(), value);
    return (S) this;
  }

  /** Column of each row's id, named in the errors about a row; it need not exist. Default {@code id}. */
  @SuppressWarnings("unchecked")
  default Param<String> idCol() {
    return (Param<String>) (Param<?>) getParam("idCol");
  }

  default String getIdCol() {
    return (String) getOrDefault(idCol());
  }

  @SuppressWarnings("unchecked")
  default S setIdCol(String value) {
    set(idCol(), value);
    return (S) this;
  }

  /** Images per forward pass when scoring, 1 to 65536; unit: images; default 128. */
  default IntParam evalBatchSize() {
    return (IntParam) getParam("evalBatchSize");
  }

  default int getEvalBatchSize() {
    return (Integer) getOrDefault(evalBatchSize());
  }

  @SuppressWarnings("unchecked")
  default S setEvalBatchSize(int value) {
    set(evalBatchSize(), value);
    return (S) this;
  }

  /**
   * What runs the forward pass on the executors: {@code dl4j} (the network as trained) or
   * {@code onnxruntime} (the network exported to ONNX on the driver, scored by ONNX Runtime, which
   * must be on the classpath). Default {@code dl4j}.
   */
  @SuppressWarnings("unchecked")
  default Param<String> engine() {
    return (Param<String>) (Param<?>) getParam(CnnParams.ENGINE);
  }

  default String getEngine() {
    return (String) getOrDefault(engine());
  }

  @SuppressWarnings("unchecked")
  default S setEngine(String value) {
    set(engine(), value);
    return (S) this;
  }

  /** Output column of the predicted class index (double). Default {@code prediction}. */
  @SuppressWarnings("unchecked")
  default Param<String> predictionCol() {
    return (Param<String>) (Param<?>) getParam(CnnParams.PREDICTION_COL);
  }

  default String getPredictionCol() {
    return (String) getOrDefault(predictionCol());
  }

  @SuppressWarnings("unchecked")
  default S setPredictionCol(String value) {
    set(predictionCol(), value);
    return (S) this;
  }

  /** Output column of the class probabilities (vector). Default {@code probability}. */
  @SuppressWarnings("unchecked")
  default Param<String> probabilityCol() {
    return (Param<String>) (Param<?>) getParam(CnnParams.PROBABILITY_COL);
  }

  default String getProbabilityCol() {
    return (String) getOrDefault(probabilityCol());
  }

  @SuppressWarnings("unchecked")
  default S setProbabilityCol(String value) {
    set(probabilityCol(), value);
    return (S) this;
  }

  /** Output column of the raw scores (vector), the natural log of each probability. Default {@code rawPrediction}. */
  @SuppressWarnings("unchecked")
  default Param<String> rawPredictionCol() {
    return (Param<String>) (Param<?>) getParam(CnnParams.RAW_PREDICTION_COL);
  }

  default String getRawPredictionCol() {
    return (String) getOrDefault(rawPredictionCol());
  }

  @SuppressWarnings("unchecked")
  default S setRawPredictionCol(String value) {
    set(rawPredictionCol(), value);
    return (S) this;
  }
}
