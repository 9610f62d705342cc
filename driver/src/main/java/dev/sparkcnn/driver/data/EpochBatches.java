package dev.sparkcnn.driver.data;

import dev.sparkcnn.augment.ImageAugmenter;
import dev.sparkcnn.data.IndexPermutation;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.data.SeedMixer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The training set, cached on the executors under its images' ranks ({@link ImageSet}), and for
 * each epoch a fresh permutation of it cut into minibatches and laid out round by round
 * ({@link EpochRounds}).
 *
 * <p>The permutation depends on (seed, epoch, rank) only ({@link IndexPermutation}): every task
 * computes the position of each of its images in constant memory, so a rerun, a resumed run and
 * a retried task all see the same minibatches in the same rounds, and the same images in any
 * storage format train identically. One shuffle per epoch moves each example straight to the
 * partition of its round.
 *
 * <p>Augmentation happens right after that shuffle, on the executors, as each partition is put in
 * order: every partition draws from a generator seeded by (seed, epoch, partition), so a rerun
 * repeats every variant and every epoch sees new ones. With k augmented copies, each example
 * enters the permutation k + 1 times, the original and k copies to be augmented.
 */
public final class EpochBatches {
  private final JavaPairRDD<Long, LabeledImage> examples;
  private final long count;
  private final int batchSize;
  private final long seed;
  private final MinibatchAssembler assembler;
  private final ImageAugmenter augmenter;

  private EpochBatches(JavaPairRDD<Long, LabeledImage> examples, long count, int batchSize, long seed,
      MinibatchAssembler assembler, ImageAugmenter augmenter) {
    this.examples = examples;
    this.count = count;
    this.batchSize = batchSize;
    this.seed = seed;
    this.assembler = assembler;
    this.augmenter = augmenter;
  }

  /**
   * Epochs of {@code train}, which stays cached by its owner.
   *
   * @param augmenter what happens to the training images every epoch; its augmentation may be off
   */
  public static EpochBatches of(ImageSet train, int batchSize, long seed, MinibatchAssembler assembler,
      ImageAugmenter augmenter) {
    if (train.count() * augmenter.augmentation().imagesPerOriginal() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(train.source() + ": " + train.count() + " images x "
          + augmenter.augmentation().imagesPerOriginal() + " per epoch exceed the 2^31 one epoch may hold");
    }
    return new EpochBatches(train.ranked(), train.count(), batchSize, seed, assembler, augmenter);
  }

  /** Number of training examples, before augmented copies. */
  public long count() {
    return count;
  }

  /** Images in every epoch: the examples, times 1 + augmented copies. */
  public long imagesPerEpoch() {
    return count * augmenter.augmentation().imagesPerOriginal();
  }

  /**
   * The minibatches of {@code epoch} (1-based), {@code batchesPerWorker} consecutive minibatches
   * per partition and {@code workers} partitions per round. Cached once prepared; close it.
   */
  public EpochRounds forEpoch(int epoch, int workers, int batchesPerWorker) {
    final int originals = Math.toIntExact(count);
    final int perOriginal = augmenter.augmentation().imagesPerOriginal();
    final int n = Math.toIntExact(imagesPerEpoch());
    final int size = batchSize;
    final long permutationSeed = SeedMixer.mix(seed, epoch);
    final long augmentationSeed = seed;
    final int epochNumber = epoch;
    final MinibatchAssembler assemble = assembler;
    final ImageAugmenter augment = augmenter;
    final int imagesPerPartition = size * batchesPerWorker;
    int partitions = (n + imagesPerPartition - 1) / imagesPerPartition;
    JavaRDD<LabeledImage> ordered = examples
        .mapPartitions(it -> {
          IndexPermutation position = IndexPermutation.of(n, permutationSeed);
          List<Tuple2<Integer, Tuple2<LabeledImage, Integer>>> placed = new ArrayList<>();
          it.forEachRemaining(t -> {
            for (int copy = 0; copy < perOriginal; copy++) {
              long image = t._1() + (long) copy * originals;
              placed.add(new Tuple2<>((int) position.apply(image), new Tuple2<>(t._2(), copy)));
            }
          });
          return placed.iterator();
        })
        .mapToPair(t -> t)
        .partitionBy(new PositionPartitioner(partitions, imagesPerPartition))
        .mapPartitionsWithIndex((partition, it) -> augmented(
            inOrder(it, partition * imagesPerPartition, imagesPerPartition), augment,
            new SplittableRandom(SeedMixer.mix(augmentationSeed, epochNumber, partition))), true)
        .setName("epoch " + epoch + " examples")
        // Cached as raw examples, not minibatches: Spark estimates the size of whatever it
        // caches, which is cheap for byte arrays and costly for ND4J arrays.
        .persist(StorageLevel.MEMORY_AND_DISK());
    return new EpochRounds(ordered, workers, imagesPerPartition, n, size, assemble);
  }

  /** A partition's (image, copy) pairs in epoch order. */
  private static List<Tuple2<LabeledImage, Integer>> inOrder(Iterator<Tuple2<Integer, Tuple2<LabeledImage, Integer>>> it,
      int firstPosition, int capacity) {
    @SuppressWarnings("unchecked")
    Tuple2<LabeledImage, Integer>[] ordered = new Tuple2[capacity];
    int filled = 0;
    while (it.hasNext()) {
      Tuple2<Integer, Tuple2<LabeledImage, Integer>> t = it.next();
      ordered[t._1() - firstPosition] = t._2();
      filled++;
    }
    // Positions are consecutive from firstPosition; only the epoch's last partition is short.
    return Arrays.asList(ordered).subList(0, filled);
  }

  /** The partition's images, each augmented where its copy asks for it, in order from one generator. */
  private static Iterator<LabeledImage> augmented(List<Tuple2<LabeledImage, Integer>> ordered, ImageAugmenter augmenter,
      SplittableRandom random) {
    List<LabeledImage> images = new ArrayList<>(ordered.size());
    for (Tuple2<LabeledImage, Integer> t : ordered) {
      images.add(augmenter.augmentation().augments(t._2()) ? augmenter.apply(t._1(), random) : t._1());
    }
    return images.iterator();
  }

  /** Sends the example at epoch position p to partition p / imagesPerPartition. */
  private static final class PositionPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;
    private final int imagesPerPartition;

    PositionPartitioner(int partitions, int imagesPerPartition) {
      this.partitions = partitions;
      this.imagesPerPartition = imagesPerPartition;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key / imagesPerPartition;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof PositionPartitioner p
          && p.partitions == partitions && p.imagesPerPartition == imagesPerPartition;
    }

    @Override
    public int hashCode() {
      return 31 * partitions + imagesPerPartition;
    }
  }
}
