package dev.sparkcnn.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The reference ONNX checker, full check with shape inference, run through Debian's python3-onnx:
 * the first of these Pythons that has it (a pyenv or virtualenv python3 may shadow the system's).
 * Installed by {@code deploy/dev/test-tools} when no Python has it, so that no export goes unchecked
 * on a fresh machine.
 */
final class OnnxChecker {
  private static final String[] PYTHONS = {"python3", "/usr/bin/python3"};
  private static final String SCRIPT = "import onnx, sys; m = onnx.load(sys.argv[1]); "
      + "onnx.checker.check_model(m, full_check=True); print('ok')";
  private static String python;
  private static IOException missing;

  record Verdict(boolean passed, String output) {}

  private OnnxChecker() {}

  /**
   * The Python to check with, installing python3-onnx first where none has it.
   *
   * @throws IOException when it is missing and {@code deploy/dev/test-tools} could not install it
   */
  private static synchronized String python() throws IOException, InterruptedException {
    if (python == null && missing == null) {
      python = find();
      if (python == null) {
        Path tools = Path.of("..").toAbsolutePath().normalize().resolve("deploy/dev/test-tools");
        Verdict installed = run(tools.toString());
        python = find();
        if (python == null) {
          // Once: every later check fails with the same reason instead of installing again.
          missing = new IOException("python3-onnx is missing and " + tools + " did not install it: " + installed.output());
        }
      }
    }
    if (missing != null) {
      throw missing;
    }
    return python;
  }

  private static String find() throws InterruptedException {
    for (String candidate : PYTHONS) {
      try {
        if (run(candidate, "-c", "import onnx").passed()) {
          return candidate;
        }
      } catch (IOException e) {
        // not installed: try the next
      }
    }
    return null;
  }

  static Verdict check(Path model) throws IOException, InterruptedException {
    return run(python(), "-c", SCRIPT, model.toString());
  }

  private static Verdict run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(900, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Verdict(false, "timed out");
    }
    return new Verdict(p.exitValue() == 0, output.strip());
  }
}
