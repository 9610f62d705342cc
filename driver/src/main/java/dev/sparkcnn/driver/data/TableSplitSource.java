package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.ImageDecoder;
import dev.sparkcnn.data.ImageFitter;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.RawImage;
import dev.sparkcnn.driver.config.DataConfig;
import dev.sparkcnn.driver.config.Settings;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * A Parquet table (a file or a folder of them, on any Hadoop FS) with an image column, a label
 * column and optionally an id column. The driver reads the schema and one row; the executors read
 * and decode the rest. Errors name the Parquet file a row came from and its id.
 */
final class TableSplitSource implements SplitSource {
  /** How the image column stores its images. */
  enum ImageKind {
    /** PNG or JPEG bytes. */
    ENCODED,
    /** Pixel values 0-255, CHW, of a square image. */
    ARRAY,
    /** The struct of Spark's image data source: interleaved BGR(A) or grey bytes. */
    SPARK_IMAGE
  }

  private static final List<String> SPARK_IMAGE_FIELDS = List.of("height", "width", "nChannels", "data");

  private final String path;
  private final Dataset<Row> table;
  private final DataConfig data;
  private final ImageKind imageKind;
  private final boolean namedLabels;
  private final boolean hasId;
  private final Optional<List<String>> indexNames;
  private SkipTally badRows;

  private TableSplitSource(String path, Dataset<Row> table, DataConfig data, ImageKind imageKind, boolean namedLabels,
      boolean hasId, Optional<List<String>> indexNames) {
    this.path = path;
    this.table = table;
    this.data = data;
    this.imageKind = imageKind;
    this.namedLabels = namedLabels;
    this.hasId = hasId;
    this.indexNames = indexNames;
  }

  /** Reads the table's schema and checks its columns. */
  static TableSplitSource open(SparkSession spark, String path, DataConfig data) throws IOException {
    return of(readTable(spark, path), path, data);
  }

  /**
   * A table the caller already has (a DataFrame of a Spark application), checked like a Parquet
   * table. A label column with nominal metadata (a {@code StringIndexer}'s output) keeps the
   * metadata's class names for its indices.
   *
   * @param name what messages call the table, when its rows come from no file
   */
  static TableSplitSource of(Dataset<Row> table, String name, DataConfig data) throws IOException {
    String path = name;
    StructType schema = table.schema();
    String columns = String.join(", ", schema.fieldNames());
    DataType image = column(schema, path, data.imageColumn(), "data.imageColumn", columns);
    DataType label = column(schema, path, data.labelColumn(), "data.labelColumn", columns);
    ImageKind kind = imageKind(path, data.imageColumn(), "data.imageColumn", image);
    boolean named;
    if (label instanceof StringType) {
      named = true;
    } else if (label instanceof NumericType && !(label instanceof DecimalType)) {
      named = false;
    } else {
      throw new InvalidDataException(path, "column '" + data.labelColumn() + "' (data.labelColumn) is " + label.simpleString()
          + "; expected whole numbers (class indices) or strings (class names)");
    }
    boolean hasId = Arrays.asList(schema.fieldNames()).contains(data.idColumn());
    if (hasId) {
      DataType id = schema.apply(data.idColumn()).dataType();
      if (!(id instanceof StringType) && !isWhole(id)) {
        throw new InvalidDataException(path, "column '" + data.idColumn() + "' (data.idColumn) is " + id.simpleString()
            + "; expected whole numbers or strings");
      }
    }
    return new TableSplitSource(path, table, data, kind, named, hasId, nominalValues(schema.apply(data.labelColumn())));
  }

  /** The class names of a label column that Spark ML's attributes describe as nominal. */
  private static Optional<List<String>> nominalValues(StructField label) {
    if (!(label.dataType() instanceof NumericType)) {
      return Optional.empty();
    }
    Attribute attribute = Attribute.fromStructField(label);
    if (attribute instanceof NominalAttribute nominal && nominal.values().isDefined()) {
      return Optional.of(List.of(nominal.values().get()));
    }
    return Optional.empty();
  }

