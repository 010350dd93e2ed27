package org.nnj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.onnx.Support.REGISTRY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.Network;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingOptions;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelFile;

/**
 * The files {@code tools/golden/onnx_mlp.py} wrote with {@code torch.onnx.export}: MLPs (Gemm or MatMul+Add, Relu,
 * Sigmoid, Tanh, Softmax, LeakyRelu, Elu, Selu, Softplus) and CNNs (Conv, MaxPool, AveragePool with and without a
 * Pad in front, GlobalAveragePool, BatchNormalization after a convolution and after a dense layer, Flatten, a
 * flattening Reshape, Dropout; kernels, strides, dilations and padding per axis): nnj's predictions on the imported networks equal
 * PyTorch's recorded outputs to 1e-5; an epoch of fine-tuning lowers the loss; the network saves and loads.
 */
class TorchImportTest {

    static JsonNode golden() throws IOException {
        return new ObjectMapper().readTree(resource("torch/golden.json").toFile());
    }

    static Path resource(String name) {
        try {
            return Path.of(TorchImportTest.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> files() throws IOException {
        List<String> out = new ArrayList<>();
        golden().get("models").forEach(m -> out.add(m.get("file").asText()));
        return out;
    }

    static JsonNode model(String file) throws IOException {
        for (JsonNode m : golden().get("models")) {
            if (m.get("file").asText().equals(file)) {
                return m;
            }
        }
        throw new IllegalArgumentException(file);
    }

    static double[][] rows(JsonNode a) {
        double[][] x = new double[a.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[a.get(i).size()];
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = a.get(i).get(j).doubleValue();
            }
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("files")
    void predictionsEqualPyTorchs(String file) throws IOException {
        JsonNode m = model(file);
        LoadedModel lm = OnnxImport.load(resource("torch/" + file), REGISTRY);
        Mat out = lm.network().predict(Mat.of(Precision.FLOAT32, rows(m.get("test_x"))));
        double[][] want = rows(m.get("torch_output"));
        float[][] w = new float[want.length][];
        for (int i = 0; i < want.length; i++) {
            w[i] = new float[want[i].length];
            for (int j = 0; j < want[i].length; j++) {
                w[i][j] = (float) want[i][j];
            }
        }
        double worst = Support.assertClose(out, w, file + " against PyTorch");
        System.out.printf("%s: largest gap to PyTorch %.2e%n", file, worst);
        // and ONNX Runtime agrees on the same file, so the golden numbers are the file's meaning
        byte[] bytes = java.nio.file.Files.readAllBytes(resource("torch/" + file));
        Support.assertClose(out, Support.ort(bytes, rows(m.get("test_x")), sample(m)), file + " against ONNX Runtime");
    }

    /** One sample's ONNX dimensions: the recorded input shape of a CNN, else the row's width. */
    static long[] sample(JsonNode m) {
        JsonNode s = m.get("input_shape");
        if (s == null) {
            return new long[] {m.get("test_x").get(0).size()};
        }
        long[] d = new long[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = s.get(i).asLong();
        }
        return d;
    }

    static Map<String, Object> p(Object... kv) {
        return OnnxCnnExportTest.p(kv);
    }

    /** What torch.onnx.export wrote for each CNN becomes the layers of the PyTorch model, one to one. */
    @Test
    void theCnnsAreTheLayersOfThePyTorchModels() {
        LoadedModel a = OnnxImport.load(resource("torch/cnn_maxpool.onnx"), REGISTRY);
        assertEquals(org.nnj.api.Shape.image(1, 12, 12), a.spec().network().inputShape());
        assertEquals(List.of(
                PluginRef.of("conv2d", p("filters", 8L, "kernel_size", 3L, "padding", 1L, "activation", "relu")),
                PluginRef.of("max_pool2d", p("kernel_size", 2L, "stride", 2L)),
                PluginRef.of("conv2d", p("filters", 16L, "kernel_size", 3L, "padding", 1L, "activation", "relu")),
                PluginRef.of("max_pool2d", p("kernel_size", 2L, "stride", 2L)),
                PluginRef.of("flatten", p()),
                PluginRef.of("dense", p("units", 32L, "activation", "relu")),
                PluginRef.of("dense", p("units", 4L, "activation", "softmax"))), a.spec().network().layers());
        assertEquals("categorical_crossentropy", a.spec().network().loss().name());
        LoadedModel b = OnnxImport.load(resource("torch/cnn_bn_avgpool.onnx"), REGISTRY);
        List<String> types = b.spec().network().layers().stream().map(PluginRef::name).toList();
        assertEquals(List.of("conv2d", "batch_norm", "avg_pool2d", "conv2d", "avg_pool2d", "flatten", "dense",
                "batch_norm", "dense"), types);
        assertEquals(p("kernel_size", 3L, "stride", 1L, "padding", 1L, "count_include_pad", false),
                b.spec().network().layers().get(4).params());
        assertEquals(false, b.spec().network().layers().get(3).params().get("use_bias"));
        assertEquals(0.1, (double) b.spec().network().layers().get(1).params().get("momentum"), 1e-7);
        // the running statistics of both batch norms (6 channels, 16 features) are buffers
        assertEquals(2 * 6 + 2 * 16, b.network().buffers().size());
        LoadedModel c = OnnxImport.load(resource("torch/cnn_strided_global.onnx"), REGISTRY);
        assertEquals(List.of("conv2d", "batch_norm", "max_pool2d", "conv2d", "global_avg_pool2d", "dense"),
                c.spec().network().layers().stream().map(PluginRef::name).toList());
        assertEquals(p("filters", 6L, "kernel_size", 3L, "stride", 2L, "padding", 1L, "activation",
                        p("name", "elu", "alpha", 1.0)),
                c.spec().network().layers().get(0).params());
        assertEquals(p("kernel_size", 3L, "stride", 1L, "padding", 1L), c.spec().network().layers().get(2).params());
    }

    /** PyTorch's tuples, (height, width), become nnj's per-axis parameters; one number where the axes agree. */
    @Test
    void windowsPerAxisAreReadPerAxis() {
        LoadedModel d = OnnxImport.load(resource("torch/cnn_per_axis.onnx"), REGISTRY);
        assertEquals(org.nnj.api.Shape.image(2, 13, 17), d.spec().network().inputShape());
        assertEquals(List.of(
                PluginRef.of("conv2d", p("filters", 6L, "kernel_size", List.of(3L, 5L), "stride", List.of(1L, 2L),
                        "padding", List.of(1L, 2L), "dilation", List.of(2L, 1L), "activation", "relu")),
                PluginRef.of("max_pool2d", p("kernel_size", List.of(2L, 3L), "stride", List.of(2L, 1L), "padding", 1L,
                        "dilation", List.of(1L, 2L), "drop_remainder", true)),
                PluginRef.of("conv2d", p("filters", 8L, "kernel_size", List.of(1L, 3L), "padding", List.of(0L, 1L),
                        "use_bias", false, "activation", "tanh")),
                // torch.onnx.export writes this one's padding as a Pad node (count_include_pad=True) in front
                PluginRef.of("avg_pool2d", p("kernel_size", List.of(3L, 4L), "stride", List.of(1L, 2L), "padding",
                        List.of(1L, 2L), "count_include_pad", true, "drop_remainder", true)),
                PluginRef.of("avg_pool2d", p("kernel_size", List.of(2L, 3L), "stride", List.of(2L, 1L), "padding",
                        List.of(0L, 1L), "count_include_pad", false)),
                PluginRef.of("flatten", p()),
                PluginRef.of("dense", p("units", 3L, "activation", "softmax"))), d.spec().network().layers());
        assertEquals(org.nnj.api.Shape.flat(3), d.network().outputShape());
    }

    @Test
    void theLayersAndLossesAreThoseOfTheFiles() {
        LoadedModel a = OnnxImport.load(resource("torch/relu_softmax.onnx"), REGISTRY);
        assertEquals(List.of(PluginRef.of("dense", Map.of("units", 16L, "activation", "relu")),
                PluginRef.of("dense", Map.of("units", 3L, "activation", "softmax"))), a.spec().network().layers());
        assertEquals("categorical_crossentropy", a.spec().network().loss().name());
        LoadedModel b = OnnxImport.load(resource("torch/tanh_leaky_sigmoid.onnx"), REGISTRY);
        assertEquals("binary_crossentropy", b.spec().network().loss().name());
        assertEquals("leaky_relu", ((Map<?, ?>) b.spec().network().layers().get(1).params().get("activation"))
                .get("name"));
        LoadedModel c = OnnxImport.load(resource("torch/elu_selu_softplus.onnx"), REGISTRY);
        assertEquals("mse", c.spec().network().loss().name());
        assertEquals(4, c.spec().network().layers().size());
        assertTrue(a.spec().description().startsWith("imported from ONNX (pytorch"), a.spec().description());
    }

    @ParameterizedTest
    @MethodSource("files")
    void anEpochOfFineTuningLowersTheLossAndTheModelSaves(String file, @TempDir Path dir) throws IOException {
        JsonNode m = model(file);
        LoadedModel lm = OnnxImport.load(resource("torch/" + file), REGISTRY);
        Network net = lm.network();
        Mat x = Mat.of(Precision.FLOAT32, rows(m.get("train_x")));
        Mat y = Mat.of(Precision.FLOAT32, rows(m.get("train_y")));
        double before = net.evaluate(x, y).loss();
        TrainingOptions o = TrainingOptions.builder(REGISTRY.create(PluginKind.OPTIMIZER,
                PluginRef.of("adam", Map.of("lr", 0.005)), "optimizer")).epochs(1).batchSize(16).seed(1L).build();
        new Trainer(net, o).fit(x, y);
        double after = net.evaluate(x, y).loss();
        assertTrue(after < before, file + ": loss " + before + " -> " + after);
        Path saved = dir.resolve("m.safetensors");
        ModelFile.save(saved, net, lm.spec(), lm.metadata());
        Mat again = ModelFile.load(saved, REGISTRY).network().predict(x);
        Mat now = net.predict(x);
        for (int i = 0; i < now.size(); i++) {
            assertEquals(now.getFlat(i), again.getFlat(i), 0.0);
        }
    }

    @Test
    void identityDropoutAndFlattenComputeNothingAndAreReadThrough() throws IOException {
        byte[] base = java.nio.file.Files.readAllBytes(resource("torch/relu_softmax.onnx"));
        var m = org.nnj.onnx.proto.OnnxProto.ModelProto.parseFrom(base).toBuilder();
        var g = m.getGraphBuilder();
        var gemm = g.getNode(0);
        // input -> Flatten -> Gemm -> Relu -> Dropout (with an unused mask) -> Identity -> Gemm -> Softmax
        g.addNode(0, org.nnj.onnx.proto.OnnxProto.NodeProto.newBuilder().setOpType("Flatten").setName("flat")
                .addInput(gemm.getInput(0)).addOutput("flat_out"));
        g.setNode(1, gemm.toBuilder().setInput(0, "flat_out"));
        String relu = g.getNode(2).getOutput(0);
        g.addNode(3, org.nnj.onnx.proto.OnnxProto.NodeProto.newBuilder().setOpType("Dropout").setName("drop")
                .addInput(relu).addOutput("drop_out").addOutput("mask"));
        g.addNode(4, org.nnj.onnx.proto.OnnxProto.NodeProto.newBuilder().setOpType("Identity").setName("id")
                .addInput("drop_out").addOutput("id_out"));
        g.setNode(5, g.getNode(5).toBuilder().setInput(0, "id_out"));
        java.nio.file.Path edited = java.nio.file.Files.createTempFile("nnj-passthrough", ".onnx");
        try {
            java.nio.file.Files.write(edited, m.build().toByteArray());
            Mat x = Mat.of(Precision.FLOAT32, rows(model("relu_softmax.onnx").get("test_x")));
            Mat want = OnnxImport.load(resource("torch/relu_softmax.onnx"), REGISTRY).network().predict(x);
            LoadedModel lm = OnnxImport.load(edited, REGISTRY);
            assertEquals(2, lm.spec().network().layers().size());
            assertEquals(want, lm.network().predict(x));
        } finally {
            java.nio.file.Files.delete(edited);
        }
    }
}
