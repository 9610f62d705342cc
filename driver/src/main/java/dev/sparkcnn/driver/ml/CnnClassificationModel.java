package dev.sparkcnn.driver.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.data.ImageFitter;
import dev.sparkcnn.driver.data.ImageColumn;
import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.ModelProvenance;
import dev.sparkcnn.driver.predict.ScorerSource;
import dev.sparkcnn.driver.train.TrainingResult;
import dev.sparkcnn.eval.PredictedClass;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.refusal.InvalidDataException;
import dev.sparkcnn.scoring.Scorers;
import dev.sparkcnn.scoring.ScoringEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;
import scala.Option;

/**
 * A trained spark-cnn network as a Spark ML {@link Model}: {@link #transform} scores the images of
 * {@code imageCol} on the executors, in minibatches of {@code evalBatchSize}, fitting each image to
 * the network's input as training did, and adds {@code rawPredictionCol}, {@code probabilityCol}
 * and {@code predictionCol}. {@link #classNames()} names the class of each prediction index.
 * Saved with {@code write().save(path)} as Spark ML metadata plus the network's {@code model.zip}
 * (the file the command line writes, which {@code spark-cnn evaluate} and {@code predict} take).
 */
public final class CnnClassificationModel extends Model<CnnClassificationModel>
    implements ScoringParams<CnnClassificationModel>, MLWritable {
  private static final long serialVersionUID = 1L;
  /** Where {@link #write()} puts the network, under the model's folder. */
  static final String NETWORK_FILE = "data/model.zip";
  /** Where {@link #write()} puts {@link #history()}, a metrics.jsonl line per epoch. */
  static final String HISTORY_FILE = "data/history.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String uid;
  private final List<CnnParams.Declared> declared;
  private final byte[] network;
  private final InputSchema schema;
  private final List<EpochMetrics> history;

  CnnClassificationModel(String uid, byte[] network, List<EpochMetrics> history) {
    this.uid = uid;
    this.declared = CnnParams.declare(uid);
    this.network = network;
    this.history = List.copyOf(history);
    try {
      this.schema = InputSchema.readFrom(network, "the model of " + uid)
          .orElseThrow(() -> new IOException("the model of " + uid + " holds no input schema"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CnnParams.setDefaults(this, declared);
  }

  /**
   * The model of a {@code model.zip} the command line wrote ({@code spark-cnn train}, {@code finetune},
   * a registry's version), to score with in a Spark application; its history is empty.
   *
   * @throws IllegalArgumentException when the zip holds no network or no input schema (models saved
   *     before schemas were kept)
   */
  public static CnnClassificationModel fromModelZip(byte[] zip) {
    try {
      return new CnnClassificationModel(Identifiable.randomUID("cnnClassificationModel"), zip, List.of());
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException("not a spark-cnn model.zip with an input schema: " + e.getCause().getMessage(), e);
    }
  }

  /** The network of a training run as the bytes of its model.zip, input schema included. */
  static byte[] bytesOf(TrainingResult result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      result.writeModel(bytes, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<?>[] params() {
    return CnnParams.array(declared);
  }

  /** Sets the Param called {@code name} (an output column, {@code evalBatchSize}, ...). */
  public CnnClassificationModel setParam(String name, Object value) {
    CnnParams.set(this, name, value);
    return this;
  }

  /** The class each prediction index stands for: a StringIndexer's labels, folder names, or "0", "1", .... */
  public List<String> classNames() {
    return schema.classNames();
  }

  /** What the network takes: image shape, whether images are resized, the class names. */
  public InputSchema inputSchema() {
    return schema;
  }

  /** One record per epoch trained, as in metrics.jsonl; test figures only with a validation indicator. */
  public List<EpochMetrics> history() {
    return history;
  }

  /** The network, read afresh on the driver (for saliency maps, fine-tuning, export). */
  public CnnNetwork network() {
    try {
      return CnnNetwork.read(network, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What made the network: spark-cnn, DL4J, Spark and Java versions, the settings, the class names
   * and the data's checksums.
   */
  public ModelProvenance provenance() {
    try {
      return ModelProvenance.readFrom(network, "the model of " + uid)
          .orElseThrow(() -> new IOException("the model of " + uid + " holds no provenance"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of the network's model.zip, the command line's format. */
  public byte[] modelZip() {
    return network.clone();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return CnnParams.scoredSchema(this, schema, "CnnClassificationModel", this.schema.classNames());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema(), true);
    ImageColumn column;
    try {
      column = ImageColumn.of(dataset.schema(), getImageCol(), "imageCol", "the DataFrame being transformed");
    } catch (InvalidDataException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    ScorerSource scorer = prepare(dataset.sparkSession());
    int batch = getEvalBatchSize();
    String idName = getIdCol();
    int id = Arrays.asList(dataset.schema().fieldNames()).contains(idName) ? dataset.schema().fieldIndex(idName) : -1;
    // A Dataset operation, not an RDD round trip: it runs on streaming DataFrames too.
    MapPartitionsFunction<Row, Row> score = rows -> new ScoredRows(rows, scorer, column, batch, idName, id);
    Dataset<Row> scored = dataset.toDF().mapPartitions(score, Encoders.row(out));
    // A row encoder drops column metadata: put back the class names IndexToString reads.
    String prediction = getPredictionCol();
    return scored.withColumn(prediction, functions.col(prediction).as(prediction, out.apply(prediction).metadata()));
  }

  /**
   * The model ready for {@link #getEngine()} on the executors of {@code spark}.
   *
   * @throws IllegalArgumentException when the engine cannot run here or the network has no ONNX form
   */
  ScorerSource prepare(SparkSession spark) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ScoringEngine engine = ScoringEngine.find(getEngine()).orElseThrow();
    try {
      return ScorerSource.prepare(sc, network, schema, engine, "the model of " + uid);
    } catch (IllegalStateException | InvalidDataException e) {
      throw new IllegalArgumentException(uid + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Scores a partition's rows lazily, a minibatch at a time, so that a partition never has to fit
   * in memory, with the scorer its executor shares between tasks.
   */
  private static final class ScoredRows implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final ScorerSource source;
    private final InputSchema schema;
    private final ImageColumn column;
    private final int batchSize;
    private final String idName;
    private final int idIndex;
    private final ImageFitter fitter;
    private Scorers.Lease lease;
    private Iterator<Row> ready = List.<Row>of().iterator();

    /** @param idIndex the row's id column, named {@code idName}, for messages; -1 for none */
    ScoredRows(Iterator<Row> rows, ScorerSource source, ImageColumn column, int batchSize, String idName, int idIndex) {
      this.rows = rows;
      this.source = source;
      this.schema = source.schema();
      this.column = column;
      this.batchSize = batchSize;
      this.idName = idName;
      this.idIndex = idIndex;
      this.fitter = new ImageFitter(schema.shape(), schema.resize());
    }

    @Override
    public boolean hasNext() {
      return ready.hasNext() || rows.hasNext();
    }

    @Override
    public Row next() {
      if (!ready.hasNext()) {
        if (!rows.hasNext()) {
          throw new NoSuchElementException();
        }
        ready = scoreNextBatch();
      }
      return ready.next();
    }

    private Iterator<Row> scoreNextBatch() {
      List<Row> batch = new ArrayList<>(batchSize);
      List<byte[]> images = new ArrayList<>(batchSize);
      while (rows.hasNext() && batch.size() < batchSize) {
        Row row = rows.next();
        try {
          images.add(column.fitted(row, fitter, schema.shape().channels()));
        } catch (InvalidDataException e) {
          // A bad row is the caller's input: Spark ML's IllegalArgumentException, naming the row.
          throw new IllegalArgumentException("CnnClassificationModel: "
              + (idIndex >= 0 ? "the row with " + idName + " " + row.get(idIndex) + ": " : "") + e.getMessage(), e);
        }
        batch.add(row);
      }
      if (lease == null) {
        lease = source.lease();
        // Given back when the task ends, also when its consumer stops early (a limit).
        TaskContext task = TaskContext.get();
        if (task != null) {
          task.addTaskCompletionListener((TaskCompletionListener) context -> lease.close());
        }
      }
      float[][] probabilities = lease.scorer().probabilities(images);
      List<Row> scored = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        double[] p = new double[probabilities[i].length];
        double[] raw = new double[p.length];
        for (int c = 0; c < p.length; c++) {
          p[c] = probabilities[i][c];
          raw[c] = Math.log(p[c]);
        }
        Row row = batch.get(i);
        Object[] values = new Object[row.length() + 3];
        for (int f = 0; f < row.length(); f++) {
          values[f] = row.get(f);
        }
        values[row.length()] = Vectors.dense(raw);
        values[row.length() + 1] = Vectors.dense(p);
        values[row.length() + 2] = (double) PredictedClass.of(p);
        scored.add(RowFactory.create(values));
      }
      return scored.iterator();
    }
  }

  @Override
  public CnnClassificationModel copy(ParamMap extra) {
    CnnClassificationModel copy = copyValues(new CnnClassificationModel(uid, network, history), extra);
    return copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  /** For {@code PipelineModel.load} and {@code CnnClassificationModel.load}. */
  public static MLReader<CnnClassificationModel> read() {
    return new Reader();
  }

  public static CnnClassificationModel load(String path) {
    return read().load(path);
  }

  /** Spark ML's metadata (Params, uid) plus the network's model.zip. */
  private static final class Writer extends MLWriter {
    private final CnnClassificationModel model;

    Writer(CnnClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
      StringBuilder history = new StringBuilder();
      for (EpochMetrics epoch : model.history) {
        try {
          history.append(JSON.writeValueAsString(epoch.line())).append('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      write(new Path(path, NETWORK_FILE), model.network);
      write(new Path(path, HISTORY_FILE), history.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void write(Path file, byte[] bytes) {
      try (OutputStream out = file.getFileSystem(sc().hadoopConfiguration()).create(file, true)) {
        out.write(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    }
  }

  private static final class Reader extends MLReader<CnnClassificationModel> {
    /** The file's bytes; empty when there is no such file. */
    private Optional<byte[]> read(Path file) {
      try {
        FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
        if (!fs.exists(file)) {
          return Optional.empty();
        }
        try (InputStream in = fs.open(file)) {
          return Optional.of(in.readAllBytes());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }

    @Override
    public CnnClassificationModel load(String path) {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(),
          CnnClassificationModel.class.getName());
      byte[] bytes = read(new Path(path, NETWORK_FILE)).orElseThrow();
      // Models saved before the history was kept have none.
      List<EpochMetrics> history = new ArrayList<>();
      Optional<byte[]> lines = read(new Path(path, HISTORY_FILE));
      if (lines.isPresent()) {
        for (String line : new String(lines.get(), StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) {
            try {
              history.add(EpochMetrics.of(JSON.readValue(line, MetricsLine.class)));
            } catch (IOException e) {
              throw new UncheckedIOException("cannot read " + new Path(path, HISTORY_FILE) + ": " + e.getMessage(), e);
            }
          }
        }
      }
      CnnClassificationModel model = new CnnClassificationModel(metadata.uid(), bytes, history);
      metadata.getAndSetParams(model, Option.empty());
      return model;
    }
  }
}
