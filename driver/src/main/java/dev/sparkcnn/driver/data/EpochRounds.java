package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.deeplearning4j.nn.graph.util.ComputationGraphUtil;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
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
    final MinibatchAssembler assemble = assembler;
    return round(index, assemble::assemble, DataSet.class);
  }

  /** {@link #round}'s minibatches as a computation graph trains on them. */
  public JavaRDD<MultiDataSet> graphRound(int index) {
    final MinibatchAssembler assemble = assembler;
    return round(index, batch -> ComputationGraphUtil.toMultiDataSet(assemble.assemble(batch)), MultiDataSet.class);
  }

  private <T> JavaRDD<T> round(int index, Function<List<LabeledImage>, T> assemble, Class<T> type) {
    if (index < 0 || index >= rounds()) {
      throw new IndexOutOfBoundsException("round " + index + " of " + rounds());
    }
    PartitionPruningRDD<LabeledImage> pruned =
        PartitionPruningRDD.create(examples.rdd(), new PartitionsOfRound(index, workers));
    long minibatches = 0;
    for (int p = index * workers; p < Math.min((index + 1) * workers, examples.getNumPartitions()); p++) {
      long inPartition = Math.min(imagesPerPartition, images - (long) p * imagesPerPartition);
      minibatches += (inPartition + batchSize - 1) / batchSize;
    }
    RoundMinibatches<T> round = new RoundMinibatches<>(pruned, batchSize, assemble, minibatches, type);
    round.setName(examples.name() + ", round " + (index + 1));
    return round.toJavaRDD();
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
