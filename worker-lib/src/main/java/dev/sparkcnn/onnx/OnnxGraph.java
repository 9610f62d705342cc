package dev.sparkcnn.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import onnx.Onnx;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;
import org.nd4j.shade.protobuf.Descriptors.FieldDescriptor;
import org.nd4j.shade.protobuf.Message;

/**
 * An ONNX graph as it is written: nodes in the order they run, weights as initializers, and
 * value names that never repeat. Every value is float32.
 */
final class OnnxGraph {
  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** {@code base}, or {@code base_2}, {@code base_3}, ... if that name is taken. */
  String fresh(String base) {
    String name = base;
    for (int i = 2; !names.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  /** Adds {@code values}, reshaped to {@code dims}, as a float32 weight; returns its name. */
  String weight(String base, INDArray values, long... dims) {
    INDArray flat = values.castTo(DataType.FLOAT).dup('c');
    if (flat.length() != product(dims)) {
      throw new IllegalArgumentException(base + ": " + flat.length() + " values for shape " + java.util.Arrays.toString(dims));
    }
    float[] data = flat.reshape(flat.length()).toFloatVector();
    ByteBuffer bytes = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(data);
    String name = fresh(base);
    TensorProto.Builder tensor = float32(TensorProto.newBuilder(), "data_type").setName(name)
        .setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : dims) {
      tensor.addDims(d);
    }
    graph.addInitializer(tensor);
    return name;
  }

  /** Adds a node computing {@code op} over {@code inputs}; returns the name of its one output. */
  String node(String op, String nodeName, List<String> inputs, AttributeProto... attributes) {
    String output = fresh(nodeName);
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
    for (AttributeProto a : attributes) {
      node.addAttribute(a);
    }
    graph.addNode(node);
    return output;
  }

  /** Declares a graph input of float32 with a free first (batch) dimension. */
  void input(String name, long... shape) {
    names.add(name);
    graph.addInput(valueInfo(name, shape));
  }

  /** Declares a graph output of float32 with a free first (batch) dimension. */
  void output(String name, long... shape) {
    graph.addOutput(valueInfo(name, shape));
  }

  GraphProto build() {
    return graph.build();
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto real(String name, double value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) value).build();
  }

  private static Onnx.ValueInfoProto valueInfo(String name, long... shape) {
    Onnx.TensorShapeProto.Builder dims = Onnx.TensorShapeProto.newBuilder()
        .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
    for (long d : shape) {
      dims.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
        .setTensorType(float32(Onnx.TypeProto.Tensor.newBuilder(), "elem_type").setShape(dims))).build();
  }

  /**
   * Sets an element-type {@code field} of {@code builder} to float32. ONNX declares these fields
   * int32; ND4J 1.0.0-M2's ONNX classes type them as the DataType enum, and 1.0.0-M2.1's (the core
   * of the {@code cuda} build) as int, so no setter compiles against both. Protobuf's descriptors
   * take either.
   */
  private static <B extends Message.Builder> B float32(B builder, String field) {
    FieldDescriptor descriptor = builder.getDescriptorForType().findFieldByName(field);
    int float32 = TensorProto.DataType.FLOAT.getNumber();
    builder.setField(descriptor, descriptor.getJavaType() == FieldDescriptor.JavaType.ENUM
        ? descriptor.getEnumType().findValueByNumber(float32) : Integer.valueOf(float32));
    return builder;
  }

  private static long product(long... dims) {
    long p = 1;
    for (long d : dims) {
      p *= d;
    }
    return p;
  }
}
