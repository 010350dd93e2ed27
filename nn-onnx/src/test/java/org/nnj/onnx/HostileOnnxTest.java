package org.nnj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.nnj.onnx.Support.REGISTRY;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.ModelFormatException;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.core.Network;
import org.nnj.io.ModelSpec;
import org.nnj.onnx.proto.OnnxProto.AttributeProto;
import org.nnj.onnx.proto.OnnxProto.ModelProto;
import org.nnj.onnx.proto.OnnxProto.NodeProto;
import org.nnj.onnx.proto.OnnxProto.TensorProto;

/**
 * ONNX files are untrusted: truncated, bit-flipped, forged and unsupported files each fail with one line that starts
 * with the file and says what is wrong; nothing is allocated from a size before it is checked.
 */
class HostileOnnxTest {
    @TempDir
    Path dir;

    static byte[] exported() {
        ModelSpec spec = OnnxExportTest.spec(PluginRef.of("tanh"), Precision.FLOAT32);
        Network net = Network.build(spec.network(), REGISTRY);
        return OnnxExport.toBytes(net, spec, OnnxExportTest.metadata(), REGISTRY);
    }

    static byte[] torch(String name) throws IOException {
        return Files.readAllBytes(TorchImportTest.resource("torch/" + name));
    }

    Path write(byte[] b) throws IOException {
        Path p = dir.resolve("case.onnx");
        Files.write(p, b);
        return p;
    }

