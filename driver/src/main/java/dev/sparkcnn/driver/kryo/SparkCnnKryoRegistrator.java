package dev.sparkcnn.driver.kryo;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * spark-cnn's {@code spark.kryo.registrator}: everything ND4J's {@link Nd4jRegistrator} registers,
 * with ND4J arrays in the block-copied form of {@link BulkNdArraySerializer}. The driver and every
 * executor must use the same registrator; {@code doctor} checks that before training.
 */
public final class SparkCnnKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    new Nd4jRegistrator().registerClasses(kryo);
    kryo.register(Nd4j.getBackend().getNDArrayClass(), new BulkNdArraySerializer());
  }
}