  /** A Parquet table or folder of them; refused, naming it, when Spark cannot read it as one. */
  static Dataset<Row> readTable(SparkSession spark, String path) throws InvalidDataException {
    try {
      return spark.read().parquet(path);
    } catch (Exception e) {
      // AnalysisException is checked in Scala and undeclared in Java, hence Exception here.
      if (e instanceof AnalysisException a) {
        throw new InvalidDataException(path, "cannot be read as a Parquet table: " + a.getSimpleMessage());
      }
      // Spark reads a footer in a job of its own to learn the schema.
      Optional<InvalidDataException> unreadable = UnreadableParquet.findIn(e);
      if (unreadable.isPresent()) {
        throw unreadable.get();
      }
      throw e;
    }
  }

  /** How a column of this type stores images; refused, naming the column, when it stores none. */
  static ImageKind imageKind(String path, String column, String key, DataType type) throws InvalidDataException {
    if (type instanceof BinaryType) {
      return ImageKind.ENCODED;
    } else if (type instanceof ArrayType array && array.elementType() instanceof NumericType) {
      return ImageKind.ARRAY;
    } else if (type instanceof StructType struct && Arrays.asList(struct.fieldNames()).containsAll(SPARK_IMAGE_FIELDS)) {
      return ImageKind.SPARK_IMAGE;
    }
    throw new InvalidDataException(path, "column '" + column + "' (" + key + ") is " + type.simpleString()
        + "; expected binary (PNG/JPEG bytes), an array of numbers (pixel values 0-255), or the struct of Spark's image source");
  }

  static DataType column(StructType schema, String path, String name, String key, String columns)
      throws InvalidDataException {
    Optional<StructField> field = Arrays.stream(schema.fields()).filter(f -> f.name().equals(name)).findFirst();
    if (field.isEmpty()) {
      throw new InvalidDataException(path, "has no column '" + name + "' (" + key + "); its columns: " + columns);
    }
    return field.get().dataType();
  }

  private static boolean isWhole(DataType type) {
    return type.equals(DataTypes.ByteType) || type.equals(DataTypes.ShortType) || type.equals(DataTypes.IntegerType)
        || type.equals(DataTypes.LongType);
  }

  @Override
  public String location() {
    return path;
  }

  @Override
  public Optional<List<String>> classNames() throws IOException {
    if (!namedLabels) {
      return Optional.empty();
    }
    Column label = functions.col(data.labelColumn());
    List<String> distinct = ImageSets.runChecked(() -> TableRows.of(table.select(label).where(label.isNotNull()), path)
        .map(r -> r.getString(0)).distinct().take(Settings.MAX_CLASSES + 1));
    return Optional.of(LabelMapping.sorted(distinct));
  }

  @Override
  public Optional<List<String>> indexNames() {
    return namedLabels ? Optional.empty() : indexNames;
  }

  @Override
  public ImageShape naturalShape() throws IOException {
    Column image = functions.col(data.imageColumn());
    List<Row> first = ImageSets.runChecked(() -> TableRows.of(table.select(functions.input_file_name(), image)
        .where(image.isNotNull()), path).take(1));
    if (first.isEmpty()) {
      throw new InvalidDataException(path, "holds no images (no row with a non-null '" + data.imageColumn() + "')");
    }
    RawImage raw = decode(imageKind, where(path, first.get(0).getString(0)), first.get(0), 1, data.channels());
    return new ImageShape(raw.height(), raw.width(), raw.channels());
  }

  /** The file and id of the first row with this label. */
  @Override
  public String whereLabel(long label) throws IOException {
    Column labelColumn = functions.col(data.labelColumn());
    Column[] columns = hasId ? new Column[] {functions.input_file_name(), functions.col(data.idColumn())}
        : new Column[] {functions.input_file_name()};
    List<Row> first = ImageSets.runChecked(() -> TableRows.of(table.where(labelColumn.equalTo(label)).select(columns), path)
        .take(1));
    return first.isEmpty() ? path : where(path, first.get(0).getString(0))
        + (hasId && !first.get(0).isNullAt(1) ? " (" + data.idColumn() + " " + first.get(0).get(1) + ")" : "");
  }

