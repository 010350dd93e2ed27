package org.nnj.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.ShapeException;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.NamedTensor;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Updater;

/**
 * The conformance suite every {@link Optimizer} test extends: supply the plugin, its stable name and a few
 * parameter sets, and inherit checks of naming, parameters, discovery and the updater's behaviour.
 *
 * <pre>{@code
 * class SgdTest extends OptimizerContract {
 *     protected Optimizer plugin() { return new Sgd(); }
 *     protected String expectedName() { return "sgd"; }
 *     protected List<Map<String, Object>> configurations() { return List.of(Map.of("momentum", 0.9)); }
 * }
 * }</pre>
 *
 * <p>What it checks, for the defaults and for every {@link #configurations() configuration}:
 * <ul>
 *   <li>the name and aliases are lowercase identifiers, the name is the expected one, and
 *       {@link ServiceLoader} finds the class under it;</li>
 *   <li>parameters round-trip: {@code Config.resolve(config().asMap())} gives back the same config and
 *       {@code configure} of it the same plugin; values outside a declared range, and each of
 *       {@link #invalidConfigurations()}, fail with a {@link ConfigException} whose path names the field;</li>
 *   <li>float32 agrees with float64 to float rounding over a few steps;</li>
 *   <li>two updaters of one optimizer share no state; {@link Updater#reset()} restores the fresh behaviour;
 *       restoring {@link Updater#state()} into a fresh updater continues bit-identically (checkpoint and
 *       resume), also before the first step;</li>
 *   <li>a zero gradient leaves the parameters unchanged (when no weight decay is configured), a learning rate
 *       of 0 leaves them unchanged, and updates decrease a convex quadratic;</li>
 *   <li>parameter views at an offset inside a larger array are updated exactly like stand-alone ones and
 *       nothing outside the view is written; wrong sizes and precisions are rejected.</li>
 * </ul>
 * Inputs are seeded and rounded to float, so both precisions see the same numbers.
 */
public abstract class OptimizerContract {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*");
    /** An odd size, so loops that handle several elements at a time must get their tails right. */
    private static final int SIZE = 13;
    private static final int STEPS = 4;

    /** The plugin as {@link ServiceLoader} creates it: default parameters. */
    protected abstract Optimizer plugin();

    /** The name saved models refer to; it must never change. */
    protected abstract String expectedName();

    /** Raw parameter sets to check besides the defaults, e.g. {@code Map.of("momentum", 0.9)}. */
    protected List<Map<String, Object>> configurations() {
        return List.of();
    }

    /**
     * Parameter sets that pass the per-parameter range checks but must still be refused (a combination the
     * plugin does not support), keyed by the field the {@link ConfigException} must name.
     */
    protected Map<String, Map<String, Object>> invalidConfigurations() {
        return Map.of();
    }

    /**
     * Whether a zero gradient must leave the parameters of {@code optimizer} unchanged. By default: when the
     * optimizer has no {@code weight_decay} parameter or it is 0.
     */
    protected boolean zeroGradientIsNoOp(Optimizer optimizer) {
        Config c = optimizer.config();
        return !c.has("weight_decay") || c.real("weight_decay") == 0;
    }

    /** The plugin configured with {@code raw}, validated as a spec file's values would be. */
    protected final Optimizer configured(Map<String, ?> raw) {
        Optimizer p = plugin();
        return p.configure(Config.resolve("", p.parameters(), raw));
    }

    /** The defaults followed by every {@link #configurations() configuration}. */
    protected final List<Optimizer> instances() {
        List<Optimizer> out = new ArrayList<>();
        out.add(plugin());
        for (Map<String, Object> raw : configurations()) {
            out.add(configured(raw));
        }
        return out;
    }

    // ---------------------------------------------------------------- naming, parameters, discovery

    @Test
    void nameIsStableAndLowercase() {
        Optimizer p = plugin();
        assertEquals(expectedName(), p.name(), "name of " + p.getClass().getName());
        assertTrue(ID.matcher(p.name()).matches(), "name \"" + p.name() + "\" must match " + ID);
        for (String alias : p.aliases()) {
            assertTrue(ID.matcher(alias).matches(), "alias \"" + alias + "\" must match " + ID);
            assertFalse(alias.equals(p.name()), "alias \"" + alias + "\" repeats the name");
        }
        for (Optimizer o : instances()) {
            assertEquals(p.name(), o.name(), "configuring must not change the name: " + o.config());
        }
    }

