package dev.sparkcnn.driver.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine, started and stopped by deploy/standalone's scripts
 * as a user runs them, with the application jar `mvn package` built: for the integration tests.
 */
public final class StandaloneCluster implements AutoCloseable {
  /** The repository's root. */
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private final Path state;
  private final int port;

  private StandaloneCluster(Path state, int port) {
    this.state = state;
    this.port = port;
  }

  /** Starts a master and {@code workers} worker JVMs of 1 core and 2 GB each, their state and logs in {@code state}. */
  public static StandaloneCluster start(Path state, int workers) throws IOException, InterruptedException {
    int port = freePort();
    StandaloneCluster cluster = new StandaloneCluster(state, port);
    String started = ProcessRunner.run(ROOT, Map.of(), List.of(ROOT.resolve("deploy/standalone/start-cluster").toString(),
        "--workers", String.valueOf(workers), "--cores", "1", "--memory", "2g", "--port", String.valueOf(port),
        "--ui-port", String.valueOf(freePort()), "--state", state.toString()), 300, 0);
    assertTrue(started.contains(cluster.master()), started);
    return cluster;
  }

  /** The master's URL, spark://127.0.0.1:PORT. */
  public String master() {
    return "spark://127.0.0.1:" + port;
  }

  /** The folder holding the cluster's pid files, logs and work folders. */
  public Path state() {
    return state;
  }

  /**
   * Starts one more worker of 1 core and 2 GB (deploy/standalone/add-worker); returns its number.
   *
   * @param host the address it binds to, as if on another machine; empty for the cluster's
   */
  public int addWorker(String host) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("deploy/standalone/add-worker").toString(),
        "--cores", "1", "--memory", "2g", "--state", state.toString()));
    if (!host.isEmpty()) {
      command.addAll(List.of("--host", host));
    }
    return Integer.parseInt(ProcessRunner.run(ROOT, Map.of(), command, 120, 0).lines()
        .filter(l -> l.matches("\\d+")).reduce((a, b) -> b).orElseThrow());
  }

  /** Takes worker {@code n} away for good (deploy/standalone/stop-worker), decommissioned first or not. */
  public void stopWorker(int n, boolean decommission) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("deploy/standalone/stop-worker").toString(),
        String.valueOf(n), "--state", state.toString()));
    if (decommission) {
      command.add("--decommission");
    }
    ProcessRunner.run(ROOT, Map.of(), command, 180, 0);
  }

  /**
   * spark-submit to this cluster in client mode with conf/spark-defaults.conf and executors of
   * 1 core and 1 GB (the workers have 2 GB), up to the application's class: add options, then
   * {@code --class} and the jar.
   */
  public List<String> submit() {
    return List.of(ROOT.resolve("driver/target/spark-home/bin/spark-submit").toString(),
        "--master", master(), "--deploy-mode", "client",
        "--properties-file", ROOT.resolve("conf/spark-defaults.conf").toString(),
        "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.memoryOverhead=1g",
        "--conf", "spark.executor.cores=1");
  }

  /** The application jar in driver/target. */
  public static Path appJar() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("driver/target"))) {
      return files.filter(p -> p.getFileName().toString().matches("spark-cnn-driver-.*-app\\.jar"))
          .findFirst().orElseThrow(() -> new AssertionError("no app jar in driver/target: run mvn package first"));
    }
  }

  /** A TCP port free at the moment of asking. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    ProcessRunner.run(ROOT, Map.of(), List.of(ROOT.resolve("deploy/standalone/stop-cluster").toString(), "--state",
        state.toString()), 120, -1);
  }
}