  /**
   * Refuses a table in which two rows have one id, naming the id and both rows' files: ids order the
   * images, and so every epoch and every checkpoint's place in it.
   */
  private void refuseDuplicateIds() throws IOException {
    final String name = path;
    Column id = functions.col(data.idColumn());
    List<Tuple2<String, String>> twice = ImageSets.runChecked(() -> TableRows.of(table.select(id, functions.input_file_name())
        .where(id.isNotNull()), path)
        .mapToPair(r -> new Tuple2<>(String.valueOf(r.get(0)), where(name, r.getString(1))))
        .reduceByKey((a, b) -> a.contains("\n") ? a : a + "\n" + b)
        .filter(t -> t._2().contains("\n"))
        .take(1));
    if (!twice.isEmpty()) {
      String[] files = twice.get(0)._2().split("\n");
      throw new InvalidDataException(path, "holds two rows with " + data.idColumn() + " " + twice.get(0)._1() + ", in "
          + (files[0].equals(files[1]) ? files[0] : files[0] + " and " + files[1]) + "; ids must be unique, as they "
          + "order the images for every epoch and checkpoint (data.idColumn)");
    }
  }

  @Override
  public JavaPairRDD<Long, LabeledImage> ranked(ImageFitter fitter, LabelMapping labels, int limit, int partitions)
      throws IOException {
    if (hasId) {
      refuseDuplicateIds();
    }
    Column[] columns = hasId
        ? new Column[] {functions.input_file_name(), functions.col(data.imageColumn()), functions.col(data.labelColumn()),
            functions.col(data.idColumn())}
        : new Column[] {functions.input_file_name(), functions.col(data.imageColumn()), functions.col(data.labelColumn())};
    final ImageKind kind = imageKind;
    final boolean named = namedLabels;
    final boolean withId = hasId;
    final int channels = data.channels();
    final String idName = data.idColumn();
    final String labelName = data.labelColumn();
    final String imageName = data.imageColumn();
    final String name = path;
    final boolean skipBad = FolderRules.of(data).skipsBadImages();
    final SkipTally skipped = badRows = SkipTally.register(spark(), "rows of " + path + " without a decodable image");
    JavaPairRDD<String, LabeledImage> keyed = TableRows.of(table.select(columns), name).flatMapToPair(row -> {
      String where = where(name, row.getString(0)) + (withId && !row.isNullAt(3) ? " (" + idName + " " + row.get(3) + ")" : "");
      if (row.isNullAt(2)) {
        throw new InvalidDataException(where, "a row has no label (column '" + labelName + "')");
      }
      int label;
      try {
        label = named ? labels.index(where, row.getString(2)) : labels.index(where, wholeLabel(where, (Number) row.get(2)));
      } catch (InvalidDataException e) {
        throw new InvalidDataException(where, "column '" + labelName + "': " + e.getMessage().substring(where.length() + 2), e);
      }
      RawImage raw;
      try {
        raw = decodeCell(kind, where, row, channels);
      } catch (InvalidDataException e) {
        if (!skipBad) {
          throw new InvalidDataException(where, "column '" + imageName + "': " + e.getMessage().substring(where.length() + 2)
              + "; set data.badImages=skip to leave such rows out", e);
        }
        skipped.add(Skips.of(row.isNullAt(1) || isEmptyCell(row.get(1)) ? SkipReason.EMPTY : SkipReason.UNDECODABLE, where));
        return java.util.Collections.emptyIterator();
      }
      LabeledImage image = new LabeledImage(fitter.fit(where, raw), label);
      String key = !withId || row.isNullAt(3) ? SortKeys.content(image)
          : row.get(3) instanceof Number n ? SortKeys.number(n.longValue()) : row.getString(3);
      return List.of(new Tuple2<>(SortKeys.withContent(key, image), image)).iterator();
    });
    return Ranking.rank(keyed, partitions, limit).setName("Parquet " + path);
  }

