package org.nnj.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nnj.api.Mat;
import org.nnj.api.spi.OnnxGraph;
import org.nnj.onnx.proto.OnnxProto.AttributeProto;
import org.nnj.onnx.proto.OnnxProto.GraphProto;
import org.nnj.onnx.proto.OnnxProto.NodeProto;
import org.nnj.onnx.proto.OnnxProto.TensorProto;

/**
 * The {@link OnnxGraph} the exporter hands to plugins: nodes and float32 initializers go into one
 * {@link GraphProto.Builder}, named under the current prefix ({@code layers.0.}) and made unique.
 */
final class GraphBuilder implements OnnxGraph {
    private final GraphProto.Builder graph;
    private final int opset;
    private final Set<String> names = new HashSet<>();
    private String prefix = "";

    GraphBuilder(GraphProto.Builder graph, int opset, String... reserved) {
        this.graph = graph;
        this.opset = opset;
        names.addAll(List.of(reserved));
    }

    /** Names made from now on start with {@code p} ({@code layers.1.} or {@code layers.1.activation.}). */
    void prefix(String p) {
        prefix = p;
    }

    /** Whether {@code name} is a tensor of this graph (a reserved name, a constant or a node output). */
    boolean known(String name) {
        return names.contains(name);
    }

    private String fresh(String hint) {
        String base = prefix + (hint == null || hint.isEmpty() ? "t" : hint);
        String name = base;
        for (int i = 1; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    @Override
    public int opset() {
        return opset;
    }

    @Override
    public String constant(String hint, double[] values, long... dims) {
        Objects.requireNonNull(values, "values");
        checkCount(values.length, dims);
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putFloat((float) v);
        }
        return add(hint, b, dims);
    }

    @Override
    public String constant(String hint, Mat m, long... dims) {
        Objects.requireNonNull(m, "m");
        long[] d = dims.length == 0 ? new long[] {m.rows(), m.cols()} : dims;
        checkCount(m.size(), d);
        ByteBuffer b = ByteBuffer.allocate(m.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0, n = m.size(); i < n; i++) {
            b.putFloat((float) m.getFlat(i));
        }
        return add(hint, b, d);
    }

    @Override
    public String intConstant(String hint, long[] values, long... dims) {
        Objects.requireNonNull(values, "values");
        checkCount(values.length, dims);
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        String name = fresh(hint);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addAllDims(longs(dims)).setRawData(ByteString.copyFrom(b.flip())));
        return name;
    }

    private String add(String hint, ByteBuffer data, long[] dims) {
        String name = fresh(hint);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(longs(dims)).setRawData(ByteString.copyFrom(data.flip())));
        return name;
    }

    private static List<Long> longs(long[] dims) {
        return java.util.Arrays.stream(dims).boxed().toList();
    }

    private static void checkCount(long count, long[] dims) {
        long p = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("a constant's dimensions must not be negative, got "
                        + java.util.Arrays.toString(dims));
            }
            p *= d;
        }
        if (p != count) {
            throw new IllegalArgumentException("a constant of " + count + " values cannot have the shape "
                    + java.util.Arrays.toString(dims));
        }
    }

    @Override
    public String node(String op, List<String> inputs, Map<String, Object> attributes) {
        Objects.requireNonNull(op, "op");
        for (String in : inputs) {
            if (!in.isEmpty() && !names.contains(in)) {
                throw new IllegalArgumentException("node " + op + ": input \"" + in + "\" is no tensor of the graph "
                        + "(not the input, a constant or an earlier node's output)");
            }
        }
        String out = fresh(op.toLowerCase(java.util.Locale.ROOT));
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out);
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> n.addAttribute(attribute(op, e.getKey(), e.getValue())));
        graph.addNode(n);
        return out;
    }

    /** An identity node from {@code from} to the reserved name {@code to} (the graph's output). */
    void identity(String from, String to) {
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(to).addInput(from).addOutput(to));
    }

    private static AttributeProto attribute(String op, String name, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (v instanceof Integer || v instanceof Long) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) v).longValue());
        } else if (v instanceof Float || v instanceof Double) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) v).floatValue());
        } else if (v instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (v instanceof long[] l) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long x : l) {
                a.addInts(x);
            }
        } else if (v instanceof int[] l) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (int x : l) {
                a.addInts(x);
            }
        } else if (v instanceof float[] f) {
            a.setType(AttributeProto.AttributeType.FLOATS);
            for (float x : f) {
                a.addFloats(x);
            }
        } else if (v instanceof double[] f) {
            a.setType(AttributeProto.AttributeType.FLOATS);
            for (double x : f) {
                a.addFloats((float) x);
            }
        } else {
            throw new IllegalArgumentException("node " + op + ": attribute \"" + name + "\" has a value of type "
                    + (v == null ? "null" : v.getClass().getName()) + "; expected Integer, Long, Float, Double, "
                    + "String, long[], int[], float[] or double[]");
        }
        return a.build();
    }
}
