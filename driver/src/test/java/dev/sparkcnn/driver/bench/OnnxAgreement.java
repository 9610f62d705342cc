package dev.sparkcnn.driver.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkcnn.data.IdxImages;
import dev.sparkcnn.data.IdxLabels;
import dev.sparkcnn.data.IdxReader;
import dev.sparkcnn.eval.PredictedClass;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.onnx.OnnxExport;
import dev.sparkcnn.runtime.NativeRuntime;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model and its ONNX export on every image of an IDX test set, in one JVM: the largest and
 * mean difference between the two engines' probabilities, how many predicted classes agree, each
 * engine's accuracy, and each engine's scoring speed (same batches; each engine alone, after one
 * untimed warm-up batch). Run by deploy/bench/onnx.
 *
 * <p>Arguments: {@code MODEL.zip MODEL.onnx IMAGES.idx LABELS.idx OUT.json [BATCH]}.
 */
public final class OnnxAgreement {
  private OnnxAgreement() {}

  public static void main(String[] args) throws Exception {
    // DL4J at its best, as the command line runs it: with its oneDNN layer helpers.
    NativeRuntime.enableLayerHelpers();
    byte[] zip = Files.readAllBytes(Path.of(args[0]));
    CnnNetwork network = CnnNetwork.read(zip, false, args[0]);
    IdxImages images;
    IdxLabels labels;
    try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
      images = IdxReader.readImages(args[2], in);
    }
    try (InputStream in = Files.newInputStream(Path.of(args[3]))) {
      labels = IdxReader.readLabels(args[3], in);
    }
    int batch = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
    int n = images.count();
    int side = images.rows();
    float[] pixels = new float[images.pixels().length];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (images.pixels()[i] & 0xff) / 255f;
    }
    int perImage = images.pixelsPerImage();

    // Each engine on its own, warm-up batch first: ONNX Runtime's threads spin for a while after
    // each run, which would slow DL4J if the two took turns batch by batch.
    float[][] dl4j = new float[n][];
    float[][] onnx = new float[n][];
    scoreWithDl4j(network, pixels, perImage, side, images.cols(), batch, Math.min(batch, n), new float[n][]);
    long t0 = System.nanoTime();
    scoreWithDl4j(network, pixels, perImage, side, images.cols(), batch, n, dl4j);
    double dl4jSeconds = (System.nanoTime() - t0) / 1e9;
    double onnxSeconds;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(args[1], new OrtSession.SessionOptions())) {
      scoreWithOnnxRuntime(env, session, pixels, perImage, side, images.cols(), batch, Math.min(batch, n), new float[n][]);
      long t1 = System.nanoTime();
      scoreWithOnnxRuntime(env, session, pixels, perImage, side, images.cols(), batch, n, onnx);
      onnxSeconds = (System.nanoTime() - t1) / 1e9;
    }

    double largest = 0;
    double sum = 0;
    int agree = 0;
    int dl4jRight = 0;
    int onnxRight = 0;
    int classes = dl4j[0].length;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < classes; c++) {
        double d = Math.abs(dl4j[i][c] - onnx[i][c]);
        largest = Math.max(largest, d);
        sum += d;
      }
      int a = PredictedClass.of(dl4j[i]);
      int b = PredictedClass.of(onnx[i]);
      agree += a == b ? 1 : 0;
      dl4jRight += a == labels.labels()[i] ? 1 : 0;
      onnxRight += b == labels.labels()[i] ? 1 : 0;
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("model", args[0]);
    result.put("onnx", args[1]);
    result.put("images", n);
    result.put("largestProbabilityDifference", largest);
    result.put("meanProbabilityDifference", sum / ((double) n * classes));
    result.put("classesAgree", agree);
    result.put("dl4jAccuracy", dl4jRight / (double) n);
    result.put("onnxAccuracy", onnxRight / (double) n);
    result.put("batch", batch);
    result.put("dl4jImagesPerSecond", n / dl4jSeconds);
    result.put("onnxRuntimeImagesPerSecond", n / onnxSeconds);
    result.put("onnxRuntimeSpeedRatio", dl4jSeconds / onnxSeconds);
    Files.write(Path.of(args[4]), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(result));
    System.out.printf(Locale.ROOT, "%d images: largest probability difference %.2e (mean %.2e), classes agree on %d of %d;"
        + " accuracy DL4J %.4f, ONNX Runtime %.4f; scoring at batch %d: DL4J %.0f images/s, ONNX Runtime %.0f images/s"
        + " (%.2fx)%n", n, largest, sum / ((double) n * classes), agree, n, dl4jRight / (double) n, onnxRight / (double) n,
        batch, n / dl4jSeconds, n / onnxSeconds, dl4jSeconds / onnxSeconds);
  }

  private static void scoreWithDl4j(CnnNetwork network, float[] pixels, int perImage, int rows, int cols, int batch,
      int end, float[][] into) {
    for (int start = 0; start < end; start += batch) {
      int count = Math.min(batch, end - start);
      float[] slice = Arrays.copyOfRange(pixels, start * perImage, (start + count) * perImage);
      // One copy out of native memory; INDArray.toFloatMatrix() would take a view per row.
      float[] p = network.output(Nd4j.create(slice, new long[] {count, 1, rows, cols}, 'c')).dup('c').data().asFloat();
      int classes = p.length / count;
      for (int i = 0; i < count; i++) {
        into[start + i] = Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
      }
    }
  }

  private static void scoreWithOnnxRuntime(OrtEnvironment env, OrtSession session, float[] pixels, int perImage, int rows,
      int cols, int batch, int end, float[][] into) throws OrtException {
    for (int start = 0; start < end; start += batch) {
      int count = Math.min(batch, end - start);
      float[] slice = Arrays.copyOfRange(pixels, start * perImage, (start + count) * perImage);
      try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(slice), new long[] {count, 1, rows, cols});
          OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
        System.arraycopy((float[][]) result.get(0).getValue(), 0, into, start, count);
      }
    }
  }
}
