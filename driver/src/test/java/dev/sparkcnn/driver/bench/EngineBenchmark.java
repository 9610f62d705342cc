package dev.sparkcnn.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkcnn.data.IdxImages;
import dev.sparkcnn.data.IdxReader;
import dev.sparkcnn.data.ImageEncoder;
import dev.sparkcnn.driver.export.OnnxConversion;
import dev.sparkcnn.driver.ml.CnnClassificationModel;
import dev.sparkcnn.driver.ml.CnnFunctions;
import dev.sparkcnn.eval.PredictedClass;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.runtime.NativeRuntime;
import dev.sparkcnn.scoring.Dl4jScorer;
import dev.sparkcnn.scoring.OnnxRuntimeScorer;
import dev.sparkcnn.scoring.Scorer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The scoring engines on the same images: for each network, DL4J and ONNX Runtime in this JVM
 * with the same threads and minibatch (each alone, after an untimed warm-up pass), their largest
 * probability difference and class agreement; then, for one network, the Spark paths a user
 * takes (transform with each engine, the SQL function) on local[2]. Writes OUT/NETWORK.zip,
 * OUT/NETWORK.onnx, OUT/NETWORK.onnxruntime.f32 (the probabilities, for the PyTorch peer to compare
 * with) and OUT/engines.json. Run by deploy/bench/engines.
 *
 * <p>Arguments: {@code IMAGES.idx OUT BATCH THREADS SPARK_NETWORK NETWORK...}.
 */
public final class EngineBenchmark {
  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    // DL4J at its best: its oneDNN layer helpers, as the command line and conf/spark-defaults.conf have them.
    NativeRuntime.enableLayerHelpers();
    IdxImages images;
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      images = IdxReader.readImages(args[0], in);
    }
    Path out = Files.createDirectories(Path.of(args[1]));
    int batch = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    String sparkNetwork = args[4];
    List<String> networks = List.of(args).subList(5, args.length);
    List<byte[]> pixels = new ArrayList<>();
    for (int i = 0; i < images.count(); i++) {
      pixels.add(Arrays.copyOfRange(images.pixels(), i * 784, (i + 1) * 784));
    }
    InputSchema schema = new InputSchema(ImageShape.MNIST, InputSchema.indexNames(10), false);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("images", images.count());
    result.put("batch", batch);
    result.put("threads", threads);
    Map<String, Object> perNetwork = new LinkedHashMap<>();
    for (String name : networks) {
      CnnNetwork network = ModelCatalog.get(name).build(new NetworkSettings(ImageShape.MNIST, 10,
          new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 7));
      ByteArrayOutputStream zip = new ByteArrayOutputStream();
      network.write(zip, false, schema);
      Files.write(out.resolve(name + ".zip"), zip.toByteArray());
      byte[] onnx = OnnxConversion.of(zip.toByteArray(), name);
      Files.write(out.resolve(name + ".onnx"), onnx);
      float[][] dl4j = new float[pixels.size()][];
      float[][] ort = new float[pixels.size()][];
      double dl4jRate;
      double ortRate;
      try (Scorer scorer = new Dl4jScorer(zip.toByteArray(), schema)) {
        dl4jRate = timed(scorer, pixels, batch, dl4j);
      }
      try (Scorer scorer = new OnnxRuntimeScorer(onnx, schema, threads)) {
        ortRate = timed(scorer, pixels, batch, ort);
      }
      double largest = 0;
      int agree = 0;
      ByteBuffer f32 = ByteBuffer.allocate(pixels.size() * 10 * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < pixels.size(); i++) {
        for (int c = 0; c < 10; c++) {
          largest = Math.max(largest, Math.abs(dl4j[i][c] - ort[i][c]));
          f32.putFloat(ort[i][c]);
        }
        agree += PredictedClass.of(dl4j[i]) == PredictedClass.of(ort[i]) ? 1 : 0;
      }
      Files.write(out.resolve(name + ".onnxruntime.f32"), f32.array());
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("dl4jImagesPerSecond", dl4jRate);
      figures.put("onnxRuntimeImagesPerSecond", ortRate);
      figures.put("onnxRuntimeOverDl4j", ortRate / dl4jRate);
      figures.put("largestProbabilityDifference", largest);
      figures.put("classesAgree", agree);
      perNetwork.put(name, figures);
      System.out.printf(Locale.ROOT, "%-16s DL4J %8.0f images/s, ONNX Runtime %8.0f images/s (%.1fx); largest "
          + "difference %.1e, classes agree on %d of %d%n", name, dl4jRate, ortRate, ortRate / dl4jRate, largest, agree,
          pixels.size());
    }
    result.put("networks", perNetwork);
    result.put("spark", sparkPaths(out.resolve(sparkNetwork + ".zip"), pixels, batch));
    Files.write(out.resolve("engines.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsBytes(result));
  }

  /** Images/s of the timed pass over every image, after two untimed minibatches. */
  private static double timed(Scorer scorer, List<byte[]> pixels, int batch, float[][] into) {
    score(scorer, pixels.subList(0, Math.min(2 * batch, pixels.size())), batch, into);
    long start = System.nanoTime();
    score(scorer, pixels, batch, into);
    return pixels.size() / ((System.nanoTime() - start) / 1e9);
  }

  private static void score(Scorer scorer, List<byte[]> pixels, int batch, float[][] into) {
    for (int start = 0; start < pixels.size(); start += batch) {
      int end = Math.min(start + batch, pixels.size());
      float[][] p = scorer.probabilities(pixels.subList(start, end));
      System.arraycopy(p, 0, into, start, end - start);
    }
  }

  /** transform with each engine and the SQL function, on a cached DataFrame of PNG bytes; images/s of the second pass. */
  private static Map<String, Object> sparkPaths(Path zip, List<byte[]> pixels, int batch) throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    try (SparkSession spark = SparkSession.builder().master("local[2]").appName("engines")
        .config("spark.ui.enabled", "false").getOrCreate()) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < pixels.size(); i++) {
        rows.add(RowFactory.create((long) i, ImageEncoder.png(ImageShape.MNIST, pixels.get(i))));
      }
      Dataset<Row> frame = spark.createDataFrame(rows, new StructType().add("id", DataTypes.LongType)
          .add("image", DataTypes.BinaryType)).repartition(2).cache();
      frame.count();
      frame.createOrReplaceTempView("photos");
      CnnClassificationModel model = CnnClassificationModel.fromModelZip(Files.readAllBytes(zip));
      figures.put("network", zip.getFileName().toString().replace(".zip", ""));
      for (String engine : List.of("dl4j", "onnxruntime")) {
        CnnClassificationModel scoring = model.copy(new org.apache.spark.ml.param.ParamMap()).setEngine(engine)
            .setEvalBatchSize(batch);
        figures.put("transform " + engine, rate(() -> scoring.transform(frame).select("prediction").foreach(r -> { }),
            pixels.size()));
        CnnFunctions.register(spark, "classify_" + engine, scoring);
        figures.put("sql " + engine, rate(() -> spark.sql("SELECT classify_" + engine + "(image).index FROM photos")
            .foreach(r -> { }), pixels.size()));
      }
    }
    figures.forEach((k, v) -> System.out.printf(Locale.ROOT, "spark local[2] %-22s %s%n", k,
        v instanceof Double d ? String.format(Locale.ROOT, "%.0f images/s", d) : v));
    return figures;
  }

  private static double rate(Runnable pass, int images) {
    pass.run();
    long start = System.nanoTime();
    pass.run();
    return images / ((System.nanoTime() - start) / 1e9);
  }
}
