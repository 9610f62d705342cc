package dev.sparkcnn.model;

import dev.sparkcnn.model.standin.InputConvolution;
import dev.sparkcnn.model.standin.StandIns;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network of either of DL4J's two kinds: a sequential {@link MultiLayerNetwork}
 * ({@link SequentialNetwork}) or a {@link ComputationGraph} with branches or skips
 * ({@link GraphNetwork}). Everything that trains, evaluates, checkpoints or serves a network goes
 * through this one type, so no code path exists twice; what differs between the kinds lives in
 * the two implementations, what does not lives here.
 */
public sealed interface CnnNetwork permits SequentialNetwork, GraphNetwork {

  static CnnNetwork of(MultiLayerNetwork network) {
    return new SequentialNetwork(network);
  }

  static CnnNetwork of(ComputationGraph network) {
    return new GraphNetwork(network);
  }

  /** The sequential network, when this is one. */
  Optional<MultiLayerNetwork> sequential();

  /** The graph, when this is one. */
  Optional<ComputationGraph> graph();

  /** The DL4J model itself. */
  Model model();

  default long numParams() {
    return model().numParams();
  }

  /** All parameters as one flat view; changing it changes the network. */
  default INDArray params() {
    return model().params();
  }

  /**
   * The layers that have parameters, in the order the input reaches them: a sequential network's
   * layers, or a graph's layer vertices in topological order (merges and additions have none).
   */
  List<Layer> parameterizedLayers();

  /** Length of the updater's state (Adam: two values per parameter); 0 for plain SGD. */
  default long updaterStateLength() {
    INDArray state = updaterState();
    return state == null ? 0 : state.length();
  }

  /** The updater's state as one view (Adam: its two moments), or null when it keeps none. */
  INDArray updaterState();

  /** Minibatches fitted so far, over the network's whole life (checkpoints keep it). */
  int iterationCount();

  /** Sets the learning rate of every layer; the configuration carries it to Spark workers. */
  void setLearningRate(double learningRate);

  /**
   * Whether a training step keeps each layer's pre-activations from its forward pass for its
   * backward pass. DL4J's default ({@link CacheMode#NONE}) has every convolution layer run its
   * forward convolution a second time in backprop (DNNL_VERBOSE counts about twice the forward
   * convolutions without the cache); keeping them costs one pre-activation array per convolution
   * layer and changes no result. The configuration carries the choice to Spark workers, which
   * build their networks from it.
   */
  void cacheForwardPass(boolean cache);

  /** Whether {@link #cacheForwardPass} is on, as the configuration that travels to workers says. */
  boolean cachesForwardPass();

  /**
   * Why this network cannot take images of {@code shape}, if it cannot. DL4J checks a network's
   * input only when it meets one, on an executor mid-job; one forward pass of a blank image here
   * finds the mismatch before any job starts.
   */
  default Optional<String> refusalOf(ImageShape shape) {
    try (INDArray blank = Nd4j.zeros(DataType.FLOAT, 1, shape.channels(), shape.height(), shape.width())) {
      output(blank).close();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(String.valueOf(e.getMessage()).lines().findFirst().orElse("").trim());
    }
  }

  /**
   * DL4J's estimate of the memory one copy of this network needs for a minibatch of {@code
   * minibatch} images of {@code shape}: parameters, updater state and activations, with the
   * gradients and backprop's working memory when {@code training}. An estimate, for refusing
   * minibatch sizes that cannot fit, not for planning close to a limit.
   */
  default long memoryBytes(ImageShape shape, int minibatch, boolean training) {
    MemoryReport report = memoryReport(InputType.convolutional(shape.height(), shape.width(), shape.channels()));
    return report.getTotalMemoryBytes(minibatch, training ? MemoryUseMode.TRAINING : MemoryUseMode.INFERENCE,
        CacheMode.NONE, DataType.FLOAT);
  }

  /** DL4J's memory report of the configuration for inputs of {@code input}. */
  MemoryReport memoryReport(InputType input);

  /** Class probabilities for NCHW {@code features}, in inference mode (no dropout, batch norm's running statistics). */
  INDArray output(INDArray features);

  /** One training step on one minibatch. */
  void fit(DataSet minibatch);

  /** The loss on {@code minibatch}, in inference mode (no dropout), the parameters unchanged. */
  double loss(DataSet minibatch);

  /** The loss of the last minibatch fitted. */
  default double score() {
    return model().score();
  }

  /** The configuration as DL4J's JSON, from which the same network can be built again. */
  String configurationJson();

  /** The number of classes the output layer scores. */
  default int numClasses() {
    return Math.toIntExact(((FeedForwardLayer) outputLayer().conf().getLayer()).getNOut());
  }

  /** The layer that scores the classes. */
  Layer outputLayer();

  /**
   * Writes DL4J's model zip: configuration, parameters and (optionally) the updater's state. The
   * configuration names DL4J's own layers only ({@link InputConvolution} as DL4J's convolution), so
   * DL4J alone reads the file.
   */
  default void write(OutputStream out, boolean withUpdater) throws IOException {
    writeZip(out, withUpdater, new LinkedHashMap<>());
  }

  /**
   * Writes DL4J's model zip with the input schema added as an entry of its own, which DL4J's
   * reader skips: the class names and input shape travel with the model.
   */
  default void write(OutputStream out, boolean withUpdater, InputSchema schema) throws IOException {
    write(out, withUpdater, schema, Map.of());
  }