  /** A row's image; refused, naming the row, when the cell is empty or does not decode. */
  static RawImage decodeCell(ImageKind kind, String where, Row row, int channels) throws InvalidDataException {
    if (row.isNullAt(1) || isEmptyCell(row.get(1))) {
      throw new InvalidDataException(where, "a row has no image (an empty cell)");
    }
    return decode(kind, where, row, 1, channels);
  }

  static boolean isEmptyCell(Object cell) {
    return cell instanceof byte[] bytes && bytes.length == 0;
  }

  @Override
  public Skips skipped() {
    return badRows == null ? Skips.NONE : badRows.total();
  }

  private JavaSparkContext spark() {
    return JavaSparkContext.fromSparkContext(table.sparkSession().sparkContext());
  }

  /** The file a row came from; the table's name for rows of no file (a DataFrame built in memory). */
  private static String where(String table, String file) {
    return file == null || file.isEmpty() ? table : file;
  }

  /** A class index stored as a number: Spark ML's label columns hold whole doubles. */
  private static long wholeLabel(String where, Number label) throws InvalidDataException {
    double value = label.doubleValue();
    if (value != Math.rint(value) || Double.isInfinite(value)) {
      throw new InvalidDataException(where, "label " + label + " is not a whole number; expected a class index");
    }
    return label.longValue();
  }

  /** Column {@code at} of {@code row} as a decoded image. */
  static RawImage decode(ImageKind kind, String where, Row row, int at, int channels) throws InvalidDataException {
    return switch (kind) {
      case ENCODED -> ImageDecoder.decode(where, (byte[]) row.get(at));
      case ARRAY -> fromArray(where, row.getList(at), channels);
      case SPARK_IMAGE -> {
        Row image = row.getStruct(at);
        int height = image.getInt(image.fieldIndex("height"));
        int width = image.getInt(image.fieldIndex("width"));
        int samples = image.getInt(image.fieldIndex("nChannels"));
        byte[] bytes = (byte[]) image.get(image.fieldIndex("data"));
        if (height <= 0 || width <= 0 || (samples != 1 && samples != 3 && samples != 4)
            || bytes == null || bytes.length != (long) height * width * samples) {
          throw new InvalidDataException(where, "holds an image struct of " + height + "x" + width + "x" + samples
              + " with " + (bytes == null ? 0 : bytes.length) + " bytes; expected grey, BGR or BGRA bytes of that size");
        }
        yield RawImage.fromInterleavedBgr(height, width, samples, bytes);
      }
    };
  }

  /** Pixel values 0-255 of a square image, grey or (three planes) RGB. */
  private static RawImage fromArray(String where, List<Object> values, int channels) throws InvalidDataException {
    int n = values.size();
    int grey = (int) Math.round(Math.sqrt(n));
    int colour = (int) Math.round(Math.sqrt(n / 3.0));
    boolean asColour = channels == 3 ? colour * colour * 3 == n : grey * grey != n && colour * colour * 3 == n;
    int side = asColour ? colour : grey;
    if (side * side * (asColour ? 3 : 1) != n || n == 0) {
      throw new InvalidDataException(where, "holds an array of " + n + " pixel values; expected a square image, "
          + "side x side values (grey) or 3 x side x side (RGB planes)");
    }
    byte[] planes = new byte[n];
    for (int i = 0; i < n; i++) {
      Object v = values.get(i);
      double value = v instanceof Number number ? number.doubleValue() : Double.NaN;
      if (!(value >= 0 && value <= 255)) {
        throw new InvalidDataException(where, "pixel value " + v + " at position " + i + " is not in [0, 255]");
      }
      planes[i] = (byte) Math.round(value);
    }
    return new RawImage(side, side, asColour ? 3 : 1, planes);
  }
}
