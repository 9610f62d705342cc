package dev.sparkcnn.model.standin;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Batch normalization's backward pass over float NCHW activations, fused into two passes per
 * channel: one sums the output gradient and its product with the centred input, the other writes
 * the input gradient. libnd4j's {@code batchnorm_bp} (oneDNN's or its own) makes several passes with
 * broadcasts over the same memory; the pass count is what this saves, as the work is memory-bound.
 *
 * <p>With {@code xhat = (x - mean) / sqrt(var + eps)} and {@code M = N * H * W} per channel:
 * {@code dBeta = sum(dy)}, {@code dGamma = sum(dy * xhat)} and
 * {@code dx = gamma / sqrt(var + eps) * (dy - dBeta / M - xhat * dGamma / M)}, the standard
 * gradient of a batch-statistics normalization (the statistics' own gradients folded in).
 *
 * <p>Deterministic: each channel's sums run in a fixed order (four partial sums along a row, rows
 * added in double). Single-threaded, as each Spark task trains with one native thread.
 */
final class BatchNormBackward {
  private BatchNormBackward() {}

  /** A float array as a packed C-order buffer: {@code a} itself when it is one, else a copy. */
  static INDArray packed(INDArray a) {
    boolean packed = a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && a.offset() == 0
        && a.data().length() == a.length();
    return packed ? a : a.dup('c');
  }

  private static FloatBuffer floats(INDArray packed) {
    return packed.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /**
   * Writes {@code dx} and returns {dGamma, dBeta}, one value per channel.
   *
   * @param x the layer's input, packed NCHW float
   * @param dy the gradient at the layer's output, packed, x's shape
   * @param mean the minibatch's mean per channel
   * @param variance the minibatch's (biased) variance per channel
   * @param gamma the scale per channel
   * @param eps added to the variance, as in the forward pass
   * @param dx the gradient at the input, packed, x's shape
   */
  static float[][] run(INDArray x, INDArray dy, float[] mean, float[] variance, float[] gamma, double eps, INDArray dx) {
    int n = Math.toIntExact(x.size(0));
    int channels = Math.toIntExact(x.size(1));
    int plane = Math.toIntExact(x.size(2) * x.size(3));
    FloatBuffer in = floats(x);
    FloatBuffer gradOut = floats(dy);
    FloatBuffer gradIn = floats(dx);
    float[] xs = new float[plane];
    float[] ds = new float[plane];
    float[] out = new float[plane];
    float[] dGamma = new float[channels];
    float[] dBeta = new float[channels];
    float perCount = 1f / ((float) n * plane);
    for (int c = 0; c < channels; c++) {
      float mu = mean[c];
      double sumDy = 0;
      double sumDyCentred = 0;
      for (int i = 0; i < n; i++) {
        int base = (i * channels + c) * plane;
        in.get(base, xs);
        gradOut.get(base, ds);
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        int j = 0;
        for (; j + 3 < plane; j += 4) {
          a0 += ds[j];
          a1 += ds[j + 1];
          a2 += ds[j + 2];
          a3 += ds[j + 3];
          b0 += ds[j] * (xs[j] - mu);
          b1 += ds[j + 1] * (xs[j + 1] - mu);
          b2 += ds[j + 2] * (xs[j + 2] - mu);
          b3 += ds[j + 3] * (xs[j + 3] - mu);
        }
        for (; j < plane; j++) {
          a0 += ds[j];
          b0 += ds[j] * (xs[j] - mu);
        }
        sumDy += (a0 + a1) + (a2 + a3);
        sumDyCentred += (b0 + b1) + (b2 + b3);
      }
      float invStd = (float) (1.0 / Math.sqrt(variance[c] + eps));
      dBeta[c] = (float) sumDy;
      dGamma[c] = (float) (sumDyCentred * invStd);
      float scale = gamma[c] * invStd;
      float shift = scale * dBeta[c] * perCount;
      float slope = scale * invStd * dGamma[c] * perCount;
      for (int i = 0; i < n; i++) {
        int base = (i * channels + c) * plane;
        in.get(base, xs);
        gradOut.get(base, ds);
        for (int j = 0; j < plane; j++) {
          out[j] = scale * ds[j] - shift - slope * (xs[j] - mu);
        }
        gradIn.put(base, out);
      }
    }
    return new float[][] {dGamma, dBeta};
  }
}