    /** Loading fails with a one-line ModelFormatException that starts with the file; returns the message. */
    String fails(byte[] b) throws IOException {
        Path p = write(b);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxImport.load(p, REGISTRY));
        String m = e.getMessage();
        assertTrue(m.startsWith(p + ": "), m);
        assertFalse(m.contains("\n") || m.contains("\r"), m);
        return m;
    }

    static byte[] edit(byte[] file, UnaryOperator<ModelProto.Builder> change) throws IOException {
        return change.apply(ModelProto.parseFrom(file).toBuilder()).build().toByteArray();
    }

    @Test
    void everyTruncationFails() throws IOException {
        for (byte[] b : List.of(exported(), torch("relu_softmax.onnx"), torch("matmul_add.onnx"),
                torch("cnn_strided_global.onnx"), torch("cnn_per_axis.onnx"))) {
            for (int cut = 0; cut < b.length; cut++) {
                fails(Arrays.copyOf(b, cut));
            }
        }
    }

    @Test
    void everyBitFlipInAnExportedFileIsDetected() throws IOException {
        byte[] b = exported();
        int detected = 0;
        for (int i = 0; i < b.length; i++) {
            for (int mask : new int[] {0x01, 0x80}) {
                byte[] c = b.clone();
                c[i] ^= (byte) mask;
                fails(c);
                detected++;
            }
        }
        assertEquals(2 * b.length, detected);
    }

    /** The file with node {@code k}'s attribute {@code name} set to the INTS {@code values} (replacing it). */
    static byte[] ints(String file, int k, String name, long... values) throws IOException {
        return edit(torch(file), m -> {
            NodeProto.Builder n = m.getGraphBuilder().getNodeBuilder(k);
            List<AttributeProto> keep = n.getAttributeList().stream().filter(a -> !a.getName().equals(name)).toList();
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                    .setType(values.length == 1 && !name.endsWith("s") && !name.equals("kernel_shape")
                            ? AttributeProto.AttributeType.INT : AttributeProto.AttributeType.INTS);
            if (a.getType() == AttributeProto.AttributeType.INT) {
                a.setI(values[0]);
            } else {
                for (long v : values) {
                    a.addInts(v);
                }
            }
            n.clearAttribute().addAllAttribute(keep).addAttribute(a);
            return m;
        });
    }

    @Test
    void cnnAttributesAreCheckedBeforeAnythingIsAllocatedNamingTheNode() throws IOException {
        String mp = "cnn_maxpool.onnx";
        String conv = "node 0 \"/0/Conv\" (\"Conv\")";
        String pool = "node 2 \"/2/MaxPool\" (\"MaxPool\")";
        assertTrue(fails(ints(mp, 0, "kernel_shape", 1L << 40, 1L << 40)).contains(conv + " has kernel_shape "
                + "[1099511627776, 1099511627776]; expected values from 1 to 65536"));
        assertTrue(fails(ints(mp, 0, "strides", 0, 0)).contains(conv + " has strides [0, 0]; expected values from 1"));
        assertTrue(fails(ints(mp, 0, "pads", -1, 1, 1, 1)).contains(conv + " has pads [-1, 1, 1, 1]; expected values "
                + "from 0 to 65536"));
        assertTrue(fails(ints(mp, 0, "pads", 1, 1)).contains(conv + " has pads of 2 values [1, 1]; expected 4"));
        assertTrue(fails(ints(mp, 0, "pads", 0, 1, 2, 1)).contains(conv + " has pads [0, 1, 2, 1] (NOTSET); nnj's "
                + "conv2d pads the top and bottom alike and the left and right alike ([top, left, top, left]), or as "
                + "\"same\" does at stride 1"));
        assertTrue(fails(ints(mp, 0, "group", 2)).contains(conv + " has group 2; nnj's conv2d has group 1"));
        assertTrue(fails(ints(mp, 0, "kernel_shape", 5, 5)).contains(conv + " has kernel_shape 5x5 for weights "
                + "[8, 1, 3, 3]; expected the weights' 3x3"));
        assertTrue(fails(ints(mp, 2, "kernel_shape", 65536, 65536)).contains(pool + " has a 65536x65536 window "
                + "(dilation 1) larger than its padded input [N, 8, 12, 12]"));
        assertTrue(fails(ints(mp, 2, "pads", 60000, 60000, 60000, 60000)).contains(pool + " takes the network over "));
        assertTrue(fails(ints(mp, 2, "ceil_mode", 1)).contains(pool + " has ceil_mode 1"));
        String half = fails(ints(mp, 2, "pads", 2, 2, 2, 2));
        assertTrue(half.contains(pool + " as nnj's max_pool2d on 8x12x12: padding 2 is more than half the 2x2 "
                + "window"), half);
        String weights = fails(edit(torch(mp), m -> {
            m.getGraphBuilder().getInitializerBuilder(0).setDims(1, 3);
            return m;
        }));
        assertTrue(weights.contains("needs 864 bytes of raw data, the file has 288")
                || weights.contains("expected [filters, 1, k, k]"), weights);
        String huge = fails(edit(torch(mp), m -> {
            var shape = m.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
                    .getShapeBuilder();
            shape.setDim(2, shape.getDim(2).toBuilder().setDimValue(200_000));
            shape.setDim(3, shape.getDim(3).toBuilder().setDimValue(200_000));
            return m;
        }));
        assertTrue(huge.contains("the input of 1x200000x200000 takes the network over "), huge);
        String symbolic = fails(edit(torch(mp), m -> {
            var shape = m.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
                    .getShapeBuilder();
            shape.setDim(2, shape.getDim(2).toBuilder().clearDimValue().setDimParam("H"));
            return m;
        }));
        assertTrue(symbolic.contains("the graph input's dimension 2 is \"H\"; an image input [N, C, H, W] needs C, H "
                + "and W known"), symbolic);

        String bn = "cnn_bn_avgpool.onnx";
        String norm = "node 2 \"/features/features.2/BatchNormalization\" (\"BatchNormalization\")";
        assertTrue(fails(ints(bn, 2, "training_mode", 1)).contains(norm + " is in training mode"));
        String variance = fails(edit(torch(bn), m -> {
            var g = m.getGraphBuilder();
            for (int i = 0; i < g.getInitializerCount(); i++) {
                if (g.getInitializer(i).getName().equals("features.2.running_var")) {
                    g.setInitializer(i, g.getInitializer(i).toBuilder().clearRawData().addAllFloatData(
                            List.of(1f, 1f, -1f, 1f, 1f, 1f)));
                }
            }
            return m;
        }));
        assertTrue(variance.contains(norm + " has the variance -1.0 at 2; expected variances of at least 0"), variance);
        String padNode = "node 4 \"/features/features.3/Pad\" (\"Pad\")";
        String reflect = fails(edit(torch(bn), m -> {
            NodeProto.Builder n = m.getGraphBuilder().getNodeBuilder(4);
            n.clearAttribute().addAttribute(AttributeProto.newBuilder().setName("mode")
                    .setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8("reflect")));
            return m;
        }));
        assertTrue(reflect.contains(padNode + " has mode \"reflect\""), reflect);
        String reshape = fails(edit(torch(bn), m -> {
            NodeProto.Builder c = m.getGraphBuilder().getNodeBuilder(9);
            TensorProto t = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addDims(3)
                    .addInt64Data(-1).addInt64Data(8).addInt64Data(16).build();
            c.clearAttribute().addAttribute(AttributeProto.newBuilder().setName("value")
                    .setType(AttributeProto.AttributeType.TENSOR).setT(t));
            return m;
        }));
        assertTrue(reshape.contains("node 10 \"/Reshape\" (\"Reshape\") reshapes [N, 8, 4, 4] to [-1, 8, 16]; nnj "
                + "reads a Reshape with a constant shape that flattens each sample ([0, -1], [-1, 128] or [0, 128])"),
                reshape);
        String bigShape = fails(edit(torch(bn), m -> {
            NodeProto.Builder c = m.getGraphBuilder().getNodeBuilder(9);
            TensorProto t = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE)
                    .addDims(1L << 40).build();
            c.clearAttribute().addAttribute(AttributeProto.newBuilder().setName("value")
                    .setType(AttributeProto.AttributeType.TENSOR).setT(t));
            return m;
        }));
        assertTrue(bigShape.contains("has dimensions [1099511627776]; expected a vector of at most 8 values"),
                bigShape);
    }

    /**
     * Windows per axis: an attribute of the wrong length, padding nnj cannot express (an axis padded differently
     * before and after, a Pad of N or C) and dilations on an average pool each fail in one line naming the node, the
     * attribute and what is supported.
     */
    @Test
    void perAxisAttributesOfTheWrongLengthOrPaddingNnjCannotExpressAreNamed() throws IOException {
        String pa = "cnn_per_axis.onnx";
        String conv = "node 0 \"/0/Conv\" (\"Conv\")";
        String max = "node 2 \"/2/MaxPool\" (\"MaxPool\")";
        String pad = "node 6 \"/5/Pad\" (\"Pad\")";
        String avg = "node 8 \"/6/AveragePool\" (\"AveragePool\")";
        for (String node : List.of(conv, max, avg)) {
            int k = node == conv ? 0 : node == max ? 2 : 8;
            String s3 = fails(ints(pa, k, "strides", 1, 2, 1));
            assertTrue(s3.contains(node + " has strides of 3 values [1, 2, 1]; expected 2 (height, width)"), s3);
            String k1 = fails(ints(pa, k, "kernel_shape", 3));
            assertTrue(k1.contains(node + " has kernel_shape of 1 value [3]; expected 2 (height, width)"), k1);
            String d3 = fails(ints(pa, k, "dilations", 1, 1, 1));
            assertTrue(d3.contains(node + " has dilations of 3 values [1, 1, 1]; expected 2 (height, width)"), d3);
            String p2 = fails(ints(pa, k, "pads", 1, 2));
            assertTrue(p2.contains(node + " has pads of 2 values [1, 2]; expected 4 (top, left, bottom, right)"), p2);
            String p6 = fails(ints(pa, k, "pads", 0, 0, 0, 0, 0, 0));
            assertTrue(p6.contains(node + " has pads of 6 values"), p6);
            String big = fails(ints(pa, k, "strides", 1, 1L << 20));
            assertTrue(big.contains(node + " has strides [1, 1048576]; expected values from 1 to 65536"), big);
        }
        // the height padded 1 above and 2 below: no nnj layer pads one axis unevenly but "same" at stride 1
        String uneven = fails(ints(pa, 0, "pads", 1, 2, 2, 2));
        assertTrue(uneven.contains(conv + " has pads [1, 2, 2, 2] (NOTSET); nnj's conv2d pads the top and bottom "
                + "alike and the left and right alike"), uneven);
        String poolUneven = fails(ints(pa, 2, "pads", 1, 0, 1, 1));
        assertTrue(poolUneven.contains(max + " has pads [1, 0, 1, 1]; nnj's pooling pads the top and bottom alike "
                + "and the left and right alike ([top, left, top, left])"), poolUneven);
        String avgUneven = fails(ints(pa, 8, "pads", 0, 1, 0, 0));
        assertTrue(avgUneven.contains(avg + " has pads [0, 1, 0, 0]; nnj's pooling pads"), avgUneven);
        String avgDilated = fails(ints(pa, 8, "dilations", 1, 2));
        assertTrue(avgDilated.contains(avg + " has dilations 1x2; nnj's avg_pool2d has none"), avgDilated);
        // the Pad in front of the AveragePool: [N, C, H, W] begins, then ends
        for (long[] forged : new long[][] {{0, 0, 1, 2, 0, 0, 2, 2}, {0, 1, 1, 2, 0, 1, 1, 2}, {0, 0, 1, 2, 0, 0}}) {
            String msg = fails(edit(torch(pa), m -> {
                TensorProto.Builder t = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE)
                        .addDims(forged.length);
                for (long v : forged) {
                    t.addInt64Data(v);
                }
                m.getGraphBuilder().getNodeBuilder(5).clearAttribute().addAttribute(AttributeProto.newBuilder()
                        .setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(t));
                return m;
            }));
            assertTrue(msg.contains(pad + " has pads " + Arrays.toString(forged) + "; nnj reads a Pad of H and W "
                    + "only, each the same before and after ([0, 0, h, w, 0, 0, h, w]), from 0 to 65536, before an "
                    + "AveragePool"), msg);
        }
        // a valid per-axis window that the input cannot hold names its kernel and dilations per axis
        String tooBig = fails(ints(pa, 2, "kernel_shape", 2, 9));
        assertTrue(tooBig.contains(max + " has a 2x9 window (dilation 1x2) larger than its padded input "
                + "[N, 6, 11, 9]"), tooBig);
    }

    @Test
    void notOnnxAtAll() throws IOException {
        assertTrue(fails(new byte[0]).contains("the file is empty"));
        assertTrue(fails("{\"not\": \"onnx\"}".getBytes()).contains("not a readable ONNX model"));
        // ir_version 7 and nothing else: a valid protobuf message, but no ONNX model
        assertTrue(fails(new byte[] {8, 7}).contains("imports no version of the default operator set"));
        Path missing = dir.resolve("missing.onnx");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxImport.load(missing, REGISTRY));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void anUnsupportedOperatorIsNamedWithItsNodeAndWhatIsSupported() throws IOException {
        byte[] b = edit(torch("relu_softmax.onnx"), m -> {
            m.getGraphBuilder().setNode(1, m.getGraph().getNode(1).toBuilder().setOpType("Conv"));
            return m;
        });
        String msg = fails(b);
        assertTrue(msg.contains("node 1 \"/1/Relu\" (\"Conv\"): Conv needs an image [N, C, H, W]; the tensor "
                + "before it is [N, 16]"), msg);
        String lrn = fails(edit(torch("relu_softmax.onnx"), m -> {
            m.getGraphBuilder().setNode(1, m.getGraph().getNode(1).toBuilder().setOpType("LRN"));
            return m;
        }));
        assertTrue(lrn.contains("node 1 \"/1/Relu\" (\"LRN\"): operator \"LRN\" is not supported; nnj imports "
                + "chains of Gemm, MatMul"), lrn);
    }

    @Test
    void forgedTensorsAreRefusedBeforeAllocation() throws IOException {
        byte[] base = torch("relu_softmax.onnx");
        String huge = fails(edit(base, m -> {
            m.getGraphBuilder().setInitializer(0, m.getGraph().getInitializer(0).toBuilder().clearDims()
                    .addDims(1L << 40).addDims(1L << 40));
            return m;
        }));
        assertTrue(huge.contains("more values than one Java array holds"), huge);
        String negative = fails(edit(base, m -> {
            m.getGraphBuilder().setInitializer(0, m.getGraph().getInitializer(0).toBuilder().setDims(0, -4));
            return m;
        }));
        assertTrue(negative.contains("has the dimension -4 at 0"), negative);
        String shortData = fails(edit(base, m -> {
            TensorProto t = m.getGraph().getInitializer(0);
            m.getGraphBuilder().setInitializer(0, t.toBuilder().setRawData(t.getRawData().substring(4)));
            return m;
        }));
        assertTrue(shortData.contains("needs 256 bytes of raw data, the file has 252"), shortData);
        String external = fails(edit(base, m -> {
            m.getGraphBuilder().setInitializer(0, m.getGraph().getInitializer(0).toBuilder()
                    .setDataLocation(TensorProto.DataLocation.EXTERNAL));
            return m;
        }));
        assertTrue(external.contains("keeps its data in an external file"), external);
        String ints = fails(edit(base, m -> {
            m.getGraphBuilder().setInitializer(0, m.getGraph().getInitializer(0).toBuilder()
                    .setDataType(TensorProto.DataType.INT32_VALUE));
            return m;
        }));
        assertTrue(ints.contains("has data type INT32; expected FLOAT or DOUBLE"), ints);
        String nan = fails(edit(base, m -> {
            TensorProto t = m.getGraph().getInitializer(0);
            byte[] raw = t.getRawData().toByteArray();
            java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(8, Float.NaN);
            m.getGraphBuilder().setInitializer(0, t.toBuilder().setRawData(ByteString.copyFrom(raw)));
            return m;
        }));
        assertTrue(nan.contains("holds NaN at index 2; expected finite weights"), nan);
    }

    @Test
    void anIncompleteGraphIsFoundAlthoughProtobufParsesIt() throws IOException {
        byte[] base = torch("relu_softmax.onnx");
        String noInit = fails(edit(base, m -> {
            m.getGraphBuilder().removeInitializer(1);
            return m;
        }));
        assertTrue(noInit.contains("reads \"0.bias\", which no earlier node, initializer or graph input provides"),
                noInit);
        String lastNodeGone = fails(edit(base, m -> {
            m.getGraphBuilder().removeNode(3);
            return m;
        }));
        assertTrue(lastNodeGone.contains("the graph output \"output\" is computed by no node"), lastNodeGone);
        String noOpset = fails(edit(base, ModelProto.Builder::clearOpsetImport));
        assertTrue(noOpset.contains("imports no version of the default operator set"), noOpset);
        String future = fails(edit(base, m -> m.setIrVersion(99)));
        assertTrue(future.contains("IR version 99; expected 3 to 13"), future);
        String twoInputs = fails(edit(base, m -> {
            m.getGraphBuilder().addInput(m.getGraph().getInput(0).toBuilder().setName("second"));
            return m;
        }));
        assertTrue(twoInputs.contains("the graph has 2 inputs (besides initializers); expected one"), twoInputs);
    }

    @Test
    void graphsThatAreNoChainOfDenseLayersAreNamed() throws IOException {
        byte[] base = torch("relu_softmax.onnx");
        String twoActs = fails(edit(base, m -> {
            NodeProto relu = m.getGraph().getNode(1);
            m.getGraphBuilder().addNode(2, relu.toBuilder().setName("again").clearInput().addInput(relu.getOutput(0))
                    .clearOutput().addOutput("again_out"));
            NodeProto gemm = m.getGraph().getNode(3);
            m.getGraphBuilder().setNode(3, gemm.toBuilder().setInput(0, "again_out"));
            return m;
        }));
        assertTrue(twoActs.contains("node 2 \"again\" (\"Relu\") follows another activation"), twoActs);
        String axis0 = fails(edit(base, m -> {
            m.getGraphBuilder().setNode(3, m.getGraph().getNode(3).toBuilder().clearAttribute().addAttribute(
                    AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(0)));
            return m;
        }));
        assertTrue(axis0.contains("takes the softmax over axis 0"), axis0);
        String transA = fails(edit(base, m -> {
            m.getGraphBuilder().setNode(0, m.getGraph().getNode(0).toBuilder().addAttribute(
                    AttributeProto.newBuilder().setName("transA").setType(AttributeProto.AttributeType.INT).setI(1)));
            return m;
        }));
        assertTrue(transA.contains("has transA = 1"), transA);
    }

    @Test
    void aChangedNnjFileFailsItsChecksum() throws IOException {
        byte[] b = edit(exported(), m -> {
            TensorProto t = m.getGraph().getInitializer(3);
            byte[] raw = t.getRawData().toByteArray();
            raw[0] ^= 1;
            m.getGraphBuilder().setInitializer(3, t.toBuilder().setRawData(ByteString.copyFrom(raw)));
            return m;
        });
        assertTrue(fails(b).contains("checksum mismatch"), fails(b));
        byte[] renamed = edit(exported(), m -> {
            for (int i = 0; i < m.getMetadataPropsCount(); i++) {
                if (m.getMetadataProps(i).getKey().equals("nnj.format")) {
                    m.setMetadataProps(i, m.getMetadataProps(i).toBuilder().setValue("nnj-onnx-9"));
                }
            }
            return m;
        });
        assertTrue(fails(renamed).contains("metadata nnj.format is \"nnj-onnx-9\""), fails(renamed));
    }

    @Test
    void namesFromTheFileCannotBreakTheMessageLine() throws IOException {
        byte[] b = edit(torch("relu_softmax.onnx"), m -> {
            m.getGraphBuilder().setNode(1, m.getGraph().getNode(1).toBuilder().setOpType("Evil\nop")
                    .setName("x".repeat(10_000)));
            return m;
        });
        String msg = fails(b);
        assertTrue(msg.contains("\"Evil\\u000aop\""), msg);
        assertTrue(msg.length() < 1000, "message of " + msg.length() + " characters");
    }

    @Test
    void aModelFileThatIsNotOnnxSaysSo() throws IOException {
        try {
            fails("\u0008\u0000\u0000\u0000\u0000\u0000\u0000\u0000{}".getBytes());
        } catch (AssertionError e) {
            fail("a safetensors-looking file must fail as not ONNX: " + e.getMessage());
        }
    }
}