    @Test
    void serviceLoaderFindsIt() {
        Class<?> type = plugin().getClass();
        List<String> found = new ArrayList<>();
        for (Optimizer o : ServiceLoader.load(Optimizer.class)) {
            if (o.getClass() == type) {
                assertEquals(expectedName(), o.name());
                assertEquals(plugin().config(), o.config(), "the loaded instance must have the default parameters");
                return;
            }
            found.add(o.getClass().getName());
        }
        fail("ServiceLoader did not find " + type.getName() + " (is it listed in META-INF/services/"
                + Optimizer.class.getName() + "?); found " + found);
    }

    @Test
    void parametersRoundTrip() {
        Optimizer p = plugin();
        assertEquals(Config.resolve("", p.parameters(), Map.of()), p.config(),
                "the default instance must carry the declared defaults");
        for (Optimizer o : instances()) {
            Config again = Config.resolve("", o.parameters(), o.config().asMap());
            assertEquals(o.config(), again, "config() must resolve to itself");
            assertEquals(o.config(), p.configure(again).config(), "configure(config()) must give the same config");
            assertTrue(o.learningRate() > 0 && Double.isFinite(o.learningRate()),
                    "learningRate() must be finite and > 0, found " + o.learningRate());
            if (o.config().has("lr")) {
                assertEquals(o.config().real("lr"), o.learningRate(), "learningRate() must equal the lr parameter");
            }
        }
    }

