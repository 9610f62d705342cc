package dev.sparkcnn.data;

/**
 * Separable resizing with a triangle (bilinear) filter whose support widens with the shrink factor,
 * as PIL's {@code BILINEAR} does: enlarging interpolates between the nearest pixels, shrinking
 * averages every source pixel under the filter instead of skipping most of them (no aliasing).
 * Pure Java and deterministic, so every executor produces the same bytes.
 */
final class Resampling {
  private Resampling() {}

  static RawImage resize(RawImage image, int height, int width) {
    int channels = image.channels();
    int inH = image.height();
    int inW = image.width();
    float[][] horizontal = weights(inW, width);
    float[][] vertical = weights(inH, height);
    int[] hStart = starts(inW, width);
    int[] vStart = starts(inH, height);
    byte[] out = new byte[channels * height * width];
    float[] rows = new float[inH * width];
    for (int c = 0; c < channels; c++) {
      int plane = c * inH * inW;
      for (int y = 0; y < inH; y++) {
        for (int x = 0; x < width; x++) {
          float sum = 0;
          float[] w = horizontal[x];
          for (int k = 0; k < w.length; k++) {
            sum += w[k] * (image.planes()[plane + y * inW + hStart[x] + k] & 0xff);
          }
          rows[y * width + x] = sum;
        }
      }
      for (int y = 0; y < height; y++) {
        float[] w = vertical[y];
        for (int x = 0; x < width; x++) {
          float sum = 0;
          for (int k = 0; k < w.length; k++) {
            sum += w[k] * rows[(vStart[y] + k) * width + x];
          }
          out[c * height * width + y * width + x] = (byte) Math.max(0, Math.min(255, Math.round(sum)));
        }
      }
    }
    return new RawImage(height, width, channels, out);
  }

  private static double support(int in, int out) {
    return Math.max(1.0, (double) in / out);
  }

  private static int[] starts(int in, int out) {
    double scale = (double) in / out;
    double support = support(in, out);
    int[] starts = new int[out];
    for (int i = 0; i < out; i++) {
      double center = (i + 0.5) * scale;
      starts[i] = Math.max(0, (int) Math.floor(center - support + 0.5));
    }
    return starts;
  }

  /** For each output pixel, the normalized weights of the source pixels from its start. */
  private static float[][] weights(int in, int out) {
    double scale = (double) in / out;
    double support = support(in, out);
    int[] starts = starts(in, out);
    float[][] weights = new float[out][];
    for (int i = 0; i < out; i++) {
      double center = (i + 0.5) * scale;
      int end = Math.min(in, (int) Math.floor(center + support + 0.5));
      double[] w = new double[Math.max(1, end - starts[i])];
      double total = 0;
      for (int k = 0; k < w.length; k++) {
        double distance = (starts[i] + k + 0.5 - center) / support;
        w[k] = Math.max(0, 1 - Math.abs(distance));
        total += w[k];
      }
      weights[i] = new float[w.length];
      for (int k = 0; k < w.length; k++) {
        weights[i][k] = (float) (total > 0 ? w[k] / total : 1.0 / w.length);
      }
    }
    return weights;
  }
}
