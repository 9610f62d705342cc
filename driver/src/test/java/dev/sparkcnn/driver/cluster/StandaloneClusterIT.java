package dev.sparkcnn.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.testing.ProcessRunner;
import dev.sparkcnn.driver.testing.StandaloneCluster;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster path end to end, as a user runs it: a standalone Spark cluster of a master and two
 * worker JVMs started by deploy/standalone/start-cluster on Spark jars resolved from Maven, the
 * application jar submitted with spark-submit and conf/spark-defaults.conf, data read from and
 * the model written to an in-process HDFS. Runs in `mvn verify` after the app jar is packaged.
 */
class StandaloneClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = StandaloneCluster.ROOT;
  @TempDir Path tmp;

  @Test
  void trainsOnTwoWorkerJvmsFromHdfsToHdfs() throws Exception {
    Path appJar = StandaloneCluster.appJar();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    StandaloneCluster cluster = null;
    try {
      dfs.waitActive();
      FileSystem fs = dfs.getFileSystem();
      String hdfs = "hdfs://localhost:" + dfs.getNameNodePort();
      Path data = tmp.resolve("data");
      SyntheticIdx.writeMnistLike(data, 640, 160, 21);
      try (Stream<Path> files = Files.list(data)) {
        for (Path file : files.toList()) {
          try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/mnist/" + file.getFileName()))) {
            out.write(Files.readAllBytes(file));
          }
        }
      }

      cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2);

      // Two workers of 1 core and 2 GB: smaller executors than the defaults' 4 GB and 2 cores.
      List<String> submit = new ArrayList<>(cluster.submit());
      submit.addAll(List.of("--conf", "spark.cores.max=2", "--class", "dev.sparkcnn.driver.SparkCnn", appJar.toString(),
          // A YAML config, as users pass one: its parser is the first thing that meets Spark's Jackson.
          "train", "--config", ROOT.resolve("conf/lenet5-mnist.yaml").toString(), "--data", hdfs + "/mnist", "--output", hdfs + "/runs/standalone", "--epochs", "1",
          "--batch-size", "16", "--averaging-frequency", "2", "--workers", "2", "--set", "data.fetch=false"));
      String output = ProcessRunner.run(ROOT, Map.of(), submit, 600, 0);

      assertTrue(output.contains("doctor: 3 JVM(s) checked, no problems"), "driver and both executors pass:\n" + output);
      List<String> metrics;
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/runs/standalone/metrics.jsonl"))) {
        metrics = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      }
      assertEquals(1, metrics.size(), String.join("\n", metrics));
      JsonNode epoch = JSON.readTree(metrics.get(0));
      assertEquals(640, epoch.get("trainImages").asLong());
      assertEquals(160, epoch.get("testImages").asLong());
      assertTrue(epoch.get("accuracy").asDouble() > 0.2, "learned something: " + epoch);
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/runs/standalone/model.zip"))) {
        assertEquals(61_706, CnnNetwork.read(in, false).numParams());
      }
      assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/standalone/report.html")), "the report, on HDFS");

      // Gradient sharing: the two executor JVMs exchange encoded updates over Aeron UDP, each on its
      // own port (driver 40123, executors 40124 and 40125), through the mesh the driver roots.
      List<String> sharing = new ArrayList<>(submit);
      sharing.set(sharing.indexOf(hdfs + "/runs/standalone"), hdfs + "/runs/sharing");
      sharing.addAll(List.of("--set", "training.mode=sharing", "--set", "training.trainingStats=false",
          "--set", "output.report=false"));
      String shared = ProcessRunner.run(ROOT, Map.of(), sharing, 600, 0);
      assertTrue(shared.contains("2 workers") && shared.contains("gradient sharing"), shared);
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/runs/sharing/metrics.jsonl"))) {
        JsonNode sharedEpoch = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
        assertEquals(640, sharedEpoch.get("trainImages").asLong(), shared);
        assertTrue(sharedEpoch.get("accuracy").asDouble() > 0.2, "learned something: " + sharedEpoch + "\n" + shared);
      }

      // A parallel search: each trial a task on an executor JVM, the trials' board on HDFS.
      Path space = tmp.resolve("space.yaml");
      Files.writeString(space, "trials: 2\nmode: parallel\nparams:\n  training.learningRate: [0.001, 0.003]\n");
      List<String> tune = new ArrayList<>(submit.subList(0, submit.indexOf("train")));
      tune.addAll(List.of("tune", "--space", space.toString(), "--out", hdfs + "/tune", "--data", hdfs + "/mnist",
          "--epochs", "1", "--batch-size", "16", "--set", "data.fetch=false"));
      String tuned = ProcessRunner.run(ROOT, Map.of(), tune, 600, 0);
      JsonNode trials;
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/tune/tune.json"))) {
        trials = JSON.readTree(in).get("trials");
      }
      assertEquals(2, trials.size(), tuned);
      for (JsonNode trial : trials) {
        assertTrue(trial.get("executor").asText().matches("\\d+"), "trained on an executor, not the driver: " + trial);
        assertEquals(1, trial.get("epochs").asInt());
      }
      assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/tune/best.yaml")), tuned);

      // A training set larger than the driver's heap: 36,000 images of 128x128 (590 MB of IDX on HDFS)
      // with a 512 MB driver. The executors read it by ranges and resize it to 28x28; before they
      // did, the driver read every file whole and this ran out of memory.
      long bytes = writeLargeIdx(fs, "/large", 36_000, 2_000, 128);
      List<String> large = new ArrayList<>(submit.subList(0, submit.indexOf("--class")));
      large.addAll(List.of("--driver-memory", "512m", "--class", "dev.sparkcnn.driver.SparkCnn", appJar.toString(),
          "train", "--config", ROOT.resolve("conf/lenet5-mnist.yaml").toString(), "--data", hdfs + "/large",
          "--output", hdfs + "/runs/large", "--epochs", "1", "--workers", "2", "--set", "data.fetch=false",
          "--set", "data.resize=28x28", "--set", "output.report=false", "--set", "training.trainingStats=false"));
      String largeRun = ProcessRunner.run(ROOT, Map.of(), large, 600, 0);
      JsonNode resources;
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/runs/large/resources.json"))) {
        resources = JSON.readTree(in);
      }
      assertTrue(resources.get("maxHeapBytes").asLong() < bytes, "the driver's heap limit is below the data's size: " + resources);
      assertTrue(resources.get("peakHeapBytes").asLong() < bytes, "the driver never held the data: " + resources);
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/runs/large/metrics.jsonl"))) {
        JsonNode largeEpoch = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
        assertEquals(36_000, largeEpoch.get("trainImages").asLong(), largeRun);
        assertTrue(largeEpoch.get("accuracy").asDouble() > 0.2, "learned something: " + largeEpoch);
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      dfs.shutdown();
    }
  }

  /**
   * Writes {@code train} and {@code test} synthetic images of {@code side} x {@code side} as
   * MNIST-named IDX files under {@code dir} on HDFS, a chunk at a time; returns the training
   * images file's size in bytes.
   */
  private static long writeLargeIdx(FileSystem fs, String dir, int train, int test, int side) throws IOException {
    String[][] names = {{"train-images-idx3-ubyte", "train-labels-idx1-ubyte"}, {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}};
    int[] counts = {train, test};
    for (int split = 0; split < 2; split++) {
      byte[] labels = new byte[counts[split]];
      try (OutputStream out = new java.io.BufferedOutputStream(fs.create(new org.apache.hadoop.fs.Path(dir, names[split][0])), 1 << 20)) {
        out.write(java.nio.ByteBuffer.allocate(16).putInt(0x803).putInt(counts[split]).putInt(side).putInt(side).array());
        for (int from = 0; from < counts[split]; from += 1000) {
          int n = Math.min(1000, counts[split] - from);
          byte[] chunkLabels = new byte[n];
          out.write(SyntheticIdx.pixels(n, side, side, 10, 31L * split + from, chunkLabels));
          System.arraycopy(chunkLabels, 0, labels, from, n);
        }
      }
      try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(dir, names[split][1]))) {
        out.write(SyntheticIdx.labelsFile(labels));
      }
    }
    return fs.getFileStatus(new org.apache.hadoop.fs.Path(dir, names[0][0])).getLen();
  }
}
