package org.nnj.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.onnx.Support.REGISTRY;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.nnj.api.ModelFormatException;
import org.nnj.onnx.proto.OnnxProto.AttributeProto;
import org.nnj.onnx.proto.OnnxProto.GraphProto;
import org.nnj.onnx.proto.OnnxProto.ModelProto;
import org.nnj.onnx.proto.OnnxProto.NodeProto;
import org.nnj.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.nnj.onnx.proto.OnnxProto.TensorProto;
import org.nnj.onnx.proto.OnnxProto.TensorShapeProto;
import org.nnj.onnx.proto.OnnxProto.TypeProto;
import org.nnj.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * Mutated and generated ONNX files, MLPs and CNNs (windows per axis among them), and PyTorch CNN files with forged
 * attributes and shapes: each loads or throws a one-line {@link ModelFormatException} that starts with
 * the file; never another exception, a hang or an out-of-memory error. Counts in {@link FuzzCounts}.
 */
class OnnxFuzzTest {
    static Path dir;
    static byte[][] bases;
    static final String[] OPS = {"Gemm", "MatMul", "Add", "Relu", "Sigmoid", "Tanh", "Softmax", "LeakyRelu", "Elu",
        "Selu", "Softplus", "Identity", "Dropout", "Flatten", "Constant", "Conv", "MaxPool", "AveragePool", "Pad",
        "GlobalAveragePool", "BatchNormalization", "Reshape", "Sub", ""};
    static final List<String> ATTRIBUTES = List.of("alpha", "beta", "transA", "transB", "axis", "value", "gamma",
            "kernel_shape", "strides", "pads", "dilations", "group", "ceil_mode", "count_include_pad", "epsilon",
            "momentum", "auto_pad", "mode", "allowzero");
    /**
     * The convolutional files: PyTorch's four (windows per axis in one) and nnj exports with every image layer and
     * with windows per axis.
     */
    static byte[][] cnns;
    /** How many of {@link #cnns} come first from PyTorch (not nnj, so read as a chain of layers). */
    static final int TORCH_CNNS = 4;

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("nnj-onnx-fuzz");
        bases = new byte[][] {HostileOnnxTest.exported(), HostileOnnxTest.torch("relu_softmax.onnx"),
            HostileOnnxTest.torch("tanh_leaky_sigmoid.onnx"), HostileOnnxTest.torch("matmul_add.onnx"),
            HostileOnnxTest.torch("elu_selu_softplus.onnx")};
        var spec = OnnxCnnExportTest.spec(0, org.nnj.api.Precision.FLOAT32);
        var perAxis = OnnxCnnExportTest.spec(OnnxCnnExportTest.PER_AXIS, org.nnj.api.Precision.FLOAT32);
        cnns = new byte[][] {HostileOnnxTest.torch("cnn_maxpool.onnx"), HostileOnnxTest.torch("cnn_bn_avgpool.onnx"),
            HostileOnnxTest.torch("cnn_strided_global.onnx"), HostileOnnxTest.torch("cnn_per_axis.onnx"),
            OnnxExport.toBytes(OnnxCnnExportTest.network(spec, 3), spec, OnnxCnnExportTest.metadata(), REGISTRY),
            OnnxExport.toBytes(OnnxCnnExportTest.network(perAxis, 4), perAxis, OnnxCnnExportTest.metadata(),
                REGISTRY)};
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    static void loadOrFormatError(byte[] b) {
        Path p = dir.resolve("case.onnx");
        try {
            Files.write(p, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            OnnxImport.load(p, REGISTRY);
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    static byte[] mutate(byte[] b, Random r) {
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (b.length == 0) {
                return new byte[] {(byte) r.nextInt(256)};
            }
            int at = r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0 -> {
                    b = b.clone();
                    b[at] = (byte) r.nextInt(256);
                }
                case 1 -> {
                    b = b.clone();
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
                case 2 -> { // a forged varint: a length or a tag
                    byte[] v = r.nextBoolean() ? new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}
                            : new byte[] {(byte) (0x80 | r.nextInt(128)), (byte) r.nextInt(128)};
                    b = splice(b, at, 0, v);
                }
                case 3 -> b = splice(b, at, Math.min(b.length - at, 1 + r.nextInt(16)), new byte[0]);
                case 4 -> {
                    int len = Math.min(b.length - at, 1 + r.nextInt(64));
                    b = splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
                }
                default -> b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] c = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(insert, 0, c, at, insert.length);
        System.arraycopy(b, at + remove, c, at + insert.length, b.length - at - remove);
        return c;
    }

    @Property(tries = FuzzCounts.MUTATED)
    void mutatedFiles(@ForAll long seed) {
        Random r = new Random(seed);
        loadOrFormatError(mutate(bases[r.nextInt(bases.length)], r));
    }

    @Property(tries = FuzzCounts.MUTATED_CNN)
    void mutatedCnnFiles(@ForAll long seed) {
        Random r = new Random(seed);
        loadOrFormatError(mutate(cnns[r.nextInt(cnns.length)], r));
    }

    /** A value for an INTS attribute or a dimension: small, zero, negative, huge or the extremes. */
    static long size(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> r.nextLong();
            case 1 -> -r.nextInt(3);
            case 2 -> 1L << (14 + r.nextInt(48));
            case 3 -> Long.MAX_VALUE;
            case 4 -> 0;
            default -> 1 + r.nextInt(5);
        };
    }

    /**
     * The PyTorch CNN files with the attributes of their Conv, pooling, Pad, Reshape and BatchNormalization nodes
     * replaced by random ones (kernels, strides, pads, dilations of random lengths and values, huge, zero and
     * negative among them; groups, modes, epsilons, momenta), their weights' dimensions or their input's shape
     * forged: sizes are checked before anything of that size is allocated.
     */
    @Property(tries = FuzzCounts.ATTRIBUTES_CNN)
    void cnnsWithForgedAttributesAndShapes(@ForAll long seed) throws IOException {
        Random r = new Random(seed);
        ModelProto.Builder m = ModelProto.parseFrom(cnns[r.nextInt(TORCH_CNNS)]).toBuilder();
        GraphProto.Builder g = m.getGraphBuilder();
        for (int edits = 1 + r.nextInt(3); edits > 0; edits--) {
            switch (r.nextInt(4)) {
                case 0, 1 -> {
                    int k = r.nextInt(g.getNodeCount());
                    NodeProto.Builder n = g.getNodeBuilder(k);
                    String name = ATTRIBUTES.get(r.nextInt(ATTRIBUTES.size()));
                    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
                    switch (r.nextInt(4)) {
                        case 0 -> a.setType(AttributeProto.AttributeType.INT).setI(size(r));
                        case 1 -> a.setType(AttributeProto.AttributeType.FLOAT).setF(r.nextInt(4) == 0 ? Float.NaN
                                : (float) r.nextGaussian());
                        case 2 -> a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(
                                List.of("SAME_UPPER", "VALID", "NOTSET", "reflect", "constant", "").get(r.nextInt(6))));
                        default -> {
                            a.setType(AttributeProto.AttributeType.INTS);
                            for (int i = r.nextInt(6); i > 0; i--) {
                                a.addInts(size(r));
                            }
                        }
                    }
                    List<AttributeProto> keep = n.getAttributeList().stream().filter(x -> !x.getName().equals(name))
                            .toList();
                    n.clearAttribute().addAllAttribute(keep).addAttribute(a);
                }
                case 2 -> {
                    int i = r.nextInt(g.getInitializerCount());
                    TensorProto.Builder t = g.getInitializerBuilder(i);
                    if (t.getDimsCount() > 0) {
                        t.setDims(r.nextInt(t.getDimsCount()), size(r));
                    }
                }
                default -> {
                    var shape = g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
                    int d = 1 + r.nextInt(shape.getDimCount() - 1);
                    shape.setDim(d, TensorShapeProto.Dimension.newBuilder().setDimValue(size(r)));
                }
            }
        }
        loadOrFormatError(m.build().toByteArray());
    }

