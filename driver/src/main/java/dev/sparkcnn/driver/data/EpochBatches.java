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
 * partition that holds its worker's share of its round ({@link RoundLayout}).
 *
 * <p>Augmentation happens right after that shuffle, on the executors, as each partition is put in
 * order: every worker's share of a round draws from a generator seeded by (seed, epoch, round,
 * worker), so a rerun repeats every variant and every epoch sees new ones. With k augmented copies, each example
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
   * The minibatches of {@code epoch} (1-based): in each round, {@code batchesPerWorker}
   * consecutive minibatches for each of {@code workers} workers. Cached once prepared; close it.
   */
  public EpochRounds forEpoch(int epoch, int workers, int batchesPerWorker) {
    return forEpoch(epoch, workers, batchesPerWorker, RoundLayout.PARTITION_BYTES);
  }

  /** {@link #forEpoch(int, int, int)} with partitions of at most {@code partitionBytes} of pixels (tests vary it). */
  EpochRounds forEpoch(int epoch, int workers, int batchesPerWorker, long partitionBytes) {
    final int originals = Math.toIntExact(count);
    final int perOriginal = augmenter.augmentation().imagesPerOriginal();
    final int n = Math.toIntExact(imagesPerEpoch());
    final long permutationSeed = SeedMixer.mix(seed, epoch);
    final long augmentationSeed = seed;
    final int epochNumber = epoch;
    final ImageAugmenter augment = augmenter;
    final RoundLayout layout = RoundLayout.of(n, workers, batchSize * batchesPerWorker, assembler.shape().pixels(),
        partitionBytes);
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
        .partitionBy(new LayoutPartitioner(layout))
        .mapPartitionsWithIndex((partition, it) -> augmented(layout, partition, inOrder(layout, partition, it), augment,
            augmentationSeed, epochNumber), true)
        .setName("epoch " + epoch + " examples")
        // Cached as raw examples, not minibatches: Spark estimates the size of whatever it
        // caches, which is cheap for byte arrays and costly for ND4J arrays.
        .persist(StorageLevel.MEMORY_AND_DISK());
    return new EpochRounds(ordered, layout, batchSize, assembler);
  }

  /** A partition's (image, copy) pairs in the order its rounds read them. */
  private static List<Tuple2<LabeledImage, Integer>> inOrder(RoundLayout layout, int partition,
      Iterator<Tuple2<Integer, Tuple2<LabeledImage, Integer>>> it) {
    @SuppressWarnings("unchecked")
    Tuple2<LabeledImage, Integer>[] ordered = new Tuple2[layout.partitionCapacity()];
    int filled = 0;
    while (it.hasNext()) {
      Tuple2<Integer, Tuple2<LabeledImage, Integer>> t = it.next();
      ordered[layout.offsetInPartition(t._1())] = t._2();
      filled++;
    }
    // Only the epoch's last round may be short, and it is the last in its partitions: what is
    // filled is a prefix.
    return Arrays.asList(ordered).subList(0, filled);
  }

  /**
   * The partition's images, each augmented where its copy asks for it. Every worker's share of a
   * round draws from a generator of its own, seeded by (seed, epoch, round * workers + worker),
   * so the variants do not depend on how many rounds share a partition.
   */
  private static Iterator<LabeledImage> augmented(RoundLayout layout, int partition,
      List<Tuple2<LabeledImage, Integer>> ordered, ImageAugmenter augmenter, long seed, int epoch) {
    List<LabeledImage> images = new ArrayList<>(ordered.size());
    SplittableRandom random = null;
    for (int i = 0; i < ordered.size(); i++) {
      if (i % layout.imagesPerChunk() == 0) {
        random = new SplittableRandom(SeedMixer.mix(seed, epoch, layout.chunkAt(partition, i)));
      }
      Tuple2<LabeledImage, Integer> t = ordered.get(i);
      images.add(augmenter.augmentation().augments(t._2()) ? augmenter.apply(t._1(), random) : t._1());
    }
    return images.iterator();
  }

  /** Sends the example at epoch position p to the partition that holds its worker's share of its round. */
  private static final class LayoutPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final RoundLayout layout;

    LayoutPartitioner(RoundLayout layout) {
      this.layout = layout;
    }

    @Override
    public int numPartitions() {
      return layout.partitions();
    }

    @Override
    public int getPartition(Object key) {
      return layout.partitionOf((Integer) key);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof LayoutPartitioner p && p.layout.equals(layout);
    }

    @Override
    public int hashCode() {
      return layout.hashCode();
    }
  }
}
