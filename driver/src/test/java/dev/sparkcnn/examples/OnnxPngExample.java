package dev.sparkcnn.examples;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.FloatBuffer;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Scores one PNG with a model exported by {@code spark-cnn export --format onnx}, using nothing of
 * spark-cnn: ONNX Runtime (com.microsoft.onnxruntime:onnxruntime) and Jackson. The README's export
 * section links this file; OnnxPngExampleTest runs it.
 *
 * <p>Arguments: {@code MODEL.onnx IMAGE.png}, a 28x28 grey image (MNIST's white digit on black).
 */
public final class OnnxPngExample {
  private OnnxPngExample() {}

  public static void main(String[] args) throws Exception {
    BufferedImage png = ImageIO.read(new File(args[1]));  // 28x28 grey, as the model was trained on
    float[] pixels = png.getRaster().getSamples(0, 0, 28, 28, 0, new float[28 * 28]);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] /= 255f;  // the model's input: NCHW, pixels scaled to [0, 1]
    }
    try (OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = env.createSession(args[0], new OrtSession.SessionOptions());
        OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {1, 1, 28, 28});
        OrtSession.Result result = session.run(Map.of("input", input))) {
      float[] p = ((float[][]) result.get("probabilities").orElseThrow().getValue())[0];
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        best = p[c] > p[best] ? c : best;
      }
      String[] classes = new ObjectMapper().readValue(
          session.getMetadata().getCustomMetadata().get("spark_cnn.class_names"), String[].class);
      System.out.printf("%s (p = %.4f)%n", classes[best], p[best]);
    }
  }
}