    static long dim(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> r.nextLong();
            case 1 -> -r.nextInt(3);
            case 2 -> 1L << (20 + r.nextInt(40));
            default -> r.nextInt(6);
        };
    }

    static TensorProto tensor(String name, Random r) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(r.nextInt(6) == 0 ? r.nextInt(20) : TensorProto.DataType.FLOAT_VALUE);
        int rank = r.nextInt(4);
        long count = 1;
        for (int i = 0; i < rank; i++) {
            long d = dim(r);
            t.addDims(d);
            count *= d;
        }
        int have = count >= 0 && count < 64 && r.nextInt(4) > 0 ? (int) count : r.nextInt(70);
        if (r.nextBoolean()) {
            byte[] raw = new byte[have * 4 + (r.nextInt(5) == 0 ? r.nextInt(3) : 0)];
            r.nextBytes(raw);
            t.setRawData(ByteString.copyFrom(raw));
        } else {
            for (int i = 0; i < have; i++) {
                t.addFloatData(r.nextInt(10) == 0 ? Float.NaN : (float) r.nextGaussian());
            }
        }
        return t.build();
    }

    @Property(tries = FuzzCounts.GENERATED)
    void generatedModels(@ForAll long seed) {
        Random r = new Random(seed);
        GraphProto.Builder g = GraphProto.newBuilder().setName("g");
        List<String> names = new java.util.ArrayList<>(List.of("input"));
        int inits = r.nextInt(6);
        for (int i = 0; i < inits; i++) {
            String n = "w" + i;
            g.addInitializer(tensor(n, r));
            names.add(n);
        }
        int nodes = r.nextInt(7);
        String last = "input";
        for (int k = 0; k < nodes; k++) {
            NodeProto.Builder n = NodeProto.newBuilder().setOpType(OPS[r.nextInt(OPS.length)]).setName("n" + k);
            int ins = r.nextInt(4);
            for (int i = 0; i < ins; i++) {
                n.addInput(i == 0 && r.nextInt(3) > 0 ? last : names.get(r.nextInt(names.size())) + (r.nextInt(9) == 0
                        ? "?" : ""));
            }
            for (int a = r.nextInt(3); a > 0; a--) {
                AttributeProto.Builder at = AttributeProto.newBuilder()
                        .setName(ATTRIBUTES.get(r.nextInt(ATTRIBUTES.size())));
                switch (r.nextInt(4)) {
                    case 0 -> at.setType(AttributeProto.AttributeType.INT).setI(r.nextInt(5) - 2);
                    case 1 -> at.setType(AttributeProto.AttributeType.FLOAT).setF((float) r.nextGaussian());
                    case 2 -> {
                        at.setType(AttributeProto.AttributeType.INTS);
                        for (int i = r.nextInt(5); i > 0; i--) {
                            at.addInts(size(r));
                        }
                    }
                    default -> at.setType(AttributeProto.AttributeType.TENSOR).setT(tensor("", r));
                }
                n.addAttribute(at);
            }
            String out = "t" + k;
            n.addOutput(out);
            if (r.nextInt(8) == 0) {
                n.addOutput("mask" + k);
            }
            g.addNode(n);
            names.add(out);
            last = out;
        }
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = r.nextInt(6); i > 0; i--) {
            shape.addDim(r.nextBoolean() ? TensorShapeProto.Dimension.newBuilder().setDimValue(dim(r))
                    : TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        }
        g.addInput(ValueInfoProto.newBuilder().setName("input").setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(r.nextInt(8) == 0 ? 11 : 1).setShape(shape))));
        g.addOutput(ValueInfoProto.newBuilder().setName(r.nextInt(6) == 0 ? "nowhere" : last));
        ModelProto m = ModelProto.newBuilder().setIrVersion(r.nextInt(8) == 0 ? r.nextInt(30) : 8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(r.nextInt(8) == 0 ? r.nextInt(40) : 13))
                .setGraph(g).build();
        loadOrFormatError(m.toByteArray());
    }
}
