package dev.sparkcnn.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.augment.Augmentation;
import dev.sparkcnn.augment.ImageAugmenter;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.model.ImageShape;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
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
    return EpochBatches.cache(sc, examples, 3, 8, seed, new MinibatchAssembler(SHAPE, 2),
        new ImageAugmenter(Augmentation.OFF, SHAPE));
  }

  /** The epoch's examples, round by round, as the workers would see them (2 workers, 3 batches each). */
  private static List<List<Integer>> rounds(EpochBatches batches, int epoch) {
    List<List<Integer>> rounds = new ArrayList<>();
    try (EpochRounds epochRounds = batches.forEpoch(epoch, 2, 3).prepare()) {
      for (int r = 0; r < epochRounds.rounds(); r++) {
        JavaRDD<DataSet> round = epochRounds.round(r);
        assertTrue(round.getNumPartitions() <= 2, "one partition per worker");
        List<Integer> images = new ArrayList<>();
        for (DataSet batch : round.collect()) {
          assertTrue(batch.numExamples() <= 8);
          for (int i = 0; i < batch.numExamples(); i++) {
            images.add(Math.round(batch.getFeatures().getFloat(i, 0, 0, 0) * 255));
          }
        }
        assertEquals(epochRounds.images(r, r + 1), images.size(), "images of round " + r);
        rounds.add(images);
      }
    }
    return rounds;
  }

  private static List<Integer> order(EpochBatches batches, int epoch) {
    return rounds(batches, epoch).stream().flatMap(List::stream).toList();
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
    }
  }

  @Test
  void roundsHoldWorkersTimesFrequencyMinibatches() {
    try (EpochBatches a = batches(42)) {
      List<List<Integer>> rounds = rounds(a, 1);
      // 2 workers x 3 minibatches x 8 images = 48 per round: 48, 48, then the 4 left over.
      assertEquals(List.of(48, 48, 4), rounds.stream().map(List::size).toList());
    }
  }

  @Test
  void permutationIsAPermutation() {
    int[] p = EpochBatches.permutation(1000, 3);
    assertEquals(1000, java.util.Arrays.stream(p).distinct().filter(i -> i >= 0 && i < 1000).count());
  }
}