    @Test
    void outOfRangeValuesAreRejectedNamingTheField() {
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        for (Param param : plugin().parameters()) {
            for (Object bad : outOfRange(param)) {
                cases.put(param.name() + " = " + bad, Map.of(param.name(), bad));
            }
        }
        invalidConfigurations().forEach((field, raw) -> cases.put(field + " in " + raw, raw));
        for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
            String field = c.getKey().split(" ")[0];
            ConfigException e = assertThrows(ConfigException.class, () -> configured(c.getValue()),
                    c.getKey() + " must be rejected");
            assertTrue(e.path().equals(field) || e.path().endsWith("." + field),
                    "the error for " + c.getKey() + " must name the field \"" + field + "\", got path \""
                            + e.path() + "\": " + e.getMessage());
        }
    }

    /** Values just outside a numeric parameter's declared range (none for an unbounded one). */
    static List<Object> outOfRange(Param p) {
        List<Object> out = new ArrayList<>();
        if (p.type() == Param.Type.REAL || p.type() == Param.Type.INT) {
            boolean isInt = p.type() == Param.Type.INT;
            boolean lowBounded = isInt ? p.min() > Long.MIN_VALUE : p.min() > Double.NEGATIVE_INFINITY;
            boolean highBounded = isInt ? p.max() < Long.MAX_VALUE : p.max() < Double.POSITIVE_INFINITY;
            if (lowBounded) {
                double v = p.minInclusive() ? p.min() - 1 : p.min();
                out.add(isInt ? (Object) (long) v : (Object) v);
            }
            if (highBounded) {
                double v = p.maxInclusive() ? p.max() + 1 : p.max();
                out.add(isInt ? (Object) (long) v : (Object) v);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- the updater

    @Test
    void float32AgreesWithFloat64() {
        ContractFailures failures = new ContractFailures(subject());
        for (Optimizer o : instances()) {
            Run r64 = new Run(o, Precision.FLOAT64, 1);
            Run r32 = new Run(o, Precision.FLOAT32, 1);
            for (int s = 0; s < STEPS; s++) {
                r64.step();
                r32.step();
                for (int i = 0; i < SIZE; i++) {
                    double a = r64.params.getFlat(i);
                    double b = r32.params.getFlat(i);
                    if (!(Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(a)))) {
                        failures.add(o + " step " + (s + 1) + " element " + i + ": float64 gives " + a
                                + ", float32 gives " + b);
                    }
                }
            }
        }
        failures.assertNone("float32 agrees with float64 to 1e-4");
    }

    @Test
    void updatersShareNoState() {
        for (Optimizer o : instances()) {
            for (Precision precision : Precision.values()) {
                Run alone1 = new Run(o, precision, 1);
                Run alone2 = new Run(o, precision, 2);
                Run both1 = new Run(o, precision, 1);
                Run both2 = new Run(o, precision, 2);
                for (int s = 0; s < STEPS; s++) {
                    alone1.step();
                }
                for (int s = 0; s < STEPS; s++) {
                    alone2.step();
                }
                for (int s = 0; s < STEPS; s++) {
                    both1.step();
                    both2.step();
                }
                assertSame(alone1.params, both1.params, o + " " + precision.id()
                        + ": the first of two interleaved updaters must behave as if alone");
                assertSame(alone2.params, both2.params, o + " " + precision.id()
                        + ": the second of two interleaved updaters must behave as if alone");
            }
        }
    }

    @Test
    void resetRestoresTheFreshBehaviour() {
        for (Optimizer o : instances()) {
            for (Precision precision : Precision.values()) {
                Run used = new Run(o, precision, 3);
                for (int s = 0; s < STEPS; s++) {
                    used.step();
                }
                used.updater.reset();
                Run fresh = new Run(o, precision, 4);
                used.params.copyFrom(fresh.params);
                used.gradients(99);
                fresh.gradients(99);
                for (int s = 0; s < STEPS; s++) {
                    used.step();
                    fresh.step();
                }
                assertSame(fresh.params, used.params, o + " " + precision.id() + ": after reset() as when fresh");
            }
        }
    }

    @Test
    void checkpointRestoresIntoAFreshUpdater() {
        for (Optimizer o : instances()) {
            for (Precision precision : Precision.values()) {
                for (int before : new int[] {0, STEPS}) {
                    Run original = new Run(o, precision, 5);
                    for (int s = 0; s < before; s++) {
                        original.step();
                    }
                    Map<String, Mat> saved = snapshot(original.updater.state());
                    Updater resumed = o.newUpdater(SIZE, precision);
                    List<NamedTensor> target = resumed.state();
                    assertEquals(saved.keySet(), names(target), o + ": state names of a fresh updater");
                    for (NamedTensor t : target) {
                        t.value().copyFrom(saved.get(t.name()));
                    }
                    Run copy = new Run(o, precision, 6);
                    copy.updater = resumed;
                    copy.params.copyFrom(original.params);
                    copy.gradients(77);
                    original.gradients(77);
                    for (int s = 0; s < STEPS; s++) {
                        original.step();
                        copy.step();
                    }
                    assertSame(original.params, copy.params, o + " " + precision.id() + " resumed after " + before
                            + " steps");
                }
            }
        }
    }

    @Test
    void stateNamesAreUniqueAndStable() {
        for (Optimizer o : instances()) {
            for (Precision precision : Precision.values()) {
                Run run = new Run(o, precision, 7);
                List<String> first = new ArrayList<>();
                for (NamedTensor t : run.updater.state()) {
                    first.add(t.name());
                }
                assertEquals(first.size(), new HashSet<>(first).size(), o + ": duplicate state names " + first);
                run.step();
                List<String> after = new ArrayList<>();
                for (NamedTensor t : run.updater.state()) {
                    after.add(t.name());
                }
                assertEquals(first, after, o + ": state() must list the same tensors before and after a step");
            }
        }
    }

    @Test
    void zeroGradientOrZeroRateLeavesParametersUnchanged() {
        for (Optimizer o : instances()) {
            for (Precision precision : Precision.values()) {
                Run run = new Run(o, precision, 8);
                Mat before = Mats.copy(run.params);
                for (int s = 0; s < STEPS; s++) {
                    run.updater.update(run.params, run.nextGradient(), 0.0);
                }
                assertSame(before, run.params, o + " " + precision.id() + " with learning rate 0");
                if (zeroGradientIsNoOp(o)) {
                    Run zero = new Run(o, precision, 9);
                    Mat start = Mats.copy(zero.params);
                    Mat g = Mat.zeros(precision, 1, SIZE);
                    for (int s = 0; s < STEPS; s++) {
                        zero.updater.update(zero.params, g, o.learningRate());
                    }
                    assertSame(start, zero.params, o + " " + precision.id() + " with a zero gradient");
                }
            }
        }
    }

    @Test
    void decreasesAConvexQuadratic() {
        // f(w) = 1/2 sum_i c_i (w_i - t_i)^2 with curvatures c_i in [0.5, 2], started far from the minimum.
        Random random = new Random(11);
        double[] c = new double[SIZE];
        double[] t = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            c[i] = 0.5 + 1.5 * random.nextDouble();
            t[i] = 2 + random.nextDouble();
        }
        for (Optimizer o : instances()) {
            Mat w = Mat.zeros(Precision.FLOAT64, 1, SIZE);
            Mat g = Mat.zeros(Precision.FLOAT64, 1, SIZE);
            Updater u = o.newUpdater(SIZE, Precision.FLOAT64);
            double f0 = quadratic(w, c, t, g);
            double f = f0;
            for (int s = 0; s < 200; s++) {
                u.update(w, g, o.learningRate());
                f = quadratic(w, c, t, g);
            }
            assertTrue(f < 0.99 * f0, o + ": 200 steps on a convex quadratic must decrease it; f went from "
                    + f0 + " to " + f);
        }
    }

    /** f(w) and its gradient, written into {@code g}. */
    private static double quadratic(Mat w, double[] c, double[] t, Mat g) {
        double f = 0;
        for (int i = 0; i < w.size(); i++) {
            double r = w.getFlat(i) - t[i];
            f += 0.5 * c[i] * r * r;
            g.setFlat(i, c[i] * r);
        }
        return f;
    }

    @Test
    void viewsAtAnOffsetAreUpdatedInPlaceOnly() {
        for (Optimizer o : instances()) {
            for (Precision precision : Precision.values()) {
                Run plain = new Run(o, precision, 12);
                Run offset = new Run(o, precision, 12);
                Mat bigParams = Mat.zeros(precision, 1, SIZE + 7);
                Mat bigGrads = Mat.zeros(precision, 1, SIZE + 9);
                bigParams.fill(-42);
                bigGrads.fill(-43);
                Mat p = view(bigParams, 3);
                Mat g = view(bigGrads, 5);
                p.copyFrom(plain.params);
                for (int s = 0; s < STEPS; s++) {
                    g.copyFrom(offset.nextGradient());
                    offset.updater.update(p, g, o.learningRate());
                    plain.step();
                }
                assertSame(plain.params, Mats.copy(p), o + " " + precision.id() + " on a view at offset 3");
                for (int i = 0; i < bigParams.size(); i++) {
                    if (i < 3 || i >= 3 + SIZE) {
                        assertEquals(-42.0, bigParams.getFlat(i), o + " wrote outside the parameter view at " + i);
                    }
                }
            }
        }
    }

    @Test
    void wrongSizeOrPrecisionIsRejected() {
        Optimizer o = plugin();
        Updater u = o.newUpdater(SIZE, Precision.FLOAT64);
        Mat p = Mat.zeros(Precision.FLOAT64, 1, SIZE);
        assertThrows(ShapeException.class, () -> u.update(p, Mat.zeros(Precision.FLOAT64, 1, SIZE + 1), 0.1),
                "a gradient of the wrong size");
        assertThrows(ShapeException.class, () -> u.update(Mat.zeros(Precision.FLOAT64, 1, SIZE - 1),
                Mat.zeros(Precision.FLOAT64, 1, SIZE - 1), 0.1), "parameters of the wrong size");
        assertThrows(IllegalArgumentException.class, () -> u.update(Mat.zeros(Precision.FLOAT32, 1, SIZE),
                Mat.zeros(Precision.FLOAT32, 1, SIZE), 0.1), "float32 matrices given to a float64 updater");
    }

    // ---------------------------------------------------------------- helpers

    private String subject() {
        Optimizer p = plugin();
        return "optimizer " + p.name() + " (" + p.getClass().getName() + ")";
    }

    private static Mat view(Mat big, int offset) {
        if (big instanceof F32Mat f) {
            return new F32Mat(f.data(), offset, 1, SIZE);
        }
        F64Mat d = (F64Mat) big;
        return new F64Mat(d.data(), offset, 1, SIZE);
    }

    private static Map<String, Mat> snapshot(List<NamedTensor> state) {
        Map<String, Mat> out = new HashMap<>();
        for (NamedTensor t : state) {
            out.put(t.name(), Mats.copy(t.value()));
        }
        return out;
    }

    private static Set<String> names(List<NamedTensor> state) {
        Set<String> out = new HashSet<>();
        for (NamedTensor t : state) {
            out.add(t.name());
        }
        return out;
    }

    /** Fails unless {@code actual} holds bit-identical values to {@code expected}. */
    private static void assertSame(Mat expected, Mat actual, String what) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        int i = Mats.firstDifference(e, a);
        if (i >= 0) {
            fail(what + ": element " + i + " differs, expected " + e[i] + " but found " + a[i]
                    + "\n  expected " + Mats.format(e) + "\n  found    " + Mats.format(a));
        }
    }

    /** Parameters (seeded), an updater and a seeded stream of gradients, all values rounded to float. */
    private static final class Run {
        final Precision precision;
        final Mat params;
        final double lr;
        Updater updater;
        private Random gradients;

        Run(Optimizer optimizer, Precision precision, long seed) {
            this.precision = precision;
            this.params = Mats.of(precision, Mats.uniform(new Random(seed), 1, SIZE, -1, 1));
            this.updater = optimizer.newUpdater(SIZE, precision);
            this.lr = optimizer.learningRate();
            gradients(seed + 1000);
        }

        /** Restarts the gradient stream from {@code seed}. */
        void gradients(long seed) {
            this.gradients = new Random(seed);
        }

        Mat nextGradient() {
            return Mats.of(precision, Mats.uniform(gradients, 1, SIZE, -2, 2));
        }

        void step() {
            updater.update(params, nextGradient(), lr);
        }
    }
}
