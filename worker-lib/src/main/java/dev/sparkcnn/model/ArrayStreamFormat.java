package dev.sparkcnn.model;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's stream format for one array, as {@code Nd4j.write} writes it and DL4J's model files hold
 * it: the shape information, then the values as big-endian numbers. ND4J writes and reads a float
 * array one element at a time through its accessors, which every checkpoint paid on the driver
 * and every worker's priming paid on reading, seconds for the simple CNN's 3.3 M parameters and
 * Adam's two moments. This writes the same bytes and reads them into the same
 * array, the values converted a block at a time; other types take ND4J's own path.
 */
final class ArrayStreamFormat {
  /** Floats converted per block: 256 KB of bytes. */
  private static final int BLOCK = 1 << 16;

  private ArrayStreamFormat() {}

  /** Writes {@code array} as {@code Nd4j.write(array, new DataOutputStream(out))} would; leaves {@code out} open. */
  static void write(INDArray array, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, BLOCK * Float.BYTES));
    // As Nd4j.write: a view's buffer holds more than its values, so a view is written as its copy.
    INDArray whole = array.isView() ? array.dup() : array;
    DataBuffer values = whole.data();
    if (values.dataType() != DataType.FLOAT) {
      Nd4j.write(whole, data);
      data.flush();
      return;
    }
    whole.shapeInfoDataBuffer().write(data);
    data.writeUTF(values.allocationMode().name());
    data.writeLong(values.length());
    data.writeUTF(values.dataType().name());
    FloatBuffer source = values.asNioFloat();
    ByteBuffer block = ByteBuffer.allocate(BLOCK * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
    FloatBuffer blockFloats = block.asFloatBuffer();
    long length = values.length();
    for (long done = 0; done < length; ) {
      int count = (int) Math.min(BLOCK, length - done);
      FloatBuffer slice = source.duplicate();
      slice.position(Math.toIntExact(done)).limit(Math.toIntExact(done + count));
      blockFloats.clear();
      blockFloats.put(slice);
      data.write(block.array(), 0, count * Float.BYTES);
      done += count;
    }
    data.flush();
  }

  /**
   * Reads an array written in this format, as {@code Nd4j.read} does: float values in bulk; any
   * other type, and the older headers whose counts are ints, through ND4J's own reader.
   */
  static INDArray read(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    Header shape = Header.read(in);
    if (!shape.isCurrent(DataType.LONG)) {
      return readByNd4j(bytes);
    }
    long[] shapeInfo = new long[Math.toIntExact(shape.length())];
    for (int i = 0; i < shapeInfo.length; i++) {
      shapeInfo[i] = in.readLong();
    }
    Header data = Header.read(in);
    if (!data.isCurrent(DataType.FLOAT)) {
      return readByNd4j(bytes);
    }
    float[] values = new float[Math.toIntExact(data.length())];
    int offset = bytes.length - in.available();
    ByteBuffer.wrap(bytes, offset, Math.multiplyExact(values.length, Float.BYTES)).order(ByteOrder.BIG_ENDIAN)
        .asFloatBuffer().get(values);
    // As Nd4j.read: the shape information names the values' type.
    int typeSlot = shapeInfo.length - 3;
    if (ArrayOptionsHelper.dataType(shapeInfo) != DataType.FLOAT) {
      shapeInfo[typeSlot] = ArrayOptionsHelper.setOptionBit(shapeInfo[typeSlot], DataType.FLOAT);
    }
    return Nd4j.createArrayFromShapeBuffer(Nd4j.createBufferDetached(values), Nd4j.createBufferDetached(shapeInfo));
  }

  /** ND4J's own reader, element by element, for what {@link #read} does not read in bulk. */
  private static INDArray readByNd4j(byte[] bytes) throws IOException {
    return Nd4j.read(new DataInputStream(new ByteArrayInputStream(bytes)));
  }

  /** One buffer's header, as ND4J writes it before the buffer's values. */
  private record Header(DataBuffer.AllocationMode mode, long length, DataType type) {
    static Header read(DataInputStream in) throws IOException {
      DataBuffer.AllocationMode mode = DataBuffer.AllocationMode.valueOf(in.readUTF());
      // The first three modes are older ND4J's, which wrote the count as an int.
      long length = mode.ordinal() < 3 ? in.readInt() : in.readLong();
      return new Header(mode, length, DataType.valueOf(in.readUTF()));
    }

    boolean isCurrent(DataType expected) {
      return mode.ordinal() >= 3 && type == expected;
    }
  }
}
