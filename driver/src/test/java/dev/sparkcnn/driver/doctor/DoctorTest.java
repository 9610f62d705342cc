package dev.sparkcnn.driver.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.driver.testing.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class DoctorTest {

  @Test
  void aHealthyLocalClusterPassesEveryCheck() {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code = new SparkCnn(new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8))
        .run(new String[] {"doctor", "--master", "local[2]", "--set", "spark.conf.spark.ui.enabled=false"});
    String report = stdout.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCode.OK, code, report + stderr.toString(StandardCharsets.UTF_8));
    for (String check : List.of("nd4j backend", "cpu features", "--add-opens", "kryo", "memory", "java", "spark", "scala")) {
      assertTrue(report.contains(" " + check + " "), "the report has a line for " + check + ":\n" + report);
    }
    assertTrue(report.contains("INDArray round trip ok"), report);
    assertTrue(report.contains("native library loaded"), report);
    assertFalse(report.contains("FAIL"), report);
  }

  /**
   * A real JVM started the way the STACK pitfall describes: every --add-opens Spark needs but
   * java.util.concurrent.atomic. Spark starts; the first dl4j-spark fit would die in Kryo. The
   * doctor must say so and exit 3.
   */
  @Test
  void aMissingAddOpensIsCaughtAndNamed() throws Exception {
    List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
    assertTrue(jvmArgs.stream().anyMatch(a -> a.contains("java.util.concurrent.atomic")),
        "this test JVM runs with the full list, so the child lacks exactly one: " + jvmArgs);
    List<String> command = ChildJvm.command(List.of("-Xmx1g"), a -> !a.contains("java.util.concurrent.atomic"),
        List.of("doctor", "--master", "local[1]", "--set", "spark.conf.spark.ui.enabled=false"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process child = builder.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), output);

    assertEquals(ExitCode.PREFLIGHT, child.exitValue(), output);
    assertTrue(output.lines().anyMatch(l -> l.matches("\\s*FAIL\\s+--add-opens\\s+missing java\\.base/java\\.util\\.concurrent\\.atomic")),
        output);
    assertTrue(output.contains("problem(s)"), output);
  }

  /** The default build holds no CUDA backend, so the backend's line says nothing of one. */
  @Test
  void aCpuBuildSaysNothingOfCuda() {
    assumeFalse(holdsCudaBackend(), "the cuda build holds the CUDA backend");
    assertEquals("", ExecutorProbe.unusedCudaBackend());
  }

  /**
   * The cuda build (mvn -Pcuda) where the CUDA backend cannot load, as on a machine without an
   * NVIDIA driver: the backend's line says training runs on the CPU, and why.
   */
  @Test
  void aCudaBuildThatFellBackToTheCpuSaysSoAndWhy() {
    assumeTrue(holdsCudaBackend(), "only the cuda build holds the CUDA backend");
    String note = ExecutorProbe.unusedCudaBackend();
    if (Nd4j.getBackend().getClass().getSimpleName().equals("JCublasBackend")) {
      assertEquals("", note, "on a GPU the CUDA backend loaded");
    } else {
      assertTrue(note.matches("; this build holds the CUDA backend, which did not load \\(.+\\), so training runs on the CPU; it needs the NVIDIA driver .+"),
          note);
    }
  }

  private static boolean holdsCudaBackend() {
    try {
      Class.forName("org.nd4j.linalg.jcublas.JCublasBackend");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
