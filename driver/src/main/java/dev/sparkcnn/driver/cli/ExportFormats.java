package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.InvalidConfigException;
import java.util.List;
import java.util.Locale;

/** The formats a model can be exported to, as the command line names them: onnx, so far. */
final class ExportFormats {
  private ExportFormats() {}

  /**
   * Whether {@code format} asks for ONNX: false when it is null (not given).
   *
   * @throws InvalidConfigException when it names a format there is no export to
   */
  static boolean onnx(String format) throws InvalidConfigException {
    if (format == null) {
      return false;
    }
    if (!format.toLowerCase(Locale.ROOT).equals("onnx")) {
      throw new InvalidConfigException(List.of("export format '" + format + "' is unknown; known formats: onnx"));
    }
    return true;
  }
}
