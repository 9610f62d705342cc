package dev.sparkcnn.driver.export;

import dev.sparkcnn.driver.output.ModelProvenance;
import dev.sparkcnn.driver.output.Provenance;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.onnx.OnnxExport;
import dev.sparkcnn.onnx.UnexportableLayerException;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A saved model as an ONNX file: the network from its zip, its input schema for the input's shape
 * and the class names, and its provenance (config, data, versions) as metadata, so that the ONNX
 * file says what made it as the model zip does.
 */
public final class OnnxConversion {
  /** The name an ONNX export gets beside its model: in a run folder, a registry version's folder. */
  public static final String FILE_NAME = "model.onnx";
  /** Metadata key of the model's provenance record (JSON, as inside the model zip). */
  public static final String KEY_PROVENANCE = "spark_cnn.provenance";
  /** Metadata key of where the exported model came from: its file, or its registry and version. */
  public static final String KEY_SOURCE = "spark_cnn.source";

  private OnnxConversion() {}

  /**
   * The ONNX model of the model zip {@code zip}, as bytes.
   *
   * @param source what messages and the metadata call the model: its file, or its registry and version
   * @throws InvalidDataException naming the model and the layer, when a layer has no ONNX form, or
   *     when the model has no input schema and does not take MNIST's 28x28 grey images
   */
  public static byte[] of(byte[] zip, String source) throws IOException {
    CnnNetwork network = CnnNetwork.read(zip, false, source);
    InputSchema schema = schemaOf(zip, source, network);
    Map<String, String> metadata = new LinkedHashMap<>();
    Optional<ModelProvenance> provenance = ModelProvenance.readFrom(zip, source);
    provenance.ifPresent(p -> metadata.put(KEY_PROVENANCE, new String(p.toJson(), StandardCharsets.UTF_8)));
    metadata.put(KEY_SOURCE, source);
    try {
      return OnnxExport.toOnnx(network, schema, metadata, Provenance.current().sparkCnn());
    } catch (UnexportableLayerException e) {
      throw new InvalidDataException(source, e.getMessage(), e);
    }
  }

  private static InputSchema schemaOf(byte[] zip, String source, CnnNetwork network) throws IOException {
    Optional<InputSchema> schema = InputSchema.readFrom(zip, source);
    if (schema.isPresent()) {
      return schema.get();
    }
    // Models saved before the schema was were trained on MNIST's IDX files.
    Optional<String> refusal = network.refusalOf(ImageShape.MNIST);
    if (refusal.isPresent()) {
      throw new InvalidDataException(source, "has no input schema (" + InputSchema.ZIP_ENTRY
          + "), and its network does not take 28x28x1 images, so the ONNX input's shape is unknown: " + refusal.get());
    }
    return new InputSchema(ImageShape.MNIST, InputSchema.indexNames(network.numClasses()), false);
  }
}
