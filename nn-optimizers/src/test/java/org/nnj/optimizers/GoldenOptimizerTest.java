package org.nnj.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnj.api.F64Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Updater;

/**
 * Replays the trajectories that PyTorch produced ({@code tools/golden/optimizers.py}, fixture
 * {@code golden/optimizers.json}) in float64 and matches every parameter after every step to 1e-9 relative.
 *
 * <p>The problem is linear least squares, {@code loss = 1/(2N) sum_n ||W x_n + b - y_n||^2} with parameters
 * {@code [W (2 x 3) row-major, b (2)]}; its gradient is computed here analytically:
 * {@code dW = 1/N sum_n r_n x_n^T}, {@code db = 1/N sum_n r_n}, {@code r_n = W x_n + b - y_n}.
 */
class GoldenOptimizerTest {
    static final double RELATIVE = 1e-9;
    static final double ABSOLUTE = 1e-13;

    static JsonNode fixture(String name) {
        try (InputStream in = GoldenOptimizerTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource golden/" + name);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden/" + name, e);
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        JsonNode root = fixture("optimizers.json");
        for (JsonNode c : root.get("cases")) {
            String label = c.get("optimizer").asText() + " " + c.get("params")
                    + (c.has("schedule") ? " with " + c.get("schedule").asText() + " " + c.get("schedule_params") : "");
            out.add(Arguments.of(label, root.get("problem"), c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String label, JsonNode problem, JsonNode c) {
        double[][] x = matrix(problem.get("x"));
        double[][] y = matrix(problem.get("y"));
        F64Mat w = new F64Mat(vector(problem.get("w0")), 0, 1, 8);
        F64Mat g = new F64Mat(1, 8);
        Optimizer optimizer = optimizer(c.get("optimizer").asText(), raw(c.get("params")));
        Updater updater = optimizer.newUpdater(8, Precision.FLOAT64);
        JsonNode trajectory = c.get("trajectory");
        assertEquals(problem.get("steps").asInt(), trajectory.size(), label + ": steps in the fixture");
        List<String> problems = new ArrayList<>();
        for (int step = 0; step < trajectory.size(); step++) {
            double lr = c.has("lr_per_step") ? c.get("lr_per_step").get(step).asDouble() : optimizer.learningRate();
            gradient(x, y, w.data(), g.data());
            updater.update(w, g, lr);
            double[] expected = vector(trajectory.get(step));
            for (int i = 0; i < expected.length; i++) {
                double found = w.data()[i];
                if (!(Math.abs(found - expected[i]) <= RELATIVE * Math.abs(expected[i]) + ABSOLUTE)) {
                    problems.add("step " + (step + 1) + " parameter " + i + ": PyTorch " + expected[i] + ", nnj "
                            + found);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(label + ": " + problems.size() + " values differ from PyTorch by more than 1e-9 relative:\n  "
                    + String.join("\n  ", problems.subList(0, Math.min(10, problems.size()))));
        }
    }

    /** The analytic gradient of 1/(2N) sum_n ||W x_n + b - y_n||^2 at p = [W row-major, b]. */
    static void gradient(double[][] x, double[][] y, double[] p, double[] g) {
        int n = x.length;
        int in = x[0].length;
        int out = y[0].length;
        java.util.Arrays.fill(g, 0);
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < out; o++) {
                double r = p[out * in + o] - y[s][o];
                for (int k = 0; k < in; k++) {
                    r += p[o * in + k] * x[s][k];
                }
                for (int k = 0; k < in; k++) {
                    g[o * in + k] += r * x[s][k] / n;
                }
                g[out * in + o] += r / n;
            }
        }
    }

    /** The installed optimizer of that name, found the way the core finds it, configured with {@code raw}. */
    static Optimizer optimizer(String name, Map<String, Object> raw) {
        for (Optimizer o : ServiceLoader.load(Optimizer.class)) {
            if (o.name().equals(name)) {
                return o.configure(Config.resolve(name, o.parameters(), raw));
            }
        }
        throw new AssertionError("no optimizer named " + name);
    }

    static Map<String, Object> raw(JsonNode params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isBoolean() ? v.asBoolean() : v.isTextual() ? v.asText()
                    : v.isIntegralNumber() ? (Object) v.asLong() : (Object) v.asDouble());
        });
        return out;
    }

    static double[] vector(JsonNode node) {
        assertTrue(node.isArray(), "expected a JSON array, found " + node);
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asDouble();
        }
        return out;
    }

    static double[][] matrix(JsonNode node) {
        double[][] out = new double[node.size()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = vector(node.get(r));
        }
        return out;
    }
}
