package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.nd4j.linalg.dataset.DataSet;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * One epoch's examples, laid out for parameter averaging: partition p holds one worker's share of
 * round p / workers, that is {@code averagingFrequency} consecutive minibatches.
 *
 * <p>{@link #round} hands dl4j-spark exactly one round, as an RDD of that round's partitions
 * only. Given one round, dl4j-spark neither splits nor repartitions: each worker fits its
 * partition and the results are averaged. Fed a whole epoch instead, it would filter the whole
 * RDD once per round to split it, and shuffle every split.
 */
public final class EpochRounds implements AutoCloseable {
  private final JavaRDD<LabeledImage> examples;
  private final int workers;
  private final int imagesPerPartition;
  private final int images;
  private final int batchSize;
  private final MinibatchAssembler assembler;

  /**
   * @param examples the epoch's examples in order, {@code imagesPerPartition} per partition
   */
  EpochRounds(JavaRDD<LabeledImage> examples, int workers, int imagesPerPartition, int images, int batchSize,
      MinibatchAssembler assembler) {
    this.examples = examples;
    this.workers = workers;
    this.imagesPerPartition = imagesPerPartition;
    this.images = images;
    this.batchSize = batchSize;
    this.assembler = assembler;
  }

  /**
   * Shuffles the epoch's examples into place and caches them, in one Spark job over all
   * partitions in parallel, rather than round by round while the other workers wait.
   */
  public EpochRounds prepare() {
    examples.count();
    return this;
  }

  /** Number of averaging rounds in the epoch; the last may be smaller than the others. */
  public int rounds() {
    int partitions = examples.getNumPartitions();
    return (partitions + workers - 1) / workers;
  }

  /** Training images in rounds {@code from} (inclusive) to {@code to} (exclusive). */
  public long images(int from, int to) {
    long perRound = (long) workers * imagesPerPartition;
    return Math.min(images, to * perRound) - Math.min(images, from * perRound);
  }

  /**
   * The minibatches of round {@code index} (0-based), one partition per worker, assembled from
   * the cached examples as they are read.
   */
  public JavaRDD<DataSet> round(int index) {
    if (index < 0 || index >= rounds()) {
      throw new IndexOutOfBoundsException("round " + index + " of " + rounds());
    }
    PartitionPruningRDD<LabeledImage> pruned =
        PartitionPruningRDD.create(examples.rdd(), new PartitionsOfRound(index, workers));
    final int size = batchSize;
    final MinibatchAssembler assemble = assembler;
    return new JavaRDD<>(pruned, ClassTag$.MODULE$.apply(LabeledImage.class))
        .mapPartitions(it -> minibatches(it, size, assemble), true)
        .setName(examples.name() + ", round " + (index + 1));
  }

  /** Consecutive examples cut into minibatches, each assembled only when asked for. */
  private static Iterator<DataSet> minibatches(Iterator<LabeledImage> it, int size, MinibatchAssembler assembler) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public DataSet next() {
        List<LabeledImage> batch = new ArrayList<>(size);
        while (batch.size() < size && it.hasNext()) {
          batch.add(it.next());
        }
        return assembler.assemble(batch);
      }
    };
  }

  /** Scala's partition filter for PartitionPruningRDD; travels with the RDD's lineage. */
  private static final class PartitionsOfRound extends AbstractFunction1<Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int round;
    private final int workers;

    PartitionsOfRound(int round, int workers) {
      this.round = round;
      this.workers = workers;
    }

    @Override
    public Object apply(Object partition) {
      return (Integer) partition / workers == round;
    }
  }

  @Override
  public void close() {
    examples.unpersist(false);
  }
}