  /**
   * As {@link #write(OutputStream, boolean, InputSchema)}, with more entries of spark-cnn's own
   * (a record of what made the model), each under its name.
   */
  default void write(OutputStream out, boolean withUpdater, InputSchema schema, Map<String, byte[]> extraEntries)
      throws IOException {
    Map<String, byte[]> own = new LinkedHashMap<>();
    own.put(InputSchema.ZIP_ENTRY, schema.toJson());
    own.putAll(new TreeMap<>(extraEntries));
    writeZip(out, withUpdater, own);
  }

  private void writeZip(OutputStream out, boolean withUpdater, Map<String, byte[]> ownEntries) throws IOException {
    // DL4J's entries as its ModelSerializer.writeModel writes them, the arrays in bulk.
    ZipOutputStream zip = new ZipOutputStream(out);
    // Trained weights hardly compress, and deflate at its default level takes longer than
    // converting them: the fastest level keeps a checkpoint's cost to the conversion.
    zip.setLevel(Deflater.BEST_SPEED);
    zip.putNextEntry(new ZipEntry(ModelZip.CONFIGURATION));
    zip.write(StandIns.plainJson(configurationJson()).getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
    INDArray params = model().params();
    if (params != null) {
      zip.putNextEntry(new ZipEntry(ModelZip.COEFFICIENTS));
      ArrayStreamFormat.write(params, zip);
    } else {
      zip.putNextEntry(new ZipEntry(ModelZip.NO_PARAMS));
    }
    zip.closeEntry();
    INDArray updaterState = withUpdater ? updaterState() : null;
    if (updaterState != null && updaterState.length() > 0) {
      zip.putNextEntry(new ZipEntry(ModelZip.UPDATER));
      ArrayStreamFormat.write(updaterState, zip);
      zip.closeEntry();
    }
    for (Map.Entry<String, byte[]> own : ownEntries.entrySet()) {
      zip.putNextEntry(new ZipEntry(own.getKey()));
      zip.write(own.getValue());
      zip.closeEntry();
    }
    zip.finish();
  }

  /** The content of the entry {@code name} of a model zip; empty when it has none. */
  static Optional<byte[]> entry(byte[] zip, String name) throws IOException {
    try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
        if (e.getName().equals(name)) {
          return Optional.of(entries.readNBytes(1 << 24));
        }
      }
    }
    return Optional.empty();
  }

  /** Reads a model zip written by {@link #write} (or by DL4J), of either kind; see {@link #read(byte[], boolean, String)}. */
  static CnnNetwork read(byte[] zip, boolean withUpdater) throws IOException {
    return read(zip, withUpdater, "model zip");
  }

  /**
   * Reads a model zip, checked first by {@link ModelZip}: no Java deserialization, every
   * allocation bounded by the bytes present.
   *
   * @param source what messages call the file
   * @throws dev.sparkcnn.refusal.InvalidDataException naming {@code source}, when it is no model spark-cnn reads
   */
  static CnnNetwork read(byte[] zip, boolean withUpdater, String source) throws IOException {
    ModelZip checked = ModelZip.read(zip, source);
    String json = checked.configurationJson();
    try {
      // What DL4J's ModelSerializer does, with the arrays read in bulk; a network without
      // parameters (DL4J's noParams.marker) goes to DL4J's own reader.
      byte[] coefficients = checked.entry(ModelZip.COEFFICIENTS);
      byte[] updater = withUpdater ? checked.entry(ModelZip.UPDATER) : null;
      INDArray params = coefficients == null ? null : ArrayStreamFormat.read(coefficients);
      INDArray updaterState = updater == null ? null : ArrayStreamFormat.read(updater);
      // DL4J's zip says which kind it holds only inside its configuration: a graph's has vertices.
      if (json.contains("\"vertices\"")) {
        ComputationGraphConfiguration conf = StandIns.install(ComputationGraphConfiguration.fromJson(json));
        if (params == null) {
          return of(ModelSerializer.restoreComputationGraph(checked.forDl4j(withUpdater, conf.toJson()), withUpdater));
        }
        conf.setDataType(params.dataType());
        ComputationGraph network = new ComputationGraph(conf);
        network.init(params, false);
        if (updaterState != null) {
          network.getUpdater().setStateViewArray(updaterState);
        }
        return of(network);
      }
      MultiLayerConfiguration conf = StandIns.install(MultiLayerConfiguration.fromJson(json));
      if (params == null) {
        return of(ModelSerializer.restoreMultiLayerNetwork(checked.forDl4j(withUpdater, conf.toJson()), withUpdater));
      }
      conf.setDataType(params.dataType());
      MultiLayerNetwork network = new MultiLayerNetwork(conf);
      network.init(params, false);
      if (updaterState != null) {
        network.getUpdater().setStateViewArray(network, updaterState, false);
      }
      return of(network);
    } catch (RuntimeException e) {
      throw new dev.sparkcnn.refusal.InvalidDataException(source, "holds a network DL4J cannot build: " + e.getMessage(), e);
    }
  }

  /** Reads a model zip from a stream; see {@link #read(byte[], boolean)}. */
  static CnnNetwork read(InputStream in, boolean withUpdater) throws IOException {
    return read(in.readAllBytes(), withUpdater);
  }
}
