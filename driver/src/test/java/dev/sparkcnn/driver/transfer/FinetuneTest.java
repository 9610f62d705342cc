package dev.sparkcnn.driver.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.data.IdxDatasetLoader;
import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.cli.ExitCode;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Transfer learning end to end on Spark local[2]: train a 10-class model, carve a 5-class task out
 * of the data with {@code subset}, fine-tune with frozen layers, and check the frozen parameters
 * against the source model's file.
 */
class FinetuneTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int run(String command, String... args) {
    stdout.reset();
    stderr.reset();
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(args));
    if (!command.equals("subset")) {
      all.addAll(List.of("--epochs", "1", "--batch-size", "16", "--averaging-frequency", "2", "--set",
          "spark.conf.spark.ui.enabled=false", "--spark.doctor", "false"));
    }
    all.addAll(List.of("--set", "data.fetch=false"));
    return new SparkCnn(new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
  }

  private String printed() {
    return stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void finetuneFreezesWhatItSaysOnANewTaskCarvedBySubset() throws Exception {
    Path data = dir.resolve("digits");
    SyntheticIdx.writeMnistLike(data, 400, 100, 3);
    assertEquals(0, run("train", "--data", data.toString(), "--output", dir.resolve("source").toString()), printed());
    Path sourceModel = dir.resolve("source/model.zip");

    Path task = dir.resolve("task");
    assertEquals(0, run("subset", "--data", data.toString(), "--classes", "5,6,7,8,9", "--train-count", "120",
        "--out", task.toString()), printed());
    byte[] sourceImages = Files.readAllBytes(data.resolve("train-images-idx3-ubyte"));
    assertEquals(ExitCode.USAGE, run("subset", "--data", data.toString(), "--classes", "5,6", "--out", data.toString()),
        printed());
    assertTrue(printed().contains("--out " + data + " is the folder it reads (data.dir " + data + ")"), printed());
    assertArrayEquals(sourceImages, Files.readAllBytes(data.resolve("train-images-idx3-ubyte")), "the source is untouched");
    assertEquals(ExitCode.USAGE, run("subset", "--data", data.toString(), "--classes", "5,12", "--out",
        dir.resolve("nowhere").toString()), printed());
    assertTrue(printed().contains("classes: class 12 is not one of the source's 10 classes"), printed());

    IdxDatasetLoader loader = new IdxDatasetLoader(new Configuration());
    ImageDataset train = loader.load(task.resolve("train-images-idx3-ubyte").toString(),
        task.resolve("train-labels-idx1-ubyte").toString(), 5);
    assertEquals(120, train.size());
    ImageDataset original = loader.load(data.resolve("train-images-idx3-ubyte").toString(),
        data.resolve("train-labels-idx1-ubyte").toString(), 10);
    for (int i = 0, j = 0; i < original.size() && j < train.size(); i++) {
      if (original.label(i) >= 5) {
        assertEquals(original.label(i) - 5, train.label(j), "example " + j);
        assertArrayEquals(original.pixels(i), train.pixels(j++));
      }
    }

    Path tuned = dir.resolve("tuned");
    assertEquals(0, run("finetune", "--model-file", sourceModel.toString(), "--freeze", "2", "--data", task.toString(),
        "--data.numClasses", "5", "--learning-rate", "0.01", "--output", tuned.toString()), printed());
    assertTrue(printed().contains("new output layer for 5 classes; froze 2 of 5 layers"), printed());
    assertTrue(printed().contains("the 2 frozen layers are unchanged"), printed());
    assertFalse(printed().contains("report.html was not written"), printed());
    assertTrue(Files.readString(tuned.resolve("report.html")).contains("<section id=\"saliency\">"),
        "saliency maps through the frozen layers");
    TransferTraining.Record record = new ObjectMapper().readValue(tuned.resolve(TransferTraining.RECORD).toFile(),
        TransferTraining.Record.class);
    assertTrue(record.frozenUnchanged(), record.toString());
    assertEquals(2, record.frozen().size());

    // Checked here again, independently of the command's own check: LeNet-5's layers 0 and 2 are its two convolutions.
    MultiLayerNetwork before = CnnNetwork.read(Files.readAllBytes(sourceModel), false).sequential().orElseThrow();
    MultiLayerNetwork after = CnnNetwork.read(Files.readAllBytes(tuned.resolve("model.zip")), false).sequential().orElseThrow();
    Map<String, INDArray> was = before.paramTable();
    Map<String, INDArray> now = after.paramTable();
    for (String frozen : List.of("0_W", "0_b", "2_W", "2_b")) {
      assertEquals(was.get(frozen), now.get(frozen), frozen + " is frozen");
    }
    assertNotEquals(was.get("4_W"), now.get("4_W"), "the first unfrozen layer learned");
    assertArrayEquals(new long[] {3, 5}, after.output(Nd4j.rand(3, 1, 28, 28)).shape());
    assertTrue(Files.readString(tuned.resolve("metrics.jsonl")).contains("\"accuracy\""));

    assertEquals(ExitCode.USAGE, run("finetune", "--model-file", sourceModel.toString(), "--freeze", "5",
        "--data", task.toString(), "--data.numClasses", "5", "--output", dir.resolve("refused").toString()), printed());
    assertTrue(printed().contains("frozen layers: " + sourceModel + " has 5 layers with parameters"), printed());
    assertTrue(!Files.exists(dir.resolve("refused")), "a refused fine-tuning writes nothing");
  }
}
