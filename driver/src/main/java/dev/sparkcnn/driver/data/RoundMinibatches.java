package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.LabeledImage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.NarrowDependency;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.rdd.RDD;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.reflect.ClassTag$;

/**
 * One averaging round's minibatches: a partition per worker, each reading that worker's share of
 * the round (a slice of a partition of the epoch's cached examples) and assembling its
 * minibatches as they are read. The minibatch count is known up front.
 *
 * <p>Why an RDD of its own: a share is a slice of a cached partition, which Spark's own RDDs do
 * not express (PartitionPruningRDD keeps or drops whole partitions); and dl4j-spark's parameter averaging calls
 * {@code count()} on every RDD it is given before it trains on it. On a plain mapped RDD that is
 * a Spark job which assembles every minibatch of the round only to count and drop it, once per
 * round (training stats' CountRDD). Here {@link #count} answers
 * from the layout.
 *
 * @param <T> what a minibatch becomes: a DataSet, or a MultiDataSet for a graph
 */
final class RoundMinibatches<T> extends RDD<T> {
  private static final long serialVersionUID = 1L;

  /**
   * One worker's share of the round.
   *
   * @param partition the partition of the epoch's examples that holds it
   * @param offset where it starts in that partition, images
   * @param images its length, images
   */
  record Share(int partition, int offset, int images) implements Serializable {}

  private final RDD<LabeledImage> examples;
  private final List<Share> shares;
  private final int batchSize;
  private final Function<List<LabeledImage>, T> assemble;

  RoundMinibatches(RDD<LabeledImage> examples, List<Share> shares, int batchSize,
      Function<List<LabeledImage>, T> assemble, Class<T> type) {
    super(examples.context(), JavaConverters.asScalaBufferConverter(
        List.<org.apache.spark.Dependency<?>>of(new SharesOf(examples, shares))).asScala().toList(),
        ClassTag$.MODULE$.apply(type));
    this.examples = examples;
    this.shares = List.copyOf(shares);
    this.batchSize = batchSize;
    this.assemble = assemble;
  }

  @Override
  public scala.collection.Iterator<T> compute(Partition split, TaskContext context) {
    Slot slot = (Slot) split;
    Share share = shares.get(slot.index());
    Iterator<LabeledImage> images = JavaConverters.asJavaIteratorConverter(
        examples.iterator(slot.cached(), context).drop(share.offset()).take(share.images())).asJava();
    Iterator<T> batches = new Iterator<>() {
      private boolean killed;
      private T last;

      @Override
      public boolean hasNext() {
        return more();
      }

      @Override
      public T next() {
        List<LabeledImage> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && more()) {
          batch.add(images.next());
        }
        if (batch.isEmpty() && last != null) {
          return last;  // killed between hasNext and next: any batch will do, as nothing of it is kept
        }
        try {
          last = assemble.call(batch);
          return last;
        } catch (Exception e) {
          throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
      }

      /**
       * Whether the share has more images; false once Spark kills the task. dl4j-spark's worker
       * reads this iterator on a prefetch thread of its own, where Spark's TaskKilledException is
       * uncaught and exits the executor JVM: speculation kills the slower copy of every task it
       * duplicates, and each kill cost an executor. A killed task never reports a result, so
       * ending its data early changes nothing.
       */
      private boolean more() {
        if (killed) {
          return false;
        }
        try {
          return images.hasNext();
        } catch (TaskKilledException e) {
          killed = true;
          return false;
        }
      }
    };
    return JavaConverters.asScalaIteratorConverter(batches).asScala();
  }

  @Override
  public Partition[] getPartitions() {
    Partition[] cached = examples.partitions();
    Partition[] partitions = new Partition[shares.size()];
    for (int i = 0; i < partitions.length; i++) {
      partitions[i] = new Slot(i, cached[shares.get(i).partition()]);
    }
    return partitions;
  }

  @Override
  public long count() {
    return shares.stream().mapToLong(s -> (s.images() + batchSize - 1) / batchSize).sum();
  }

  /**
   * The round's i-th partition, with the cached partition it reads, resolved on the driver as
   * Spark's own pruning and coalescing RDDs do.
   */
  private record Slot(int index, Partition cached) implements Partition {}

  /**
   * Partition i of the round reads one partition of the epoch's examples: Spark schedules it
   * where that partition is cached.
   */
  private static final class SharesOf extends NarrowDependency<LabeledImage> {
    private static final long serialVersionUID = 1L;
    private final int[] parents;

    SharesOf(RDD<LabeledImage> examples, List<Share> shares) {
      super(examples);
      this.parents = shares.stream().mapToInt(Share::partition).toArray();
    }

    @Override
    public Seq<Object> getParents(int partitionId) {
      return JavaConverters.asScalaBufferConverter(List.<Object>of(parents[partitionId])).asScala().toList();
    }
  }
}
