package dev.sparkcnn.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.data.ImageEncoder;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.driver.testing.ConsoleRun;
import dev.sparkcnn.driver.testing.FileTrees;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messy real-world data through {@code train}, as a user brings it: folders from a phone, a web
 * scrape or a NAS, and tables written by another team's job. Each case is refused with exit 2,
 * naming the culprit, with nothing but that line on the console (no executor stack trace, no Spark
 * ERROR line, no "Job aborted") and nothing written; or it is handled by a documented rule whose
 * skips are printed and recorded in provenance.json.
 */
class MessyDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path shared;
  private static Path folders;
  private static Path tables;
  @TempDir Path dir;

  @BeforeAll
  static void writeData() throws IOException {
    folders = shared.resolve("folders");
    ImageFolders.writeGrey(folders, 60, 20, 3);
    tables = shared.resolve("tables");
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      write(spark, tables.resolve("test"), 20, 9, Map.of());
      write(spark, tables.resolve("clean/train"), 60, 8, Map.of());
      write(spark, tables.resolve("huge-label/train"), 60, 8, Map.of(5L, new Object[] {5L, 2_000_000_000L}));
      write(spark, tables.resolve("negative-label/train"), 60, 8, Map.of(6L, new Object[] {6L, -1L}));
      write(spark, tables.resolve("duplicate-ids/train"), 60, 8, Map.of(4L, new Object[] {7L, null}));
    } finally {
      spark.stop();
    }
    for (String set : List.of("clean", "huge-label", "negative-label", "duplicate-ids")) {
      FileTrees.copy(tables.resolve("test"), tables.resolve(set + "/test"));
    }
  }

  /**
   * A table of id, image (PNG) and label in two part files; {@code edits} replaces a row's id and
   * label (null keeps it): the row's id to {id, label}.
   */
  private static void write(SparkSession spark, Path path, int count, long seed, Map<Long, Object[]> edits) {
    byte[] labels = new byte[count];
    byte[] pixels = SyntheticIdx.pixels(count, 28, 28, 10, seed, labels);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Object[] edit = edits.getOrDefault((long) i, new Object[] {(long) i, null});
      long label = edit[1] == null ? labels[i] : (Long) edit[1];
      rows.add(RowFactory.create(edit[0], png(Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784)), label));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType).add("image", DataTypes.BinaryType)
        .add("label", DataTypes.LongType);
    Dataset<Row> table = spark.createDataFrame(rows, schema).repartition(2);
    table.write().parquet(path.toString());
  }

  private static byte[] png(byte[] grey) {
    return ImageEncoder.png(new ImageShape(28, 28, 1), grey);
  }

  // --- folders

  @Test
  void aLinkThatLoopsBackIsRefusedNamingItWhetherLinksAreFollowedOrNot() throws Exception {
    Path data = copyFolders();
    Path link = Files.createSymbolicLink(data.resolve("train/3/loop"), data.resolve("train"));
    refused(data, link + ": is a symbolic link to " + data.resolve("train").toRealPath() + ", a folder that holds the link itself");
    refused(data, link + ": is a symbolic link", "--set", "data.followLinks=true");
  }

  @Test
  void aLinkToAnotherClassIsNotFollowedButCounted() throws Exception {
    Path data = copyFolders();
    Files.createSymbolicLink(data.resolve("train/3/more"), data.resolve("train/5"));
    JsonNode skipped = trained(data).path("trainSkipped");
    assertEquals(1, skipped.path("link-not-followed").path("count").asInt(), skipped.toString());
    assertEquals(60, trainImages, "the linked folder's images were not read as class 3's");
  }

  @Test
  void aClassFolderWithoutImagesIsRefusedOrDroppedOnRequest() throws Exception {
    Path data = copyFolders();
    Files.createDirectories(data.resolve("train/extra"));
    Files.writeString(data.resolve("train/extra/notes.txt"), "to do: add images");
    refused(data, data.resolve("train") + ": has a class folder without a PNG or JPEG file: extra/");
    JsonNode skipped = trained(data, "--set", "data.emptyClassFolders=drop").path("trainSkipped");
    assertEquals(1, skipped.path("empty-class-folder").path("count").asInt(), skipped.toString());
    assertEquals(10, classes, "the empty folder is no class");
  }

  @Test
  void zeroByteAndUndecodableImagesFollowOneRule() throws Exception {
    Path data = copyFolders();
    Path empty = data.resolve("train/3/empty.png");
    Files.write(empty, new byte[0]);
    refused(data, empty + ": is an empty file (0 bytes); remove it, or set data.badImages=skip");
    Files.delete(empty);
    Path truncated = data.resolve("train/4/cut.png");
    byte[] whole = Files.readAllBytes(Files.list(data.resolve("train/4")).filter(f -> !f.equals(truncated)).findFirst().orElseThrow());
    Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
    ConsoleRun.Result run = refused(data, "cut.png: cannot be decoded as an image");
    String log = Files.readString(Path.of(run.console().replaceAll("(?s).*\\(trace: (\\S+)\\)\\s*$", "$1")));
    assertTrue(log.contains("Exception in task") && log.contains("cut.png"),
        "the executor's report of the refused task went to the log the line names, not the console: " + log);
    Files.write(empty, new byte[0]);
    JsonNode skipped = trained(data, "--set", "data.badImages=skip").path("trainSkipped");
    assertEquals(1, skipped.path("empty").path("count").asInt(), skipped.toString());
    assertEquals(1, skipped.path("undecodable").path("count").asInt(), skipped.toString());
    assertTrue(skipped.path("undecodable").path("first").get(0).asText().endsWith("cut.png"), skipped.toString());
    assertEquals(60, trainImages);
  }

  @Test
  void filesOfOtherTypesAndHiddenFilesAreSkippedAndCountedOrRefusedWhenStrict() throws Exception {
    Path data = copyFolders();
    Files.write(data.resolve("train/3/animation.gif"), "GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Files.writeString(data.resolve("train/3/README.txt"), "digits");
    Files.write(data.resolve("train/5/.DS_Store"), new byte[] {0, 1});
    JsonNode skipped = trained(data).path("trainSkipped");
    assertEquals(2, skipped.path("not-an-image-type").path("count").asInt(), skipped.toString());
    assertEquals(1, skipped.path("hidden").path("count").asInt(), skipped.toString());
    assertTrue(printed.contains("3 files skipped: 1 hidden"), printed);
    assertTrue(printed.contains("animation.gif"), printed);
    refused(data, ".DS_Store: is hidden", "--set", "data.strict=true");
  }

  @Test
  void imagesTooSmallForTheNetworkAreRefusedNamingTheSmallestInput() throws Exception {
    ConsoleRun.Result run = refused(folders, "holds 4x4x1 images, too small for lenet5 with these model options: it takes "
        + "images of ", "--set", "data.resize=4x4");
    assertTrue(run.console().contains("pixels or more; set data.resize"), run.console());
  }

  // --- tables

  @Test
  void aCleanTableTrains() throws Exception {
    trained(tables.resolve("clean"));
    assertEquals(60, trainImages);
  }

  @Test
  void aHugeLabelIsRefusedNamingTheLabelTheRowAndTheFileBeforeAnythingIsAllocated() {
    ConsoleRun.Result run = refused(tables.resolve("huge-label"), "(id 5): label 2000000000 would make 2,000,000,001 classes");
    assertTrue(run.console().contains(".parquet (id 5)"), run.console());
  }

  @Test
  void aNegativeLabelIsRefusedNamingTheRow() {
    refused(tables.resolve("negative-label"), "(id 6): column 'label': label -1 is not a class index");
  }

  @Test
  void duplicateIdsAreRefusedNamingTheIdAndItsFiles() {
    refused(tables.resolve("duplicate-ids"), "holds two rows with id 7, in ");
  }

  @Test
  void aTruncatedPartFileIsRefusedNamingIt() throws Exception {
    Path data = FileTrees.copy(tables.resolve("clean"), dir.resolve("truncated"));
    Path part;
    try (Stream<Path> files = Files.list(data.resolve("train"))) {
      part = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList().get(1);
    }
    byte[] bytes = Files.readAllBytes(part);
    Files.write(part, Arrays.copyOf(bytes, bytes.length / 2));
    Files.deleteIfExists(part.resolveSibling("." + part.getFileName() + ".crc"));
    refused(data, part.getFileName() + ": cannot be read as a Parquet file");
  }

  // --- outputs and runs

  @Test
  void commandsNeverWriteIntoTheFolderTheyRead() throws Exception {
    Path data = copyFolders();
    Map<Path, byte[]> before = FileTrees.snapshot(data);
    ConsoleRun.Result run = ConsoleRun.run("train", "--data", data.toString(), "--output", data.resolve("train/out").toString(),
        "--master", "local[1]", "--set", "spark.doctor=false", "--set", "spark.conf.spark.ui.enabled=false");
    assertEquals(ExitCode.USAGE, run.code(), run.console());
    assertTrue(run.console().contains("output.dir " + data.resolve("train/out") + " is inside the folder it reads (data.dir "),
        run.console());
    run = ConsoleRun.run("convert", "--data", data.toString(), "--to", data.resolve("parquet").toString(), "--to-format",
        "parquet", "--master", "local[1]", "--set", "spark.conf.spark.ui.enabled=false");
    assertEquals(ExitCode.USAGE, run.code(), run.console());
    assertTrue(run.console().contains("--to " + data.resolve("parquet") + " is inside the folder it reads"), run.console());
    assertEquals(before.keySet(), FileTrees.snapshot(data).keySet(), "nothing written into the data");
  }

  @Test
  void predictWithNothingToScoreExits2() throws Exception {
    Path model = trainedModel();
    Path empty = Files.createDirectories(dir.resolve("inbox"));
    Files.writeString(empty.resolve("notes.txt"), "no scans today");
    ConsoleRun.Result run = ConsoleRun.run("predict", "--model-file", model.toString(), "--input", empty.toString(),
        "--output", dir.resolve("predicted").toString(), "--master", "local[1]");
    assertEquals(ExitCode.USAGE, run.code(), run.console());
    assertTrue(run.console().contains(empty + ": holds no PNG or JPEG files"), run.console());
    assertFalse(Files.exists(dir.resolve("predicted")), "nothing written");
    clean(run);
  }

  @Test
  void predictRefusesABrokenScanOrSkipsAndCountsItOnRequest() throws Exception {
    Path model = trainedModel();
    Path scans = FileTrees.copy(folders.resolve("test"), dir.resolve("scans"));
    Path broken = scans.resolve("3/broken.png");
    Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
    ConsoleRun.Result run = ConsoleRun.run("predict", "--model-file", model.toString(), "--input", scans.toString(),
        "--output", dir.resolve("predicted").toString(), "--master", "local[2]");
    assertEquals(ExitCode.USAGE, run.code(), run.console());
    assertTrue(run.console().contains(broken + ": cannot be decoded as an image"), run.console());
    assertTrue(run.console().contains("or use --bad-images skip"), run.console());
    clean(run);
    assertFalse(Files.exists(dir.resolve("predicted")), "nothing written");
    run = ConsoleRun.run("predict", "--model-file", model.toString(), "--input", scans.toString(), "--output",
        dir.resolve("predicted").toString(), "--master", "local[2]", "--bad-images", "skip");
    assertEquals(ExitCode.OK, run.code(), run.console());
    assertTrue(run.console().contains("scored 20 images"), run.console());
    assertTrue(run.console().contains("1 file skipped: 1 not decodable (" + broken + ")"), run.console());
    clean(run);
  }

  @Test
  void aRunWhoseLossBlowsUpIsReportedAsDivergedNotDone() {
    Path output = dir.resolve("out");
    ConsoleRun.Result run = ConsoleRun.run(train(folders, output, "--learning-rate", "10"));
    assertEquals(ExitCode.FAILED, run.code(), run.console());
    assertTrue(run.console().contains("training diverged in epoch 1 at training.learningRate 10.0: the training loss "),
        run.console());
    assertFalse(run.console().contains("done in"), run.console());
    assertFalse(Files.exists(output.resolve("model.zip")));
  }

  @Test
  void aMinibatchBeyondTheExecutorsMemoryIsRefusedBeforeTheDataIsRead() {
    refused(folders, "training.batchSizePerWorker 65536: DL4J estimates ", "--batch-size", "65536");
  }

  // --- helpers

  private long trainImages;
  private int classes;
  private String printed;

  private String[] train(Path data, Path output, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--output", output.toString(),
        "--epochs", "1", "--batch-size", "8", "--master", "local[2]", "--set", "spark.doctor=false", "--set",
        "output.report=false", "--set", "spark.conf.spark.ui.enabled=false", "--set", "data.fetch=false"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** Trains on {@code data}; asserts exit 0 and a clean console; returns provenance.json's data record. */
  private JsonNode trained(Path data, String... extra) throws IOException {
    Path output = dir.resolve("trained-" + Math.abs(Arrays.hashCode(extra)));
    ConsoleRun.Result run = ConsoleRun.run(train(data, output, extra));
    assertEquals(ExitCode.OK, run.code(), run.console());
    clean(run);
    printed = run.console();
    JsonNode provenance = JSON.readTree(output.resolve("provenance.json").toFile());
    trainImages = provenance.path("data").path("trainImages").asLong();
    classes = provenance.path("classNames").size();
    return provenance.path("data");
  }

  /**
   * Trains on {@code data}; asserts exit 2, {@code expected} in the one line printed, a clean
   * console, and nothing written: no output folder, the data as it was.
   */
  private ConsoleRun.Result refused(Path data, String expected, String... extra) {
    Path output = dir.resolve("refused");
    Map<Path, byte[]> before = FileTrees.snapshot(data);
    ConsoleRun.Result run = ConsoleRun.run(train(data, output, extra));
    assertEquals(ExitCode.USAGE, run.code(), run.console());
    assertTrue(run.console().contains(expected), "expected '" + expected + "' in: " + run.console());
    clean(run);
    assertEquals(1, run.console().lines().filter(l -> l.startsWith("spark-cnn: ")).count(), run.console());
    assertFalse(Files.exists(output), "no output folder for refused data");
    assertEquals(before.keySet(), FileTrees.snapshot(data).keySet(), "the data as it was");
    return run;
  }

  /** What a user must not see on the console: a stack trace, Spark's ERROR lines, its "Job aborted". */
  private static void clean(ConsoleRun.Result run) {
    String console = run.console();
    assertFalse(console.contains("\tat "), "no stack trace: " + console);
    assertFalse(console.contains(" ERROR "), "no ERROR log line: " + console);
    assertFalse(console.contains("Job aborted"), "no Job aborted: " + console);
    assertFalse(console.contains("Exception in task"), "no task exception: " + console);
  }

  private Path copyFolders() throws IOException {
    return FileTrees.copy(folders, dir.resolve("data"));
  }

  private Path trainedModel() throws IOException {
    Path output = dir.resolve("model-run");
    ConsoleRun.Result run = ConsoleRun.run(train(folders, output));
    assertEquals(ExitCode.OK, run.code(), run.console());
    return output.resolve("model.zip");
  }


}
