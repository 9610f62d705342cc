package dev.sparkcnn.driver.kryo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** ND4J arrays through Spark's Kryo with spark-cnn's registrator: the same values, shape, type and order back. */
class BulkNdArraySerializerTest {
  private static final ClassTag<INDArray> ARRAY = ClassTag$.MODULE$.apply(INDArray.class);
  private static final ClassTag<Object> ANY = ClassTag$.MODULE$.apply(Object.class);

  private static SerializerInstance kryo(String registrator) {
    return new KryoSerializer(new SparkConf().set("spark.kryo.registrator", registrator)
        .set("spark.kryoserializer.buffer.max", "256m")).newInstance();
  }

  private static SerializerInstance ours() {
    return kryo(SparkCnnKryoRegistrator.class.getName());
  }

  private static void assertSame(INDArray expected, INDArray actual) {
    assertEquals(expected.dataType(), actual.dataType());
    assertArrayEquals(expected.shape(), actual.shape());
    assertEquals(expected, actual);
  }

  @Test
  void everyKindOfArrayComesBackEqual() {
    INDArray matrix = Nd4j.rand(DataType.FLOAT, 7, 5);
    List<INDArray> arrays = List.of(
        matrix,
        Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5),
        Nd4j.rand(DataType.FLOAT, new int[] {3, 4}, 'f'),
        Nd4j.createFromArray(1, -2, 3),
        Nd4j.createFromArray(5L, 6L),
        Nd4j.createFromArray(true, false, true),
        Nd4j.scalar(2.5f),
        Nd4j.createFromArray(new float[] {1, 2, 3}).castTo(DataType.HALF),
        // Views: a column (strided) and a row block (offset into its parent's buffer).
        matrix.getColumn(2),
        matrix.get(NDArrayIndex.interval(3, 6), NDArrayIndex.all()),
        // Whole buffer, offset 0, but strides not those of its order: the elements must come back
        // in the array's order, not the buffer's.
        matrix.permute(1, 0),
        Nd4j.rand(DataType.FLOAT, 2, 3, 4).permute(2, 0, 1),
        Nd4j.empty(DataType.FLOAT),
        Nd4j.create(DataType.FLOAT, 0, 3));
    SerializerInstance kryo = ours();
    for (INDArray array : arrays) {
      INDArray back = kryo.deserialize(kryo.serialize(array, ARRAY), ARRAY);
      if (!array.isEmpty()) {
        assertSame(array, back);
      } else {
        assertTrue(back.isEmpty(), array + " came back as " + back);
        assertArrayEquals(array.shape(), back.shape());
      }
    }
  }

  @Test
  void aFortranOrderedArrayKeepsItsOrder() {
    INDArray f = Nd4j.rand(DataType.FLOAT, new int[] {3, 4}, 'f');
    SerializerInstance kryo = ours();
    INDArray back = kryo.deserialize(kryo.serialize(f, ARRAY), ARRAY);
    assertEquals('f', back.ordering());
    assertSame(f, back);
  }

  @Test
  void arraysInsideObjectsAndLargerThanOneBlockComeBackEqual() {
    // 1 M floats: 4 MB, many copy blocks; inside a container, as in dl4j-spark's round results.
    INDArray large = Nd4j.rand(DataType.FLOAT, 1, 1_000_003);
    SerializerInstance kryo = ours();
    Object[] back = (Object[]) kryo.deserialize(kryo.serialize(new Object[] {large, "x", large.dup()}, ANY), ANY);
    assertSame(large, (INDArray) back[0]);
    assertSame(large, (INDArray) back[2]);
  }

  @Test
  void theBlockFormIsSmallerThanOrAsSmallAsNd4jsOwn() {
    INDArray params = Nd4j.rand(DataType.FLOAT, 1, 61_706);
    ByteBuffer bulk = ours().serialize(params, ARRAY);
    ByteBuffer nd4j = kryo("org.nd4j.kryo.Nd4jRegistrator").serialize(params, ARRAY);
    assertTrue(bulk.remaining() <= nd4j.remaining(), bulk.remaining() + " against " + nd4j.remaining());
  }

  @Test
  void bytesFromNd4jsOwnRegistratorAreRefusedWithAClearMessage() {
    ByteBuffer nd4j = kryo("org.nd4j.kryo.Nd4jRegistrator").serialize(Nd4j.rand(DataType.FLOAT, 4), ARRAY);
    Exception e = assertThrows(Exception.class, () -> ours().deserialize(nd4j, ARRAY));
    assertTrue(String.valueOf(e.getMessage()).contains("spark.kryo.registrator"), e.toString());
  }
}
