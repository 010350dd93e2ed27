package org.nnj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.onnx.Support.REGISTRY;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnj.api.Mat;
import org.nnj.api.PluginException;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.Network;
import org.nnj.core.NetworkSpec;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelMetadata;
import org.nnj.io.ModelSpec;

/**
 * Every built-in activation (with non-default parameters where it has any), dense layers with and without bias,
 * dropout and the input scaling, exported and run on ONNX Runtime: its outputs equal nnj's to 1e-5 on raw rows.
 */
class OnnxExportTest {
    static final int INPUTS = 5;

    /** Each built-in activation, parameters chosen away from the defaults. */
    static List<PluginRef> activations() {
        return List.of(PluginRef.of("identity"), PluginRef.of("relu"), PluginRef.of("tanh"), PluginRef.of("softplus"),
                PluginRef.of("softmax"), PluginRef.of("selu"), PluginRef.of("leaky_relu", Map.of("alpha", 0.1)),
                PluginRef.of("elu", Map.of("alpha", 0.7)), PluginRef.of("sigmoid"),
                PluginRef.of("sigmoid", Map.of("beta", 3.0)), PluginRef.of("step"),
                PluginRef.of("piecewise_linear", Map.of("x_min", -0.5, "x_max", 2.0)),
                PluginRef.of("gaussian", Map.of("mu", 0.3, "sigma", 0.8)));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (PluginRef a : activations()) {
            for (Precision p : Precision.values()) {
                out.add(Arguments.of(a, p));
            }
        }
        return out.stream();
    }

    static Map<String, Object> act(PluginRef a) {
        if (a.params().isEmpty()) {
            return Map.of("name", a.name());
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>(a.params());
        m.put("name", a.name());
        return m;
    }

    static ModelSpec spec(PluginRef activation, Precision p) {
        NetworkSpec n = new NetworkSpec(INPUTS, List.of(
                PluginRef.of("dense", Map.of("units", 7, "activation", act(activation))),
                PluginRef.of("dropout", Map.of("rate", 0.25)),
                PluginRef.of("dense", Map.of("units", 6, "activation", act(activation), "use_bias", false)),
                PluginRef.of("dense", Map.of("units", 3, "activation", act(activation)))),
                PluginRef.of("mse"), p, 3);
        return ModelSpec.of(n);
    }

    static ModelMetadata metadata() {
        return new ModelMetadata(List.of("a", "b", "c"), List.of("f0", "f1", "f2", "f3", "f4"), "standard",
                Map.of("mean", new double[] {3, -1, 0.5, 10, 0}, "std", new double[] {2, 0.5, 1, 4, 0}), Map.of());
    }

    /** Raw rows around the scaler's means, so the scaled inputs are about N(0, 1), with a constant column. */
    static double[][] raw(int n, long seed) {
        double[][] x = Support.rows(n, INPUTS, seed, 0, 1);
        double[] mean = {3, -1, 0.5, 10, 0};
        double[] std = {2, 0.5, 1, 4, 1};
        for (double[] row : x) {
            for (int j = 0; j < INPUTS; j++) {
                row[j] = mean[j] + std[j] * row[j];
            }
        }
        return x;
    }

    /** nnj's prediction for raw rows: the scaler, then the network. */
    static Mat nnj(Network net, ModelMetadata meta, double[][] raw) {
        Mat x = Mat.of(net.precision(), raw);
        meta.scaler().ifPresent(s -> s.transformInPlace(x));
        return net.predict(x);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void onnxRuntimeComputesWhatNnjComputes(PluginRef activation, Precision p) {
        ModelSpec spec = spec(activation, p);
        Network net = Network.build(spec.network(), REGISTRY);
        Support.randomize(net, 11);
        ModelMetadata meta = metadata();
        byte[] onnx = OnnxExport.toBytes(net, spec, meta, REGISTRY);
        double[][] rows = raw(200, 5);
        Support.assertClose(nnj(net, meta, rows), Support.ort(onnx, rows), activation + " " + p);
    }

    @Test
    void metadataHoldsSpecClassesAndChecksumAndDropoutIsGone() throws Exception {
        ModelSpec spec = spec(PluginRef.of("tanh"), Precision.FLOAT32);
        Network net = Network.build(spec.network(), REGISTRY);
        byte[] onnx = OnnxExport.toBytes(net, spec, metadata(), REGISTRY);
        Map<String, String> m = Support.ortMetadata(onnx);
        assertEquals(OnnxExport.FORMAT, m.get("nnj.format"));
        assertTrue(m.get("nnj.spec").contains("\"dropout\""), m.get("nnj.spec"));
        assertEquals("[\"a\",\"b\",\"c\"]", m.get("nnj.classes"));
        assertTrue(m.get("nnj.scaler").contains("standard"));
        assertTrue(m.get("nnj.checksum").matches("[0-9a-f]{64}"), m.get("nnj.checksum"));
        var model = org.nnj.onnx.proto.OnnxProto.ModelProto.parseFrom(onnx);
        List<String> ops = model.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList();
        assertEquals(List.of("Sub", "Mul", "Gemm", "Tanh", "Gemm", "Tanh", "Gemm", "Tanh", "Identity"), ops);
        assertEquals(OnnxExport.IR_VERSION, model.getIrVersion());
        assertFalse(ops.contains("Dropout"));
    }

    @Test
    void exportedFilesImportBackWithTheirMetadataAndOutputs(@TempDir Path dir) {
        for (PluginRef a : activations()) {
            ModelSpec spec = spec(a, Precision.FLOAT32);
            Network net = Network.build(spec.network(), REGISTRY);
            Support.randomize(net, 4);
            Path f = dir.resolve("m.onnx");
            OnnxExport.save(f, net, spec, metadata(), REGISTRY);
            LoadedModel back = OnnxImport.load(f, REGISTRY);
            assertEquals(metadata(), back.metadata());
            assertEquals(spec.network(), back.spec().network());
            double[][] rows = raw(50, 9);
            Mat want = nnj(net, metadata(), rows);
            Mat got = nnj(back.network(), back.metadata(), rows);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.getFlat(i), got.getFlat(i), 0.0, a.toString());
            }
        }
    }

    @Test
    void aPluginWithItsOwnMappingIsExported() {
        ModelSpec spec = spec(PluginRef.of("swish_test"), Precision.FLOAT32);
        Network net = Network.build(spec.network(), REGISTRY);
        Support.randomize(net, 2);
        byte[] onnx = OnnxExport.toBytes(net, spec, metadata(), REGISTRY);
        double[][] rows = raw(100, 3);
        Support.assertClose(nnj(net, metadata(), rows), Support.ort(onnx, rows), "swish_test");
    }

    @Test
    void aPluginWithoutMappingFailsNamingIt(@TempDir Path dir) {
        ModelSpec spec = spec(PluginRef.of("cube"), Precision.FLOAT32);
        Network net = Network.build(spec.network(), REGISTRY);
        Path f = dir.resolve("cube.onnx");
        PluginException e = assertThrows(PluginException.class,
                () -> OnnxExport.save(f, net, spec, metadata(), REGISTRY));
        assertTrue(e.getMessage().startsWith("layers[0].activation (cube): the activation plugin \"cube\" "
                + "(org.nnj.onnx.fixtures.Cube (from "), e.getMessage());
        assertTrue(e.getMessage().contains("has no ONNX mapping"), e.getMessage());
        assertFalse(Files.exists(f), "no file is written");
        assertTrue(REGISTRY.has(PluginKind.ACTIVATION, "cube"));
    }
}
