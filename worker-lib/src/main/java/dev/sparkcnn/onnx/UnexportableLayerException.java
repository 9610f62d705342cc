package dev.sparkcnn.onnx;

/** A layer, or an option of one, that has no ONNX form here; the message names the layer. */
public final class UnexportableLayerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnexportableLayerException(String layer, String why) {
    super("layer '" + layer + "' cannot be exported to ONNX: " + why);
  }
}
