package dev.sparkcnn.driver.predict;

import dev.sparkcnn.data.IdxDatasetLoader;
import dev.sparkcnn.data.IdxImages;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.CnnNetwork;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/**
 * {@code predict}: scores images in batch on the executors. The model travels once, as a
 * broadcast of its zip; each partition reads it back once and scores its images in minibatches.
 * Input is an IDX images file (ids are the 0-based positions) or a folder of PNG files (ids are
 * the file names, read on the executors). Output goes under {@code OUTPUT/predictions/}, one part
 * file per partition: CSV with a header, {@code id,predicted,p0,...,pK-1}; or Parquet with the
 * columns {@code id} (string), {@code predicted} (int) and {@code probabilities} (array of double).
 */
public final class BatchPrediction {
  /** The folder under the output that holds the part files. */
  public static final String FOLDER = "predictions";

  /** How the predictions are written. */
  public enum Format { CSV, PARQUET }

  private final JavaSparkContext sc;
  private final int batchSize;
  private final int partitions;

  /**
   * @param batchSize images per forward pass on an executor, &gt; 0
   * @param partitions tasks to spread the images over, &gt; 0
   */
  public BatchPrediction(JavaSparkContext sc, int batchSize, int partitions) {
    this.sc = sc;
    this.batchSize = batchSize;
    this.partitions = partitions;
  }

  /** Scores every image of {@code input}, writes them under {@code output}, and returns how many were scored. */
  public long run(byte[] model, String input, String output, Format format) throws IOException {
    Path path = new Path(input);
    FileSystem fs = path.getFileSystem(sc.hadoopConfiguration());
    JavaPairRDD<String, byte[]> images;
    if (fs.getFileStatus(path).isDirectory()) {
      images = sc.binaryFiles(new Path(path, "*.png").toString(), partitions)
          .mapToPair(file -> new Tuple2<>(new Path(file._1()).getName(), grey(file._1(), file._2().toArray())));
    } else {
      IdxImages idx = new IdxDatasetLoader(sc.hadoopConfiguration()).loadImages(input);
      List<Tuple2<String, byte[]>> list = new ArrayList<>(idx.count());
      int size = idx.pixelsPerImage();
      for (int i = 0; i < idx.count(); i++) {
        list.add(new Tuple2<>(String.valueOf(i), Arrays.copyOfRange(idx.pixels(), i * size, (i + 1) * size)));
      }
      images = sc.parallelizePairs(list, partitions);
    }
    Broadcast<byte[]> modelBytes = sc.broadcast(model);
    final int batch = batchSize;
    JavaPairRDD<String, byte[]> keyed = images.setName("images to score");
    long count = keyed.count();
    String folder = new Path(output, FOLDER).toString();
    if (format == Format.CSV) {
      keyed.mapPartitions(it -> csv(score(it, modelBytes.value(), batch))).saveAsTextFile(folder);
    } else {
      JavaRDD<Row> rows = keyed.mapPartitions(it -> rows(score(it, modelBytes.value(), batch)));
      StructType schema = new StructType()
          .add("id", DataTypes.StringType, false)
          .add("predicted", DataTypes.IntegerType, false)
          .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
      SparkSession.builder().sparkContext(sc.sc()).getOrCreate().createDataFrame(rows, schema).write().parquet(folder);
    }
    modelBytes.destroy();
    return count;
  }

  /** A partition's images scored batch by batch: each id with its class probabilities. */
  private static List<Tuple2<String, double[]>> score(Iterator<Tuple2<String, byte[]>> images, byte[] model, int batchSize)
      throws IOException {
    List<Tuple2<String, double[]>> scored = new ArrayList<>();
    if (!images.hasNext()) {
      return scored;
    }
    CnnNetwork network = CnnNetwork.read(model, false);
    List<Tuple2<String, byte[]>> batch = new ArrayList<>(batchSize);
    while (images.hasNext()) {
      batch.add(images.next());
      if (batch.size() == batchSize || !images.hasNext()) {
        INDArray probabilities = network.output(features(batch));
        for (int i = 0; i < batch.size(); i++) {
          scored.add(new Tuple2<>(batch.get(i)._1(), probabilities.getRow(i).toDoubleVector()));
        }
        batch.clear();
      }
    }
    return scored;
  }

  /** CSV lines after a header; a partition without images writes an empty part file. */
  private static Iterator<String> csv(List<Tuple2<String, double[]>> scored) {
    List<String> lines = new ArrayList<>();
    if (!scored.isEmpty()) {
      lines.add(header(scored.get(0)._2().length));
    }
    scored.forEach(s -> lines.add(line(s._1(), s._2())));
    return lines.iterator();
  }

  private static Iterator<Row> rows(List<Tuple2<String, double[]>> scored) {
    return scored.stream().map(s -> RowFactory.create(s._1(), argMax(s._2()), s._2())).iterator();
  }

  private static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** NCHW features in [0, 1], scaled as training scaled them (MinibatchAssembler); images are square grey ones. */
  static INDArray features(List<Tuple2<String, byte[]>> batch) {
    int pixels = batch.get(0)._2().length;
    int side = (int) Math.round(Math.sqrt(pixels));
    if (side * side != pixels) {
      throw new IllegalArgumentException("images of " + pixels + " pixels are not square; predict scores square grey images");
    }
    for (Tuple2<String, byte[]> image : batch) {
      if (image._2().length != pixels) {
        throw new IllegalArgumentException("image " + image._1() + " has " + image._2().length
            + " pixels, the others " + pixels + "; every image must have the model's size");
      }
    }
    // Only the features are assembled: the class count does not matter.
    return new MinibatchAssembler(new ImageShape(side, side, 1), 2)
        .features(batch.stream().map(Tuple2::_2).toList());
  }

  static String header(int classes) {
    StringBuilder line = new StringBuilder("id,predicted");
    for (int c = 0; c < classes; c++) {
      line.append(",p").append(c);
    }
    return line.toString();
  }

  static String line(String id, double[] probabilities) {
    StringBuilder line = new StringBuilder(id.contains(",") ? "\"" + id + "\"" : id);
    line.append(',').append(argMax(probabilities));
    for (double p : probabilities) {
      line.append(',').append(String.format(Locale.ROOT, "%.6g", p));
    }
    return line.toString();
  }

  /** A PNG file as grey unsigned bytes, row-major; 8-bit grey as stored, colour averaged to grey. */
  static byte[] grey(String name, byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    if (image == null) {
      throw new IOException(name + ": not a readable PNG image");
    }
    byte[] out = new byte[image.getWidth() * image.getHeight()];
    // A grey PNG's samples as stored: getRGB would pass them through a colour-space conversion.
    boolean grey = image.getRaster().getNumBands() == 1 && image.getColorModel().getPixelSize() == 8;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int value;
        if (grey) {
          value = image.getRaster().getSample(x, y, 0);
        } else {
          int rgb = image.getRGB(x, y);
          value = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
        }
        out[y * image.getWidth() + x] = (byte) value;
      }
    }
    return out;
  }
}
