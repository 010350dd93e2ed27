package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.BuildContext;
import org.nnj.api.spi.Initializer;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.LayerState;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.ParamShape;
import org.nnj.api.spi.PluginKind;
import org.nnj.data.SplitMix;
import org.nnj.testkit.ClassPathPlugins;
import org.nnj.testkit.ReferenceMatOps;

/**
 * Every image and normalization layer against PyTorch (golden/layers.json, written by tools/golden/layers.py):
 * float64 output, input gradient and parameter gradients of {@code L = sum(g * y)}, and batch norm's running
 * statistics after the pass, to 1e-10 relative (to {@code max(|expected|, 1)}).
 */
class GoldenLayersTest {
    private static final double TOLERANCE = 1e-10;

    static Stream<JsonNode> cases() throws IOException {
        try (InputStream in = GoldenLayersTest.class.getResourceAsStream("/golden/layers.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<JsonNode> out = new ArrayList<>();
            root.get("cases").forEach(out::add);
            assertTrue(out.size() >= 20, "the golden file has its cases");
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void matchesPyTorch(JsonNode c) {
        Map<String, Object> params = new ObjectMapper().convertValue(c.get("params"), LinkedHashMap.class);
        Layer layer = ClassPathPlugins.create(PluginKind.LAYER, new PluginRef(c.get("layer").asText(), params), "golden");
        int[] dims = new ObjectMapper().convertValue(c.get("input_shape"), int[].class);
        Shape shape = Shape.of(dims);
        LayerRuntime rt = layer.build(context(shape));
        int rows = c.get("rows").asInt();
        List<Mat> ps = new ArrayList<>();
        List<Mat> gs = new ArrayList<>();
        for (ParamShape s : rt.parameters()) {
            ps.add(Mat.zeros(Precision.FLOAT64, s.rows(), s.cols()));
            gs.add(Mat.zeros(Precision.FLOAT64, s.rows(), s.cols()));
        }
        rt.bind(ps, gs);
        List<Mat> bs = new ArrayList<>();
        for (ParamShape s : rt.buffers()) {
            bs.add(Mat.zeros(Precision.FLOAT64, s.rows(), s.cols()));
        }
        if (!bs.isEmpty()) {
            rt.bindBuffers(bs);
        }
        rt.initialize(new SplitMix(1));
        String what = c.get("layer").asText() + " " + params + " on " + rows + " x " + shape;
        for (int i = 0; i < ps.size(); i++) {
            fill(ps.get(i), c.get("parameters").get(rt.parameters().get(i).name()), what);
        }
        for (int i = 0; i < bs.size(); i++) {
            fill(bs.get(i), c.get("buffers").get(rt.buffers().get(i).name()), what);
        }
        boolean training = !c.has("training") || c.get("training").asBoolean();
        Mat x = mat(c.get("x"), rows, rt.inputSize());
        Mat g = mat(c.get("g"), rows, rt.outputSize());
        Mat y = Mat.zeros(Precision.FLOAT64, rows, rt.outputSize());
        Mat dx = Mat.zeros(Precision.FLOAT64, rows, rt.inputSize());
        LayerState st = rt.newState(rows);
        rt.forward(x, y, st, training);
        rt.backward(x, y, g, dx, st);
        List<String> failures = new ArrayList<>();
        compare("y", y, c.get("y"), failures);
        compare("dx", dx, c.get("dx"), failures);
        for (int i = 0; i < gs.size(); i++) {
            String name = rt.parameters().get(i).name();
            compare("d" + name, gs.get(i), c.get("gradients").get(name), failures);
        }
        for (int i = 0; i < bs.size(); i++) {
            String name = rt.buffers().get(i).name();
            compare(name + " after the pass", bs.get(i), c.get("buffers_after").get(name), failures);
        }
        assertEquals(List.of(), failures, what);
    }

    private static void fill(Mat m, JsonNode values, String what) {
        assertEquals(m.size(), values.size(), what + ": golden tensor size");
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, values.get(i).asDouble());
        }
    }

    private static Mat mat(JsonNode values, int rows, int cols) {
        Mat m = Mat.zeros(Precision.FLOAT64, rows, cols);
        fill(m, values, "input");
        return m;
    }

    private static void compare(String name, Mat actual, JsonNode expected, List<String> failures) {
        if (expected.size() != actual.size()) {
            failures.add(name + ": " + actual.size() + " values, PyTorch has " + expected.size());
            return;
        }
        int bad = 0;
        for (int i = 0; i < actual.size(); i++) {
            double e = expected.get(i).asDouble();
            double a = actual.getFlat(i);
            if (!(Math.abs(a - e) <= TOLERANCE * Math.max(1, Math.abs(e)))) {
                if (bad++ < 3) {
                    failures.add(name + "[" + i + "] = " + a + ", PyTorch " + e);
                }
            }
        }
        if (bad > 3) {
            failures.add(name + ": " + bad + " values differ in all");
        }
    }

    private static BuildContext context(Shape shape) {
        return new BuildContext() {
            @Override
            public int inputSize() {
                return shape.size();
            }

            @Override
            public Shape inputShape() {
                return shape;
            }

            @Override
            public Precision precision() {
                return Precision.FLOAT64;
            }

            @Override
            public MatOps ops() {
                return ReferenceMatOps.INSTANCE;
            }

            @Override
            public Activation activation(PluginRef ref) {
                return ClassPathPlugins.create(PluginKind.ACTIVATION, ref, "golden.activation");
            }

            @Override
            public Initializer initializer(PluginRef refOrNull) {
                return ClassPathPlugins.create(PluginKind.INITIALIZER, PluginRef.of("xavier_uniform"), "golden.initializer");
            }

            @Override
            public RandomGenerator trainingRandom() {
                return new SplitMix(1);
            }

            @Override
            public String path() {
                return "golden";
            }
        };
    }
}
