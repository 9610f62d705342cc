package dev.sparkcnn.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.model.ImageShape;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** The per-epoch shuffle on a real local[2] Spark context. */
class EpochBatchesTest {
  private static JavaSparkContext sc;
  private static final ImageShape SHAPE = new ImageShape(1, 1, 1);

  @BeforeAll
  static void start() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("EpochBatchesTest")
        .set("spark.ui.enabled", "false")
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator"));
  }

  @AfterAll
  static void stop() {
    sc.close();
  }

  /** 100 one-pixel images whose pixel value is their index, so order can be read back. */
  private static EpochBatches batches(long seed) {
    List<LabeledImage> examples = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      examples.add(new LabeledImage(new byte[] {(byte) i}, i % 2));
    }
    return EpochBatches.cache(sc, examples, 3, 8, seed, new MinibatchAssembler(SHAPE, 2));
  }

  private static List<Integer> order(EpochBatches batches, int epoch) {
    List<Integer> order = new ArrayList<>();
    for (DataSet batch : batches.forEpoch(epoch).collect()) {
      assertTrue(batch.numExamples() <= 8);
      for (int i = 0; i < batch.numExamples(); i++) {
        order.add(Math.round(batch.getFeatures().getFloat(i, 0, 0, 0) * 255));
      }
    }
    return order;
  }

  @Test
  void everyExampleOncePerEpochInAnOrderFixedBySeedAndEpoch() {
    try (EpochBatches a = batches(42); EpochBatches b = batches(42); EpochBatches c = batches(7)) {
      List<Integer> epoch1 = order(a, 1);
      assertEquals(100, epoch1.size());
      assertEquals(100, epoch1.stream().distinct().count());
      assertEquals(epoch1, order(b, 1), "same seed, same epoch: same order");
      assertNotEquals(epoch1, order(a, 2), "another epoch: another order");
      assertNotEquals(epoch1, order(c, 1), "another seed: another order");
      assertEquals(3 * 5, a.batchesPerEpoch(), "3 partitions of about 34 images, 5 batches of 8 each");
    }
  }
}
