package org.nnj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.onnx.Support.REGISTRY;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.core.Network;
import org.nnj.core.NetworkSpec;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelMetadata;
import org.nnj.io.ModelSpec;
import org.nnj.onnx.proto.OnnxProto.ModelProto;
import org.nnj.onnx.proto.OnnxProto.TensorShapeProto;

/**
 * The image layers exported and run on ONNX Runtime: conv2d (padding valid, same with an even kernel, numbers;
 * stride 2; dilation 2; with and without bias; activations after it, softmax over the whole sample among them),
 * max_pool2d and avg_pool2d (padding, dropped remainders, count_include_pad both ways), global_avg_pool2d, flatten,
 * batch_norm after a convolution and after a dense layer (running statistics away from their start, affine or not),
 * layer_norm over an image and over a vector, dropout between convolutions, a third-party activation that maps only
 * widths after a convolution, a standard scaler in front of an image input, and windows per axis (kernels, strides,
 * dilations and padding that differ between height and width, "same" with an even kernel on one axis): ONNX
 * Runtime's outputs on [N, C, H, W] inputs equal nnj's on its flat rows to 1e-5.
 */
class OnnxCnnExportTest {
    static final Shape INPUT = Shape.image(2, 9, 8);

    static Map<String, Object> p(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Networks that between them use every image layer and parameter the export maps. */
    static List<List<PluginRef>> networks() {
        return List.of(
                List.of(PluginRef.of("conv2d", p("filters", 4, "kernel_size", 3, "padding", "same", "activation", "relu")),
                        PluginRef.of("batch_norm", p("eps", 1e-3)),
                        PluginRef.of("max_pool2d", p("kernel_size", 2, "drop_remainder", true)),
                        PluginRef.of("conv2d", p("filters", 5, "kernel_size", 2, "padding", 1, "use_bias", false,
                                "activation", "tanh")),
                        PluginRef.of("avg_pool2d", p("kernel_size", 3, "stride", 2, "padding", 1)),
                        PluginRef.of("flatten"),
                        PluginRef.of("dense", p("units", 6, "activation", "elu")),
                        PluginRef.of("batch_norm", p("affine", false)),
                        PluginRef.of("dense", p("units", 3, "activation", "softmax"))),
                List.of(PluginRef.of("conv2d", p("filters", 3, "kernel_size", 4, "padding", "same")),
                        PluginRef.of("dropout", p("rate", 0.3)),
                        PluginRef.of("conv2d", p("filters", 4, "kernel_size", 3, "stride", 2, "dilation", 2,
                                "padding", 2, "activation", p("name", "leaky_relu", "alpha", 0.2))),
                        PluginRef.of("layer_norm", p("eps", 1e-4)),
                        PluginRef.of("avg_pool2d", p("kernel_size", 2, "stride", 1, "padding", 1,
                                "count_include_pad", false, "drop_remainder", true)),
                        PluginRef.of("max_pool2d", p("kernel_size", 3, "stride", 2, "padding", 1, "dilation", 2,
                                "drop_remainder", true)),
                        PluginRef.of("global_avg_pool2d"),
                        PluginRef.of("layer_norm", p()),
                        PluginRef.of("dense", p("units", 2, "activation", "sigmoid"))),
                List.of(PluginRef.of("conv2d", p("filters", 3, "kernel_size", 3, "activation", "softmax")),
                        PluginRef.of("conv2d", p("filters", 2, "kernel_size", 1, "padding", "valid",
                                "activation", p("name", "gaussian", "mu", 0.2, "sigma", 0.5)))),
                // a third-party activation that maps only [N, width]: Flatten before it, Reshape back after it
                List.of(PluginRef.of("conv2d", p("filters", 3, "kernel_size", 3, "activation", "swish_test")),
                        PluginRef.of("max_pool2d", p("kernel_size", 2, "drop_remainder", true)),
                        PluginRef.of("dense", p("units", 3))),
                // windows per axis, [height, width], the two different (from PER_AXIS on)
                List.of(PluginRef.of("conv2d", p("filters", 4, "kernel_size", List.of(3, 2), "padding", "same",
                                "activation", "relu")), // "same" with an even width: 1 row each side, 1 column right
                        PluginRef.of("max_pool2d", p("kernel_size", List.of(2, 3), "stride", List.of(2, 1),
                                "padding", List.of(1, 1), "dilation", List.of(1, 2), "drop_remainder", true)),
                        PluginRef.of("conv2d", p("filters", 3, "kernel_size", List.of(3, 1), "stride", List.of(1, 2),
                                "dilation", List.of(2, 1), "padding", List.of(2, 0), "use_bias", false,
                                "activation", "tanh")),
                        PluginRef.of("avg_pool2d", p("kernel_size", List.of(3, 2), "stride", 1, "padding",
                                List.of(1, 1))),
                        PluginRef.of("avg_pool2d", p("kernel_size", List.of(2, 3), "stride", List.of(2, 1),
                                "padding", List.of(0, 1), "count_include_pad", false, "drop_remainder", true)),
                        PluginRef.of("batch_norm", p()),
                        PluginRef.of("flatten"),
                        PluginRef.of("dense", p("units", 3, "activation", "softmax"))),
                List.of(PluginRef.of("conv2d", p("filters", 3, "kernel_size", List.of(2, 3), "dilation",
                                List.of(1, 2), "padding", "same", "activation", "elu")),
                        PluginRef.of("max_pool2d", p("kernel_size", List.of(3, 2), "stride", List.of(1, 2))),
                        PluginRef.of("conv2d", p("filters", 2, "kernel_size", List.of(1, 3), "stride", List.of(2, 1),
                                "padding", List.of(0, 1))),
                        PluginRef.of("global_avg_pool2d"),
                        PluginRef.of("dense", p("units", 2, "activation", "sigmoid"))));
    }

    /** The first of {@link #networks()} with windows per axis; they and the ones after it are read back as PyTorch's. */
    static final int PER_AXIS = 4;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<List<PluginRef>> nets = networks();
        for (int i = 0; i < nets.size(); i++) {
            for (Precision p : Precision.values()) {
                out.add(Arguments.of(i, p));
            }
        }
        return out.stream();
    }

