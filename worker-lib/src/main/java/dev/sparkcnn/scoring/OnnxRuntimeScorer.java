package dev.sparkcnn.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.onnx.OnnxExport;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * Scores with ONNX Runtime, on the network exported by {@link OnnxExport}. One session serves
 * every thread: ONNX Runtime's {@code run} is safe to call concurrently, and with one intra-op
 * thread each call computes on its caller's thread, so N tasks use N cores. Loading this class
 * needs ONNX Runtime's jar: check {@link ScoringEngine#unavailable()} first.
 */
public final class OnnxRuntimeScorer implements Scorer {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final MinibatchAssembler assembler;
  private final ImageShape shape;

  /**
   * @param onnx the exported network's protobuf bytes
   * @param threads intra-op threads per call, &gt;= 1: the cores of the task that calls
   * @throws IllegalStateException when ONNX Runtime cannot load the model
   */
  public OnnxRuntimeScorer(byte[] onnx, InputSchema schema, int threads) {
    this.env = OrtEnvironment.getEnvironment();
    this.shape = schema.shape();
    this.assembler = new MinibatchAssembler(schema.shape(), schema.numClasses());
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(onnx, options);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load the exported network: " + e.getMessage(), e);
    }
  }

  @Override
  public float[][] probabilities(List<byte[]> images) {
    long[] dims = {images.size(), shape.channels(), shape.height(), shape.width()};
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(assembler.scaled(images)), dims);
        OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
      return (float[][]) result.get(0).getValue();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed to score a minibatch of " + images.size() + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
