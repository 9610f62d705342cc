package dev.sparkcnn.driver.data;

import dev.sparkcnn.data.LabeledImage;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * Gives images keyed by {@link SortKeys} their ranks, with one distributed sort: the executors
 * sample the keys, range-partition and sort them; the driver sees only the partitions' counts.
 */
final class Ranking {
  private Ranking() {}

  static JavaPairRDD<Long, LabeledImage> rank(JavaPairRDD<String, LabeledImage> keyed, int partitions, int limit) {
    int n = Math.max(partitions, keyed.getNumPartitions());
    JavaPairRDD<Long, LabeledImage> ranked = keyed.sortByKey(true, n).values().zipWithIndex()
        .mapToPair(Tuple2::swap);
    if (limit > 0) {
      final long first = limit;
      ranked = ranked.filter(t -> t._1() < first);
    }
    return ranked;
  }
}
