package dev.sparkcnn.driver.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.testing.ChildJvm;
import dev.sparkcnn.driver.testing.TestModels;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spark-cnn contacts no host the user did not name. Each command runs in a JVM of its own whose
 * security manager refuses every host but this machine, with the shipped main config (training
 * stats on, the path that once asked pool.ntp.org) and no JVM-wide setting made beforehand.
 */
class NoNetworkTest {
  private static final Path CONF = Path.of("..", "conf", "lenet5-mnist.yaml").toAbsolutePath();
  @TempDir Path dir;
  private Path data;
  private Path model;

  @BeforeEach
  void files() throws Exception {
    data = dir.resolve("data");
    SyntheticIdx.writeMnistLike(data, 64, 32, 1);
    model = dir.resolve("model.zip");
    Files.write(model, TestModels.lenet());
  }

  /** Runs {@code args} in a child JVM under {@link NoNetworkSecurityManager}; returns what it printed. */
  private String run(String... args) throws Exception {
    List<String> command = ChildJvm.command(List.of("-Xmx1g", "-Djava.security.manager=" + NoNetworkSecurityManager.class.getName()),
        a -> true, List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process child = builder.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(300, TimeUnit.SECONDS), output);
    assertFalse(output.contains("BLOCKED"), "reached for a host: " + output);
    assertEquals(0, child.exitValue(), output);
    return output;
  }

  private List<String> job(String... extra) {
    List<String> args = new ArrayList<>(List.of(extra));
    args.addAll(List.of("--config", CONF.toString(), "--data", data.toString(), "--set", "data.fetch=false",
        "--master", "local[1]", "--epochs", "1", "--batch-size", "16", "--averaging-frequency", "2",
        "--set", "spark.conf.spark.ui.enabled=false"));
    return args;
  }

  @Test
  void evaluatePredictFinetuneAndRetrainReachNoHost() throws Exception {
    String evaluated = run(job("evaluate", "--model-file", model.toString()).toArray(String[]::new));
    assertTrue(evaluated.contains("accuracy"), evaluated);
    run("predict", "--model-file", model.toString(), "--input", data.resolve("t10k-images-idx3-ubyte").toString(),
        "--output", dir.resolve("predicted").toString(), "--master", "local[1]");
    run(job("finetune", "--model-file", model.toString(), "--freeze", "1", "--output", dir.resolve("tuned").toString())
        .toArray(String[]::new));
    run(job("retrain", "--registry", dir.resolve("registry").toString()).toArray(String[]::new));
    assertTrue(Files.exists(dir.resolve("tuned/training-stats.json")), "the training stats were collected, on the system clock");
  }
}
