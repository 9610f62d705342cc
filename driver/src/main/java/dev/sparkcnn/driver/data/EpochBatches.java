package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.data.SeedMixer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

/**
 * The training set as a cached RDD of examples, and a fresh shuffle of it into minibatches for
 * each epoch. Each example gets a random key from (seed, epoch, partition); partitioning and
 * sorting by that key is a global shuffle that any rerun with the same seed repeats exactly.
 */
public final class EpochBatches implements AutoCloseable {
  private final JavaRDD<LabeledImage> examples;
  private final int partitions;
  private final int batchSize;
  private final long seed;
  private final MinibatchAssembler assembler;
  private final long count;

  private EpochBatches(JavaRDD<LabeledImage> examples, int partitions, int batchSize, long seed,
      MinibatchAssembler assembler, long count) {
    this.examples = examples;
    this.partitions = partitions;
    this.batchSize = batchSize;
    this.seed = seed;
    this.assembler = assembler;
    this.count = count;
  }

  /** Distributes {@code train} over {@code partitions} partitions and caches it. */
  public static EpochBatches cache(JavaSparkContext sc, List<LabeledImage> train, int partitions, int batchSize,
      long seed, MinibatchAssembler assembler) {
    JavaRDD<LabeledImage> examples = sc.parallelize(train, partitions)
        .setName("training examples")
        .persist(StorageLevel.MEMORY_ONLY());
    return new EpochBatches(examples, partitions, batchSize, seed, assembler, train.size());
  }

  /** Number of training examples. */
  public long count() {
    return count;
  }

  /** Number of minibatches one epoch yields (each partition's last batch may be smaller). */
  public long batchesPerEpoch() {
    long perPartition = (count + partitions - 1) / partitions;
    return partitions * ((perPartition + batchSize - 1) / batchSize);
  }

  /** The minibatches of {@code epoch} (1-based), shuffled by (seed, epoch). Not cached. */
  public JavaRDD<DataSet> forEpoch(int epoch) {
    final long baseSeed = seed;
    final int size = batchSize;
    final MinibatchAssembler assemble = assembler;
    return examples
        .mapPartitionsWithIndex((partition, it) -> {
          SplittableRandom random = new SplittableRandom(SeedMixer.mix(baseSeed, epoch, partition));
          List<Tuple2<Long, LabeledImage>> keyed = new ArrayList<>();
          it.forEachRemaining(example -> keyed.add(new Tuple2<>(random.nextLong(), example)));
          return keyed.iterator();
        }, true)
        .mapToPair(t -> t)
        .partitionBy(new HashPartitioner(partitions))
        .mapPartitions(it -> batches(it, size, assemble))
        .setName("epoch " + epoch + " minibatches");
  }

  private static Iterator<DataSet> batches(Iterator<Tuple2<Long, LabeledImage>> it, int size,
      MinibatchAssembler assembler) {
    List<Tuple2<Long, LabeledImage>> keyed = new ArrayList<>();
    it.forEachRemaining(keyed::add);
    keyed.sort(Comparator.comparing(Tuple2::_1));
    // Assembled lazily: one minibatch of floats at a time instead of the whole partition.
    return new Iterator<>() {
      private int start = 0;

      @Override
      public boolean hasNext() {
        return start < keyed.size();
      }

      @Override
      public DataSet next() {
        int end = Math.min(start + size, keyed.size());
        List<LabeledImage> batch = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
          batch.add(keyed.get(i)._2());
        }
        start = end;
        return assembler.assemble(batch);
      }
    };
  }

  @Override
  public void close() {
    examples.unpersist(false);
  }
}
