package dev.sparkcnn.driver.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.data.ImageEncoder;
import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data, checkpoints and outputs on hdfs:// URIs of a real in-process HDFS. */
class HdfsTrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path local;
  private static MiniDFSCluster cluster;
  private static FileSystem fs;
  private static String hdfs;

  @BeforeAll
  static void startHdfs() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, local.resolve("hdfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
    hdfs = "hdfs://localhost:" + cluster.getNameNodePort();

    Path data = local.resolve("data");
    SyntheticIdx.writeMnistLike(data, 600, 200, 8);
    try (var files = Files.list(data)) {
      for (Path file : files.toList()) {
        byte[] bytes = Files.readAllBytes(file);
        // One file gzip-compressed, as the public mirrors serve them.
        boolean gzip = file.getFileName().toString().startsWith("train-images");
        String name = file.getFileName() + (gzip ? ".gz" : "");
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/mnist/" + name))) {
          out.write(gzip ? SyntheticIdx.gzip(bytes) : bytes);
        }
      }
    }
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  private static int run(ByteArrayOutputStream err, String... args) {
    return new SparkCnn(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  private static List<String> args(String output, String epochs, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--data", hdfs + "/mnist", "--output", output,
        "--master", "local[2]", "--epochs", epochs, "--batch-size", "16", "--averaging-frequency", "2",
        "--set", "spark.conf.spark.ui.enabled=false"));
    args.addAll(List.of(extra));
    return args;
  }

  private static byte[] read(String path) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(path))) {
      return in.readAllBytes();
    }
  }

  @Test
  void trainsFromHdfsIntoHdfsAndResumesThere() throws Exception {
    String output = hdfs + "/runs/lenet";
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertEquals(0, run(err, args(output, "1").toArray(String[]::new)), err.toString(StandardCharsets.UTF_8));
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/lenet/checkpoints/manifest.json")));
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/lenet/checkpoints/epoch-0001.zip")));

    // More epochs into the same folder: resumes from the HDFS checkpoint.
    assertEquals(0, run(err, args(output, "2", "--resume").toArray(String[]::new)), err.toString(StandardCharsets.UTF_8));
    String[] lines = new String(read("/runs/lenet/metrics.jsonl"), StandardCharsets.UTF_8).strip().split("\n");
    assertEquals(2, lines.length);
    assertEquals(1, JSON.readTree(lines[0]).get("epoch").asInt());
    assertEquals(2, JSON.readTree(lines[1]).get("epoch").asInt());
    assertEquals(200, JSON.readTree(lines[1]).get("testImages").asInt());
    MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(
        new ByteArrayInputStream(read("/runs/lenet/model.zip")), false);
    assertEquals(61_706, model.numParams());
    assertEquals("lenet5", JSON.readTree(read("/runs/lenet/config.json")).at("/model/name").asText());
    assertTrue(List.of(fs.listStatus(new org.apache.hadoop.fs.Path("/runs/lenet/checkpoints"))).stream()
        .noneMatch(s -> s.getPath().getName().endsWith(".tmp")), "no temporary files are left behind");
  }

  /**
   * Class folders on HDFS are listed on the executors through Hadoop's file statuses: other files
   * counted, an empty class folder dropped on request, and a link that loops back refused by name.
   */
  @Test
  void classFoldersOnHdfsAreAccountedForAndALoopingLinkIsRefused() throws Exception {
    byte[] labels = new byte[60];
    byte[] pixels = SyntheticIdx.pixels(60, 28, 28, 10, 9, labels);
    for (String split : List.of("train", "test")) {
      for (int i = 0; i < 60; i++) {
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/folders/" + split + "/" + labels[i] + "/" + i + ".png"))) {
          out.write(ImageEncoder.png(ImageShape.MNIST, Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784)));
        }
      }
    }
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/folders/train/3/notes.txt"))) {
      out.write("scanned on tuesday".getBytes(StandardCharsets.UTF_8));
    }
    fs.create(new org.apache.hadoop.fs.Path("/folders/train/4/_SUCCESS")).close();
    fs.mkdirs(new org.apache.hadoop.fs.Path("/folders/train/empty"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = args(hdfs + "/runs/folders", "1", "--set", "data.emptyClassFolders=drop", "--set", "spark.doctor=false",
        "--set", "output.report=false");
    args.set(2, hdfs + "/folders");
    assertEquals(0, run(err, args.toArray(String[]::new)), err.toString(StandardCharsets.UTF_8));
    JsonNode skipped = JSON.readTree(read("/runs/folders/provenance.json")).at("/data/trainSkipped");
    assertEquals(1, skipped.at("/not-an-image-type/count").asInt(), skipped.toString());
    assertEquals(hdfs + "/folders/train/3/notes.txt", skipped.at("/not-an-image-type/first/0").asText());
    assertEquals(1, skipped.at("/hidden/count").asInt(), skipped.toString());
    assertEquals(1, skipped.at("/empty-class-folder/count").asInt(), skipped.toString());

    FileSystem.enableSymlinks();
    fs.createSymlink(new org.apache.hadoop.fs.Path("/folders/train"), new org.apache.hadoop.fs.Path("/folders/train/3/loop"), false);
    err.reset();
    args.set(4, hdfs + "/runs/looped");
    assertEquals(ExitCode.USAGE, run(err, args.toArray(String[]::new)), err.toString(StandardCharsets.UTF_8));
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains(hdfs + "/folders/train/3/loop: is a symbolic link to /folders/train, a folder that holds "
        + "the link itself"), message);
  }

  @Test
  void aMissingHdfsFileIsNamedInFull() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = args(hdfs + "/runs/missing", "1");
    args.set(2, hdfs + "/nowhere");
    assertEquals(ExitCode.USAGE, run(err, args.toArray(String[]::new)));
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains(hdfs + "/nowhere/train-images-idx3-ubyte: no such file"), message);
  }
}
