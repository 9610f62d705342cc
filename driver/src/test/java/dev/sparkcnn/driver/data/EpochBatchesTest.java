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
import org.nd4j.linalg.dataset.api.MultiDataSet;
import scala.Tuple2;

/** The per-epoch shuffle on a real local[2] Spark context. */
class EpochBatchesTest {
  private static JavaSparkContext sc;
  private static final ImageShape SHAPE = new ImageShape(1, 1, 1);

  @BeforeAll
  static void start() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("EpochBatchesTest")
        .set("spark.ui.enabled", "false")
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrator", "dev.sparkcnn.driver.kryo.SparkCnnKryoRegistrator"));
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
    return EpochBatches.of(ranked(examples), 8, seed, new MinibatchAssembler(SHAPE, 2),
        new ImageAugmenter(Augmentation.OFF, SHAPE));
  }

  /** The examples as the data sources give them: under their ranks, in 3 partitions. */
  private static ImageSet ranked(List<LabeledImage> examples) {
    List<Tuple2<Long, LabeledImage>> pairs = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      pairs.add(new Tuple2<>((long) i, examples.get(i)));
    }
    return new ImageSet(sc.parallelizePairs(pairs, 3), examples.size(), "test examples");
  }

  /** The epoch's examples, round by round, as the workers would see them (2 workers, 3 batches each). */
  private static List<List<Integer>> rounds(EpochBatches batches, int epoch) {
    List<List<Integer>> rounds = new ArrayList<>();
    try (EpochRounds epochRounds = batches.forEpoch(epoch, 2, 3).prepare()) {
      for (int r = 0; r < epochRounds.rounds(); r++) {
        JavaRDD<DataSet> round = epochRounds.round(r);
        assertTrue(round.getNumPartitions() <= 2, "one partition per worker");
        List<DataSet> minibatches = round.collect();
        // dl4j-spark reads the round's size from count(), which the layout answers without a job.
        assertEquals(minibatches.size(), round.count(), "minibatches of round " + r);
        List<MultiDataSet> graphMinibatches = epochRounds.graphRound(r).collect();
        assertEquals(minibatches.size(), graphMinibatches.size());
        assertEquals(minibatches.size(), epochRounds.graphRound(r).count());
        List<Integer> images = new ArrayList<>();
        for (int b = 0; b < minibatches.size(); b++) {
          DataSet batch = minibatches.get(b);
          assertEquals(batch.getFeatures(), graphMinibatches.get(b).getFeatures(0), "a graph's minibatch " + b + " of round " + r);
          assertEquals(batch.getLabels(), graphMinibatches.get(b).getLabels(0));
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
    EpochBatches a = batches(42);
    List<Integer> epoch1 = order(a, 1);
    assertEquals(100, epoch1.size());
    assertEquals(100, epoch1.stream().distinct().count());
    assertEquals(epoch1, order(batches(42), 1), "same seed, same epoch: same order");
    assertNotEquals(epoch1, order(a, 2), "another epoch: another order");
    assertNotEquals(epoch1, order(batches(7), 1), "another seed: another order");
  }

  @Test
  void roundsHoldWorkersTimesFrequencyMinibatches() {
    List<List<Integer>> rounds = rounds(batches(42), 1);
    // 2 workers x 3 minibatches x 8 images = 48 per round: 48, 48, then the 4 left over.
    assertEquals(List.of(48, 48, 4), rounds.stream().map(List::size).toList());
  }

  /**
   * 100 two-pixel images: the first pixel is the image's index, the second a marker (200) that
   * only augmentation (noise on every pixel) changes.
   */
  private static EpochBatches augmentedBatches(long seed, int copies) {
    ImageShape shape = new ImageShape(1, 2, 1);
    List<LabeledImage> examples = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      examples.add(new LabeledImage(new byte[] {(byte) i, (byte) 200}, i % 2));
    }
    Augmentation noise = new Augmentation(true, copies, 0, 0, 1, 0, 0, 0, 0, 1, 0.3);
    return EpochBatches.of(ranked(examples), 8, seed, new MinibatchAssembler(shape, 2), new ImageAugmenter(noise, shape));
  }

  /** Every image of the epoch as its two pixel values (0-255), in epoch order. */
  private static List<List<Integer>> images(EpochBatches batches, int epoch) {
    return images(batches, epoch, RoundLayout.PARTITION_BYTES).stream().flatMap(List::stream).toList();
  }

  /** Round by round, every image as its two pixel values, with partitions of at most {@code partitionBytes}. */
  private static List<List<List<Integer>>> images(EpochBatches batches, int epoch, long partitionBytes) {
    List<List<List<Integer>>> rounds = new ArrayList<>();
    try (EpochRounds epochRounds = batches.forEpoch(epoch, 2, 3, partitionBytes).prepare()) {
      for (int r = 0; r < epochRounds.rounds(); r++) {
        List<List<Integer>> images = new ArrayList<>();
        rounds.add(images);
        for (DataSet batch : epochRounds.round(r).collect()) {
          for (int i = 0; i < batch.numExamples(); i++) {
            images.add(List.of(Math.round(batch.getFeatures().getFloat(i, 0, 0, 0) * 255),
                Math.round(batch.getFeatures().getFloat(i, 0, 0, 1) * 255)));
          }
        }
      }
    }
    return rounds;
  }

  @Test
  void roundsSeeTheSameImagesAndVariantsHoweverManyRoundsSharePartitions() {
    EpochBatches a = augmentedBatches(42, 2);
    // 300 images, 2 workers x 24 per round: 7 rounds, the last one 12 images for worker 0 only.
    // One 24-image chunk is 48 bytes of pixels: 1 byte gives one round per partition.
    List<List<List<Integer>>> alone = images(a, 3, 1);
    assertEquals(7, alone.size());
    assertEquals(12, alone.get(6).size());
    assertEquals(alone, images(a, 3, 2 * 48), "two rounds per partition");
    assertEquals(alone, images(a, 3, 5 * 48), "five rounds per partition, the last group short");
    assertEquals(alone, images(a, 3, RoundLayout.PARTITION_BYTES), "every round in one partition per worker");
  }

  @Test
  void augmentedCopiesEnlargeTheEpochAndKeepEachOriginalOnce() {
    EpochBatches a = augmentedBatches(42, 2);
    assertEquals(300, a.imagesPerEpoch());
    List<List<Integer>> epoch1 = images(a, 1);
    assertEquals(300, epoch1.size(), "each original plus 2 augmented copies");
    List<Integer> unchanged = epoch1.stream().filter(p -> p.get(1) == 200).map(p -> p.get(0)).sorted().toList();
    // Noise leaves a pixel exactly as it was only rarely (a draw within half a grey level of 0).
    assertTrue(unchanged.size() >= 100 && unchanged.size() <= 105, unchanged.size() + " unchanged images");
    for (int i = 0; i < 100; i++) {
      assertTrue(unchanged.contains(i), "original " + i + " is in the epoch as it was");
    }
  }

  @Test
  void augmentationRepeatsUnderTheSameSeedAndChangesWithEpochAndSeed() {
    EpochBatches a = augmentedBatches(42, 0);
    List<List<Integer>> epoch1 = images(a, 1);
    assertEquals(100, epoch1.size(), "without copies every image is replaced by one variant");
    assertTrue(epoch1.stream().filter(p -> p.get(1) == 200).count() < 5, "(almost) every image is augmented");
    assertEquals(epoch1, images(augmentedBatches(42, 0), 1), "same seed, same epoch: the same variants in the same order");
    assertNotEquals(sorted(epoch1), sorted(images(a, 2)), "another epoch: other variants");
    assertNotEquals(sorted(epoch1), sorted(images(augmentedBatches(7, 0), 1)), "another seed: other variants");
  }

  private static List<List<Integer>> sorted(List<List<Integer>> images) {
    return images.stream().sorted(java.util.Comparator.comparing((List<Integer> p) -> p.get(0)).thenComparing(p -> p.get(1))).toList();
  }
}
