package dev.sparkcnn.driver.predict;

import dev.sparkcnn.driver.export.OnnxConversion;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.scoring.Dl4jScorer;
import dev.sparkcnn.scoring.OnnxRuntimeScorer;
import dev.sparkcnn.scoring.ScoringEngine;
import dev.sparkcnn.scoring.Scorers;
import java.io.IOException;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A model made ready for one scoring engine on the executors: prepared on the driver (for
 * {@code onnxruntime}, exported to ONNX there), sent once as a broadcast, and loaded once per
 * executor JVM, where {@link #lease()} hands the tasks the JVM's shared scorer.
 */
public final class ScorerSource implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final ScoringEngine engine;
  private final Broadcast<byte[]> bytes;
  private final InputSchema schema;
  private final int threads;

  private ScorerSource(String key, ScoringEngine engine, Broadcast<byte[]> bytes, InputSchema schema, int threads) {
    this.key = key;
    this.engine = engine;
    this.bytes = bytes;
    this.schema = schema;
    this.threads = threads;
  }

  /**
   * Prepares {@code modelZip} for {@code engine}.
   *
   * @param source what messages call the model
   * @throws IOException when the model does not read, or (as InvalidDataException) has a layer ONNX cannot express
   * @throws IllegalStateException when the engine is onnxruntime and ONNX Runtime is not on the driver's classpath
   */
  public static ScorerSource prepare(JavaSparkContext sc, byte[] modelZip, InputSchema schema, ScoringEngine engine,
      String source) throws IOException {
    byte[] payload = modelZip;
    Optional<String> missing = engine.unavailable();
    if (missing.isPresent()) {
      throw new IllegalStateException(missing.get());
    }
    if (engine == ScoringEngine.ONNXRUNTIME) {
      payload = OnnxConversion.of(modelZip, source);
    }
    // A task has spark.task.cpus cores; ONNX Runtime computes with that many threads per call.
    int threads = Math.max(1, sc.getConf().getInt("spark.task.cpus", 1));
    return new ScorerSource(engine.spelling() + ":" + digest(modelZip), engine, sc.broadcast(payload), schema, threads);
  }

  /** The scorer of this JVM for the model; close the lease when the task is done with it. */
  public Scorers.Lease lease() {
    return Scorers.lease(key, () -> {
      if (engine == ScoringEngine.DL4J) {
        return new Dl4jScorer(bytes.value(), schema);
      }
      Optional<String> missing = engine.unavailable();
      if (missing.isPresent()) {
        throw new IllegalStateException("on this executor, " + missing.get());
      }
      return new OnnxRuntimeScorer(bytes.value(), schema, threads);
    });
  }

  public InputSchema schema() {
    return schema;
  }

  /** Drops the broadcast once nothing will score with it again. */
  public void destroy() {
    bytes.destroy();
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
