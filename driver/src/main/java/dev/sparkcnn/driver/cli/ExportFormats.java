package dev.sparkcnn.driver.cli;

import dev.sparkcnn.refusal.InvalidUsageException;
import java.util.Locale;

/** The formats a model can be exported to, as the command line names them: onnx, so far. */
final class ExportFormats {
  private ExportFormats() {}

  /**
   * Whether {@code format} asks for ONNX: false when it is null (not given).
   *
   * @throws InvalidUsageException when it names a format there is no export to
   */
  static boolean onnx(String format) throws InvalidUsageException {
    if (format == null) {
      return false;
    }
    if (!format.toLowerCase(Locale.ROOT).equals("onnx")) {
      throw new InvalidUsageException("export format '" + format + "' is unknown; known formats: onnx");
    }
    return true;
  }
}