    static ModelSpec spec(int i, Precision p) {
        return ModelSpec.of(new NetworkSpec(INPUT, networks().get(i), PluginRef.of("mse"), p, 5));
    }

    /** A standard scaler over the image's values: centre and spread vary by value. */
    static ModelMetadata metadata() {
        int n = INPUT.size();
        double[] mean = new double[n];
        double[] std = new double[n];
        List<String> features = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            mean[j] = (j % 7) * 0.5 - 1;
            std[j] = 0.5 + (j % 5) * 0.3;
            features.add("p" + j);
        }
        return new ModelMetadata(null, features, "standard", Map.of("mean", mean, "std", std), Map.of());
    }

    /** Weights and running statistics away from their starting values (variances positive). */
    static Network network(ModelSpec spec, long seed) {
        Network net = Network.build(spec.network(), REGISTRY);
        Support.randomize(net, seed);
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (var b : net.namedBuffers()) {
            Mat m = b.value();
            boolean var = b.name().endsWith("running_var");
            for (int i = 0; i < m.size(); i++) {
                m.setFlat(i, var ? 0.2 + 2 * r.nextDouble() : r.nextGaussian());
            }
        }
        return net;
    }

    static double[][] raw(int n, long seed) {
        ModelMetadata meta = metadata();
        double[][] x = Support.rows(n, INPUT.size(), seed, 0, 1);
        double[][] a = meta.scaler().orElseThrow().affine().orElseThrow();
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = row[j] / a[1][j] + a[0][j]; // scaled: about N(0, 1)
            }
        }
        return x;
    }

    static long[] sample() {
        return new long[] {INPUT.dim(0), INPUT.dim(1), INPUT.dim(2)};
    }

    @ParameterizedTest(name = "network {0} {1}")
    @MethodSource("cases")
    void onnxRuntimeComputesWhatNnjComputes(int i, Precision p) {
        ModelSpec spec = spec(i, p);
        Network net = network(spec, 21 + i);
        byte[] onnx = OnnxExport.toBytes(net, spec, metadata(), REGISTRY);
        double[][] rows = raw(64, 3 + i);
        double worst = Support.assertClose(OnnxExportTest.nnj(net, metadata(), rows), Support.ort(onnx, rows, sample()),
                "network " + i + " " + p);
        System.out.printf("cnn export network %d %s: largest gap to ONNX Runtime %.2e%n", i, p, worst);
    }

    @Test
    void theGraphTakesNchwAndHasTheOperatorsOfTheLayers() throws Exception {
        ModelSpec spec = spec(0, Precision.FLOAT32);
        Network net = network(spec, 1);
        ModelProto m = ModelProto.parseFrom(OnnxExport.toBytes(net, spec, metadata(), REGISTRY));
        List<String> ops = m.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList();
        assertEquals(List.of("Sub", "Mul", "Conv", "Relu", "BatchNormalization", "MaxPool", "Conv", "Tanh",
                "AveragePool", "Flatten", "Gemm", "Elu", "BatchNormalization", "Gemm", "Softmax", "Identity"), ops);
        TensorShapeProto in = m.getGraph().getInput(0).getType().getTensorType().getShape();
        assertEquals("N", in.getDim(0).getDimParam());
        assertEquals(List.of(2L, 9L, 8L), in.getDimList().subList(1, 4).stream().map(d -> d.getDimValue()).toList());
        assertEquals(2, m.getGraph().getOutput(0).getType().getTensorType().getShape().getDimCount());
        ModelSpec third = spec(3, Precision.FLOAT32);
        ModelProto t = ModelProto.parseFrom(OnnxExport.toBytes(network(third, 1), third, metadata(), REGISTRY));
        assertEquals(List.of("Sub", "Mul", "Conv", "Flatten", "Sigmoid", "Mul", "Reshape", "MaxPool", "Flatten",
                "Gemm", "Identity"), t.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList());
    }

    /** A window parameter as the layer reads it: {@code [height, width]}, "same", or the default where absent. */
    static Object effective(PluginRef layer, String key) {
        Object v = layer.params().get(key);
        if (v == null) {
            return key.equals("stride") && layer.name().endsWith("pool2d") ? effective(layer, "kernel_size")
                    : key.equals("kernel_size") ? null : List.of(key.equals("dilation") || key.equals("stride") ? 1L : 0L,
                    key.equals("dilation") || key.equals("stride") ? 1L : 0L);
        }
        if (v.equals("valid")) {
            return List.of(0L, 0L);
        }
        if (v instanceof Number n) {
            return List.of(n.longValue(), n.longValue());
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> ((Number) x).longValue()).toList();
        }
        return v;
    }

    /**
     * The networks with windows per axis, exported and their nnj metadata taken away, read back as any ONNX file
     * not written by nnj is (PyTorch's way: kernel_shape, strides, dilations and pads per axis into the layers'
     * parameters, "same" with an even kernel recognized from its pads): the same layers, windows alike, and the same
     * predictions, bit for bit.
     */
    @Test
    void perAxisWindowsReadBackAsForeignFilesGiveTheSamePredictions() throws Exception {
        for (int i = PER_AXIS; i < networks().size(); i++) {
            ModelSpec spec = spec(i, Precision.FLOAT32);
            Network net = network(spec, 60 + i);
            byte[] foreign = ModelProto.parseFrom(OnnxExport.toBytes(net, spec, ModelMetadata.empty(), REGISTRY))
                    .toBuilder().clearMetadataProps().build().toByteArray();
            LoadedModel back = OnnxImport.read(foreign, "per-axis.onnx", "per-axis", REGISTRY, PluginRef.of("mse"));
            assertTrue(back.spec().description().startsWith("imported from ONNX"), back.spec().description());
            List<PluginRef> want = spec.network().layers();
            List<PluginRef> got = back.spec().network().layers();
            assertEquals(want.stream().map(PluginRef::name).toList(), got.stream().map(PluginRef::name).toList());
            int windows = 0;
            for (int l = 0; l < want.size(); l++) {
                if (want.get(l).name().endsWith("2d") && !want.get(l).name().startsWith("global")) {
                    for (String key : List.of("kernel_size", "stride", "padding", "dilation")) {
                        assertEquals(effective(want.get(l), key), effective(got.get(l), key),
                                "network " + i + " layers[" + l + "] " + key);
                    }
                    windows++;
                }
            }
            assertTrue(windows >= 3, "network " + i);
            double[][] rows = Support.rows(20, INPUT.size(), 9 + i, 0, 1);
            Mat expected = net.predict(Mat.of(Precision.FLOAT32, rows));
            Mat actual = back.network().predict(Mat.of(Precision.FLOAT32, rows));
            for (int k = 0; k < expected.size(); k++) {
                assertEquals(expected.getFlat(k), actual.getFlat(k), 0.0, "network " + i);
            }
        }
    }

    @Test
    void exportedCnnsImportBackExactlyWithTheirRunningStatistics(@TempDir Path dir) {
        for (int i = 0; i < networks().size(); i++) {
            ModelSpec spec = spec(i, Precision.FLOAT32);
            Network net = network(spec, 40 + i);
            Path f = dir.resolve("cnn" + i + ".onnx");
            OnnxExport.save(f, net, spec, metadata(), REGISTRY);
            LoadedModel back = OnnxImport.load(f, REGISTRY);
            assertEquals(spec.network(), back.spec().network());
            assertEquals(net.namedState().size(), back.network().namedState().size());
            double[][] rows = raw(20, 9);
            Mat want = OnnxExportTest.nnj(net, metadata(), rows);
            Mat got = OnnxExportTest.nnj(back.network(), back.metadata(), rows);
            for (int k = 0; k < want.size(); k++) {
                assertEquals(want.getFlat(k), got.getFlat(k), 0.0, "network " + i);
            }
            assertTrue(back.network().buffers().size() == net.buffers().size());
        }
    }
}
