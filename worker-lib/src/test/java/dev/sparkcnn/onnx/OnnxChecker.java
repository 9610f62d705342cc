package dev.sparkcnn.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The reference ONNX checker, full check with shape inference, run through Debian's python3-onnx:
 * the first of these Pythons that has it (a pyenv or virtualenv python3 may shadow the system's).
 */
final class OnnxChecker {
  private static final String[] PYTHONS = {"python3", "/usr/bin/python3"};
  private static final String SCRIPT = "import onnx, sys; m = onnx.load(sys.argv[1]); "
      + "onnx.checker.check_model(m, full_check=True); print('ok')";
  private static String python;

  record Verdict(boolean passed, String output) {}

  private OnnxChecker() {}

  static synchronized boolean available() throws InterruptedException {
    if (python == null) {
      python = "";
      for (String candidate : PYTHONS) {
        try {
          if (run(candidate, "-c", "import onnx").passed()) {
            python = candidate;
            break;
          }
        } catch (IOException e) {
          // not installed: try the next
        }
      }
    }
    return !python.isEmpty();
  }

  static Verdict check(Path model) throws IOException, InterruptedException {
    return run(python, "-c", SCRIPT, model.toString());
  }

  private static Verdict run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Verdict(false, "timed out");
    }
    return new Verdict(p.exitValue() == 0, output.strip());
  }
}
