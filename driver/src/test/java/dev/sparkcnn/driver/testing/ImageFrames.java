package dev.sparkcnn.driver.testing;

import dev.sparkcnn.data.ImageEncoder;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * DataFrames of learnable synthetic 28x28 images ({@link SyntheticIdx}) as a Spark application
 * would hold them: {@code id} (long), {@code image} (PNG bytes), {@code label} (the class's name)
 * and {@code heldOut} (every fifth row).
 */
public final class ImageFrames {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("image", DataTypes.BinaryType, false)
      .add("label", DataTypes.StringType, false)
      .add("heldOut", DataTypes.BooleanType, false);

  private ImageFrames() {}

  /** {@code count} images of {@code classes} (class i is named classes.get(i)), drawn with {@code seed}. */
  public static Dataset<Row> of(SparkSession spark, int count, long seed, List<String> classes) {
    byte[] labels = new byte[count];
    byte[] pixels = SyntheticIdx.pixels(count, 28, 28, classes.size(), seed, labels);
    ImageShape shape = new ImageShape(28, 28, 1);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] png = ImageEncoder.png(shape, Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784));
      rows.add(RowFactory.create(seed * 1_000_000 + i, png, classes.get(labels[i]), i % 5 == 0));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }
}
