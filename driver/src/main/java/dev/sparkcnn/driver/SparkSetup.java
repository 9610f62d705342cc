package dev.sparkcnn.driver;

import dev.sparkcnn.driver.config.SparkConfig;
import org.apache.spark.SparkConf;

/** The Spark settings every spark-cnn job needs, whatever the cluster. */
public final class SparkSetup {
  private SparkSetup() {}

  public static SparkConf sparkConf(SparkConfig spark) {
    SparkConf conf = new SparkConf().setAppName(spark.appName());
    // spark-submit's --master (a system property by now) wins over the config file's.
    if (!spark.master().isBlank()) {
      conf.setIfMissing("spark.master", spark.master());
    }
    // ND4J arrays travel in Kryo form; Java serialization of INDArrays is slow and large.
    conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
    // The job prints its own progress; Spark's console bar would interleave with it.
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    spark.conf().forEach(conf::set);
    return conf;
  }
}
