package dev.sparkcnn.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.onnx.OnnxExport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
  private final ThreadLocal<FloatBuffer> buffers = new ThreadLocal<>();

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
    int n = images.size();
    long[] dims = {n, shape.channels(), shape.height(), shape.width()};
    FloatBuffer features = inputBuffer(n * shape.pixels());
    assembler.scaleInto(images, features);
    features.flip();
    try (OnnxTensor input = OnnxTensor.createTensor(env, features, dims);
        OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
      FloatBuffer scores = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[][] probabilities = new float[n][scores.remaining() / n];
      for (float[] row : probabilities) {
        scores.get(row);
      }
      return probabilities;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed to score a minibatch of " + n + ": " + e.getMessage(), e);
    }
  }

  /**
   * A direct buffer of at least {@code floats}, this thread's own: ONNX Runtime reads a direct
   * buffer in place, and copies a heap one element by element.
   */
  private FloatBuffer inputBuffer(int floats) {
    FloatBuffer buffer = buffers.get();
    if (buffer == null || buffer.capacity() < floats) {
      buffer = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
      buffers.set(buffer);
    }
    buffer.clear();
    return buffer;
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
