package dev.sparkcnn.driver.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nd4j.kryo.Nd4jSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kryo form of an ND4J array on the CPU backend that copies its buffer in blocks. ND4J's own
 * {@link Nd4jSerializer} writes through {@code DataOutputStream}, one element and four single-byte
 * writes at a time. Every averaging round moves the parameters and the updater state three times
 * (the broadcast, each worker's result, the driver reading the results): for the simple CNN, 9.8 M
 * floats each time, which ND4J's form writes several times slower than this one
 * (deploy/bench/RESULTS.md, the kryo lever).
 *
 * <p>The form: a tag byte, then {@link #BULK} (data type, ordering, shape, then the buffer's bytes
 * in little-endian order), {@link #EMPTY} (data type and shape: ND4J's own form fails on an array
 * without a buffer) or {@link #ND4J} (ND4J's own form, for what the bulk form does not cover:
 * compressed arrays, and strings, which ND4J M2 cannot read back in it either).
 */
public final class BulkNdArraySerializer extends Serializer<INDArray> {
  static final byte BULK = 1;
  static final byte ND4J = 2;
  static final byte EMPTY = 3;
  /** Bytes moved per copy between the native buffer and Kryo's stream. */
  private static final int BLOCK_BYTES = 1 << 16;

  private final Nd4jSerializer fallback = new Nd4jSerializer();

  @Override
  public void write(Kryo kryo, Output output, INDArray array) {
    if (array.isEmpty()) {
      output.writeByte(EMPTY);
      writeHeader(output, array);
      return;
    }
    if (!bulkForm(array)) {
      output.writeByte(ND4J);
      fallback.write(kryo, output, array);
      return;
    }
    // The bytes go out as the buffer holds them and come back with the default strides of the
    // array's order: anything else (a view, an offset, a permutation's strides) is copied first.
    boolean asBuffered = !array.isView() && array.data().offset() == 0 && array.data().length() == array.length()
        && Shape.hasDefaultStridesForShape(array);
    INDArray dense = asBuffered ? array : array.dup(array.ordering());
    output.writeByte(BULK);
    writeHeader(output, dense);
    ByteBuffer bytes = nativeBytes(dense);
    output.writeLong(bytes.remaining(), true);
    byte[] block = new byte[(int) Math.min(BLOCK_BYTES, bytes.remaining())];
    while (bytes.hasRemaining()) {
      int n = Math.min(block.length, bytes.remaining());
      bytes.get(block, 0, n);
      output.writeBytes(block, 0, n);
    }
  }

  @Override
  public INDArray read(Kryo kryo, Input input, Class<INDArray> type) {
    byte form = input.readByte();
    if (form == ND4J) {
      return fallback.read(kryo, input, type);
    }
    if (form != BULK && form != EMPTY) {
      throw new KryoException("not an ND4J array in spark-cnn's Kryo form (tag " + form + "): was it written by "
          + "another registrator? Set spark.kryo.registrator to the same class on the driver and every executor");
    }
    DataType dataType = DataType.valueOf(input.readString());
    char ordering = (char) input.readByte();
    long[] shape = new long[input.readInt(true)];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = input.readLong(true);
    }
    if (form == EMPTY) {
      // An empty array of rank 0 (Nd4j.empty) has no zero dimension to say it is empty.
      return Arrays.stream(shape).anyMatch(d -> d == 0) ? Nd4j.create(dataType, shape, ordering) : Nd4j.empty(dataType);
    }
    long byteCount = input.readLong(true);
    INDArray array;
    // Arrays read here outlive any training step: never place them in a workspace the reading
    // thread happens to have open.
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      array = Nd4j.createUninitialized(dataType, shape, ordering);
    }
    ByteBuffer bytes = nativeBytes(array);
    if (bytes.remaining() != byteCount) {
      throw new KryoException("ND4J array of shape " + Arrays.toString(shape) + " and type " + dataType
          + " holds " + bytes.remaining() + " bytes, but " + byteCount + " follow");
    }
    byte[] block = new byte[(int) Math.min(BLOCK_BYTES, byteCount)];
    while (bytes.hasRemaining()) {
      int n = Math.min(block.length, bytes.remaining());
      input.readBytes(block, 0, n);
      bytes.put(block, 0, n);
    }
    return array;
  }

  private static void writeHeader(Output output, INDArray array) {
    output.writeString(array.dataType().name());
    output.writeByte((byte) array.ordering());
    long[] shape = array.shape();
    output.writeInt(shape.length, true);
    for (long dimension : shape) {
      output.writeLong(dimension, true);
    }
  }

  /** Whether the array's elements are a plain numeric buffer this form copies as it is. */
  private static boolean bulkForm(INDArray array) {
    return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
        && !array.isCompressed()
        && !array.isS()
        && array.length() * array.dataType().width() <= Integer.MAX_VALUE;
  }

  /** The array's elements (it is dense, offset 0) as a byte buffer in native order. */
  private static ByteBuffer nativeBytes(INDArray dense) {
    ByteBuffer whole = dense.data().asNio();
    whole.order(ByteOrder.nativeOrder());
    whole.position(0);
    whole.limit((int) (dense.length() * dense.dataType().width()));
    return whole;
  }
}
