package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.deeplearning4j.nn.graph.util.ComputationGraphUtil;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One epoch's examples, laid out for parameter averaging ({@link RoundLayout}): every worker's
 * share of a round is {@code averagingFrequency} consecutive minibatches, cached in a partition
 * with its shares of the neighbouring rounds.
 *
 * <p>{@link #round} hands dl4j-spark exactly one round, as an RDD with one partition per worker
 * that reads that worker's share from the cache. Given one round, dl4j-spark neither splits nor
 * repartitions: each worker fits its partition and the results are averaged. Fed a whole epoch
 * instead, it would filter the whole RDD once per round to split it, and shuffle every split.
 */
public final class EpochRounds implements AutoCloseable {
  private final JavaRDD<LabeledImage> examples;
  private final RoundLayout layout;
  private final int batchSize;
  private final MinibatchAssembler assembler;

  /**
   * @param examples the epoch's examples, partitioned and ordered as {@code layout} says
   */
  EpochRounds(JavaRDD<LabeledImage> examples, RoundLayout layout, int batchSize, MinibatchAssembler assembler) {
    this.examples = examples;
    this.layout = layout;
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
    return layout.rounds();
  }

  /** Training images in rounds {@code from} (inclusive) to {@code to} (exclusive). */
  public long images(int from, int to) {
    long perRound = layout.imagesPerRound();
    return Math.min(layout.images(), to * perRound) - Math.min(layout.images(), from * perRound);
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
    List<RoundMinibatches.Share> shares = new ArrayList<>();
    for (int worker = 0; worker < layout.workers(); worker++) {
      int images = layout.chunkImages(index, worker);
      // The epoch's last round may leave later workers nothing; they get no partition, as
      // dl4j-spark would otherwise start a worker for it.
      if (images > 0) {
        shares.add(new RoundMinibatches.Share(layout.partitionHolding(index, worker), layout.offsetOfRound(index), images));
      }
    }
    RoundMinibatches<T> round = new RoundMinibatches<>(examples.rdd(), shares, batchSize, assemble, type);
    round.setName(examples.name() + ", round " + (index + 1));
    return round.toJavaRDD();
  }

  @Override
  public void close() {
    examples.unpersist(false);
  }
}
