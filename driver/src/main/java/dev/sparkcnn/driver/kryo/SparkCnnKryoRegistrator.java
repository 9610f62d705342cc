package dev.sparkcnn.driver.kryo;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * spark-cnn's {@code spark.kryo.registrator}: everything ND4J's {@link Nd4jRegistrator} registers,
 * with ND4J arrays, on the CPU backend, in the block-copied form of {@link BulkNdArraySerializer}.
 * On CUDA it is ND4J's registrator unchanged: there an array's host copy may be stale, and ND4J's
 * element reads synchronize it. Spark gives the driver and every executor the same setting;
 * {@code doctor} round-trips an array on every executor before training.
 */
public final class SparkCnnKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    new Nd4jRegistrator().registerClasses(kryo);
    if (Nd4j.getEnvironment().isCPU()) {
      kryo.register(Nd4j.getBackend().getNDArrayClass(), new BulkNdArraySerializer());
    }
  }
}
