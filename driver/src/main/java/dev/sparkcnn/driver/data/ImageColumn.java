package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.ImageFitter;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.Serializable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A column of images in a caller's DataFrame (PNG/JPEG bytes, pixel arrays, or Spark's image
 * struct), read row by row on the executors and fitted to a model's input, as training read it.
 */
public final class ImageColumn implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final int index;
  private final TableSplitSource.ImageKind kind;
  private final String table;

  private ImageColumn(String name, int index, TableSplitSource.ImageKind kind, String table) {
    this.name = name;
    this.index = index;
    this.kind = kind;
    this.table = table;
  }

  /**
   * The column {@code name} of rows with {@code schema}; refused, naming it and the columns there
   * are, when it is missing or holds no images.
   *
   * @param key the setting that named the column, for messages
   * @param table what messages call the rows
   */
  public static ImageColumn of(StructType schema, String name, String key, String table) throws InvalidDataException {
    String columns = String.join(", ", schema.fieldNames());
    TableSplitSource.ImageKind kind = TableSplitSource.imageKind(table, name, key,
        TableSplitSource.column(schema, table, name, key, columns));
    return new ImageColumn(name, schema.fieldIndex(name), kind, table);
  }

  /**
   * A lone image value, as a SQL function receives it: {@code byte[]} (PNG/JPEG), a Seq of pixel
   * values, or the Row of Spark's image struct. Wrap it with {@code RowFactory.create(value)}.
   *
   * @param name what messages call the value
   */
  public static ImageColumn forValue(Object value, String name, String table) throws InvalidDataException {
    TableSplitSource.ImageKind kind;
    if (value instanceof byte[]) {
      kind = TableSplitSource.ImageKind.ENCODED;
    } else if (value instanceof scala.collection.Seq<?>) {
      kind = TableSplitSource.ImageKind.ARRAY;
    } else if (value instanceof Row) {
      kind = TableSplitSource.ImageKind.SPARK_IMAGE;
    } else {
      throw new InvalidDataException(table, name + " is " + value.getClass().getSimpleName() + "; expected binary "
          + "(PNG/JPEG bytes), an array of numbers (pixel values 0-255), or the struct of Spark's image source");
    }
    return new ImageColumn(name, 0, kind, table);
  }

  /** This row's image, fitted: what {@code MinibatchAssembler.features} takes. */
  public byte[] fitted(Row row, ImageFitter fitter, int channels) throws InvalidDataException {
    if (row.isNullAt(index)) {
      throw new InvalidDataException(table, "a row has no image in column '" + name + "'");
    }
    try {
      return fitter.fit(table, TableSplitSource.decode(kind, table, row, index, channels));
    } catch (InvalidDataException e) {
      throw new InvalidDataException(table, "column '" + name + "': " + e.getMessage().substring(table.length() + 2), e);
    }
  }
}
