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
 * Mutated and generated ONNX files: each loads or throws a one-line {@link ModelFormatException} that starts with
 * the file; never another exception, a hang or an out-of-memory error. Counts in {@link FuzzCounts}.
 */
class OnnxFuzzTest {
    static Path dir;
    static byte[][] bases;
    static final String[] OPS = {"Gemm", "MatMul", "Add", "Relu", "Sigmoid", "Tanh", "Softmax", "LeakyRelu", "Elu",
        "Selu", "Softplus", "Identity", "Dropout", "Flatten", "Constant", "Conv", "Sub", ""};

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("nnj-onnx-fuzz");
        bases = new byte[][] {HostileOnnxTest.exported(), HostileOnnxTest.torch("relu_softmax.onnx"),
            HostileOnnxTest.torch("tanh_leaky_sigmoid.onnx"), HostileOnnxTest.torch("matmul_add.onnx"),
            HostileOnnxTest.torch("elu_selu_softplus.onnx")};
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
                        .setName(List.of("alpha", "beta", "transA", "transB", "axis", "value", "gamma").get(r.nextInt(7)));
                switch (r.nextInt(3)) {
                    case 0 -> at.setType(AttributeProto.AttributeType.INT).setI(r.nextInt(5) - 2);
                    case 1 -> at.setType(AttributeProto.AttributeType.FLOAT).setF((float) r.nextGaussian());
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
        for (int i = r.nextInt(4); i > 0; i--) {
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
