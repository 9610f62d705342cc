package dev.sparkcnn.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.data.ImageEncoder;
import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad data in every format is refused with exit 2 and a message that names the file, the column
 * or the folder, before anything is written.
 */
class BadDataTest {
  @TempDir static Path shared;
  @TempDir Path dir;
  private static Path parquet;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @BeforeAll
  static void writeParquet() throws Exception {
    Path idx = shared.resolve("idx");
    SyntheticIdx.writeMnistLike(idx, 64, 32, 8);
    parquet = shared.resolve("parquet");
    int code = new SparkCnn(new PrintStream(java.io.OutputStream.nullOutputStream()), System.err).run(new String[] {"convert", "--data",
        idx.toString(), "--to", parquet.toString(), "--to-format", "parquet", "--master", "local[2]", "--set",
        "data.fetch=false", "--set", "spark.conf.spark.ui.enabled=false"});
    assertEquals(0, code);
  }

  /** Trains on {@code data}; asserts exit 2, nothing written, and returns what it printed to stderr. */
  private String refused(Path data, String... extra) {
    Path output = dir.resolve("out");
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--output", output.toString(),
        "--epochs", "1", "--master", "local[2]", "--set", "data.fetch=false", "--set", "spark.conf.spark.ui.enabled=false",
        "--set", "spark.doctor=false"));
    args.addAll(List.of(extra));
    int code = new SparkCnn(new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8))
        .run(args.toArray(String[]::new));
    String err = stderr.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCode.USAGE, code, err);
    for (String file : List.of("config.json", "metrics.jsonl", "model.zip")) {
      assertFalse(Files.exists(output.resolve(file)), file + " written for bad data");
    }
    assertFalse(err.contains("\tat "), "no stack trace: " + err);
    return err;
  }

  @Test
  void parquetWithoutTheImageColumnNamesTheColumnAndListsThoseItHas() {
    String err = refused(parquet, "--set", "data.imageColumn=picture");
    assertTrue(err.contains(parquet.resolve("train") + ": has no column 'picture' (data.imageColumn); its columns: id, image, label"), err);
  }

  @Test
  void parquetLabelOutsideNumClassesNamesTheFileAndTheId() {
    String err = refused(parquet, "--set", "data.numClasses=3");
    assertTrue(err.contains(".parquet (id "), err);
    assertTrue(err.contains("is out of range; expected 0..2"), err);
  }

  @Test
  void idxLabelOutsideNumClassesNamesTheFileAndTheOffset() throws Exception {
    Path idx = dir.resolve("idx");
    SyntheticIdx.writeMnistLike(idx, 64, 32, 8);
    String err = refused(idx, "--set", "data.numClasses=3");
    assertTrue(err.contains(idx.resolve("train-labels-idx1-ubyte") + ": label "), err);
    assertTrue(err.contains("(byte offset "), err);
  }

  @Test
  void anImageThatDoesNotDecodeIsNamed() throws Exception {
    Path images = dir.resolve("images");
    ImageFolders.writeGrey(images, 40, 20, 3);
    Path broken = images.resolve("train/7/broken.png");
    Files.createDirectories(broken.getParent());
    Files.write(broken, "not a png at all".getBytes(StandardCharsets.UTF_8));
    String err = refused(images);
    assertTrue(err.contains(broken.toString()), err);
    assertTrue(err.contains("expected PNG or JPEG"), err);
  }

  @Test
  void aFolderWithoutClassFoldersSaysWhatItExpected() throws Exception {
    Path images = dir.resolve("flat");
    Files.createDirectories(images.resolve("train"));
    Files.createDirectories(images.resolve("test"));
    Files.write(images.resolve("train/a.png"), ImageEncoder.png(new ImageShape(4, 4, 1), new byte[16]));
    String err = refused(images, "--set", "data.format=images");
    assertTrue(err.contains(images.resolve("train") + ": holds no class folders"), err);
  }

  @Test
  void mixedSizesNeedResizeAndTrainWithIt() throws Exception {
    Path images = dir.resolve("mixed");
    ImageFolders.writeGrey(images, 60, 20, 4);
    Path odd = images.resolve("train/2/odd.png");
    Files.createDirectories(odd.getParent());
    Files.write(odd, ImageEncoder.png(new ImageShape(20, 24, 1), new byte[480]));
    String err = refused(images);
    assertTrue(err.contains(odd + ": is 20x24 but the data set's images are 28x28; set data.resize"), err);

    Path output = dir.resolve("resized");
    int code = new SparkCnn(new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8))
        .run(new String[] {"train", "--data", images.toString(), "--output", output.toString(), "--epochs", "1", "--master",
            "local[2]", "--set", "data.resize=28x28", "--set", "spark.conf.spark.ui.enabled=false", "--set", "spark.doctor=false",
            "--set", "output.report=false"});
    assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
    assertTrue(Files.exists(output.resolve("model.zip")));
  }
}
