package dev.sparkcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkcnn.model.standin.StandIns;
import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.model.zoo.ResNetMnist;
import dev.sparkcnn.testdata.ZipEntries;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The bulk writer writes ND4J's own bytes, and model files are DL4J's to the byte. */
class ArrayStreamFormatTest {
  private static byte[] nd4j(INDArray array) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(out);
    Nd4j.write(array, data);
    data.flush();
    return out.toByteArray();
  }

  private static byte[] bulk(INDArray array) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArrayStreamFormat.write(array, out);
    return out.toByteArray();
  }

  @Test
  void writesNd4jsBytes() throws IOException {
    Nd4j.getRandom().setSeed(3);
    INDArray[] arrays = {
        Nd4j.randn(DataType.FLOAT, 1, 150_001),              // more than two blocks, a partial last one
        Nd4j.randn(DataType.FLOAT, 7, 9),
        Nd4j.randn(DataType.FLOAT, 'f', 5, 6),
        Nd4j.randn(DataType.FLOAT, 8, 10).get(NDArrayIndex.all(), NDArrayIndex.interval(2, 7)),  // a view
        Nd4j.createFromArray(-0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY),
        Nd4j.randn(DataType.DOUBLE, 4, 3),                   // ND4J's own path
        Nd4j.scalar(2.5f)};
    for (INDArray array : arrays) {
      byte[] written = nd4j(array);
      assertArrayEquals(written, bulk(array), array.shapeInfoToString());
      INDArray expected = Nd4j.read(new DataInputStream(new ByteArrayInputStream(written)));
      INDArray actual = ArrayStreamFormat.read(written);
      assertEquals(expected, actual, array.shapeInfoToString());
      assertEquals(expected.shapeInfoToString(), actual.shapeInfoToString());
      assertEquals(expected.dataType(), actual.dataType());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {LeNet5.NAME, ResNetMnist.NAME})
  void modelFilesHoldDl4jsEntriesToTheByte(String name) throws IOException {
    CnnNetwork network = ModelCatalog.get(name).build(TestNetworks.mnist());
    DataSet minibatch = TestNetworks.minibatch(8);
    network.fit(minibatch);  // Adam's moments: an updater state that is not all zeros
    for (boolean withUpdater : new boolean[] {true, false}) {
      ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
      ModelSerializer.writeModel(network.sequential().isPresent() ? network.sequential().get() : network.graph().get(), dl4j,
          withUpdater);
      Map<String, byte[]> expected = ZipEntries.read(dl4j.toByteArray());
      expected.put(ModelZip.CONFIGURATION, StandIns.plainJson(new String(expected.get(ModelZip.CONFIGURATION),
          StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
      ByteArrayOutputStream ours = new ByteArrayOutputStream();
      network.write(ours, withUpdater);
      Map<String, byte[]> actual = ZipEntries.read(ours.toByteArray());
      assertEquals(expected.keySet(), actual.keySet(), name + ", updater " + withUpdater);
      for (String entry : expected.keySet()) {
        assertArrayEquals(expected.get(entry), actual.get(entry), name + ": " + entry);
      }
      CnnNetwork read = CnnNetwork.read(ours.toByteArray(), withUpdater);
      assertEquals(network.params(), read.params());
      if (withUpdater) {
        assertEquals(updaterState(network), updaterState(read), name + ": Adam's moments");
      }
    }
  }

  private static INDArray updaterState(CnnNetwork network) {
    return network.sequential().isPresent() ? network.sequential().get().getUpdater().getStateViewArray()
        : network.graph().get().getUpdater().getStateViewArray();
  }
}
