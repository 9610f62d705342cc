package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.LabeledImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.rdd.RDD;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag$;

/**
 * One averaging round's minibatches, cut from its partitions of the epoch's cached examples and
 * assembled as they are read; the minibatch count is known up front.
 *
 * <p>Why an RDD of its own: dl4j-spark's parameter averaging calls {@code count()} on every RDD
 * it is given before it trains on it. On a plain mapped RDD that is a Spark job which assembles
 * every minibatch of the round only to count and drop it: 1.2-1.6 s of a 16-22 s LeNet-5 epoch
 * (training stats' CountRDD, 47 rounds). Here {@link #count} answers from the layout.
 *
 * @param <T> what a minibatch becomes: a DataSet, or a MultiDataSet for a graph
 */
final class RoundMinibatches<T> extends RDD<T> {
  private static final long serialVersionUID = 1L;
  private final RDD<LabeledImage> examples;
  private final int batchSize;
  private final Function<List<LabeledImage>, T> assemble;
  private final long minibatches;

  /**
   * @param examples the round's partitions of the epoch's examples, in order
   * @param minibatches how many minibatches {@code examples} cut into; what {@link #count} returns
   */
  RoundMinibatches(RDD<LabeledImage> examples, int batchSize, Function<List<LabeledImage>, T> assemble,
      long minibatches, Class<T> type) {
    super(examples, ClassTag$.MODULE$.apply(type));
    this.examples = examples;
    this.batchSize = batchSize;
    this.assemble = assemble;
    this.minibatches = minibatches;
  }

  @Override
  public scala.collection.Iterator<T> compute(Partition split, TaskContext context) {
    Iterator<LabeledImage> images = JavaConverters.asJavaIteratorConverter(examples.iterator(split, context)).asJava();
    Iterator<T> batches = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return images.hasNext();
      }

      @Override
      public T next() {
        List<LabeledImage> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && images.hasNext()) {
          batch.add(images.next());
        }
        try {
          return assemble.call(batch);
        } catch (Exception e) {
          throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
      }
    };
    return JavaConverters.asScalaIteratorConverter(batches).asScala();
  }

  @Override
  public Partition[] getPartitions() {
    return examples.partitions();
  }

  @Override
  public long count() {
    return minibatches;
  }
}
