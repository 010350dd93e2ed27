package org.nnj.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.Precision;
import org.nnj.api.ShapeException;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Parallelism;
import org.nnj.api.spi.PluginKind;
import org.nnj.api.spi.Updater;

/**
 * The conformance suite every {@link Optimizer} test extends: supply the plugin and its stable name, and
 * optionally a few {@link #parameterVariants() parameter variants}; everything {@link PluginContract} checks
 * (name, parameters, configuration round trip, out-of-range values, discovery) comes with it.
 *
 * <pre>{@code
 * class SgdTest extends OptimizerContract {
 *     protected Optimizer optimizer() { return new Sgd(); }
 *     protected String expectedName() { return "sgd"; }
 *     protected List<Map<String, Object>> parameterVariants() { return List.of(Map.of("momentum", 0.9)); }
 * }
 * }</pre>
 *
 * <p>What it adds, for the defaults and for every variant:
 * <ul>
 *   <li>the name is the expected one (saved models refer to it) and {@code learningRate()} is the {@code lr}
 *       parameter;</li>
 *   <li>float32 agrees with float64 to float rounding over a few steps;</li>
 *   <li>two updaters of one optimizer share no state; {@link Updater#reset()} restores the fresh behaviour;
 *       restoring {@link Updater#state()} into a fresh updater continues bit-identically (checkpoint and
 *       resume), also before the first step; {@code state()} lists the same tensors before and after a
 *       step;</li>
 *   <li>a zero gradient leaves the parameters unchanged (when no weight decay is configured, see
 *       {@link #zeroGradientIsNoOp}), a learning rate of 0 leaves them unchanged, and updates decrease a
 *       convex quadratic;</li>
 *   <li>parameter views at an offset inside a larger array are updated exactly like stand-alone ones and
 *       nothing outside the view is written; parameters or gradients of the wrong size are refused with a
 *       {@link ShapeException}, and matrices of the other precision with an {@link IllegalArgumentException}
 *       (as {@link Updater#update} documents).</li>
 * </ul>
 * An updater that keeps its state in nn-api's {@link org.nnj.api.spi.UpdaterState} (the built-ins do) gets the
 * state handling, the step counter and those exceptions right by construction and writes only its loop; see
 * {@code Adamax} in {@code nn-plugin-example}.
 * Inputs are seeded and rounded to float, so both precisions see the same numbers. Nothing here measures time
 * or allocation.
 */
@API(status = API.Status.STABLE)
public abstract class OptimizerContract extends PluginContract<Optimizer> {
    /** An odd size, so loops that handle several elements at a time must get their tails right. */
    private static final int SIZE = 13;
    private static final int STEPS = 4;

    /** A fresh instance of the optimizer under test, with default parameters. */
    protected abstract Optimizer optimizer();

    /** The name saved models refer to; it must never change. */
    protected abstract String expectedName();

    @Override
    protected final Optimizer plugin() {
        return optimizer();
    }

    @Override
    protected final PluginKind<Optimizer> kind() {
        return PluginKind.OPTIMIZER;
    }

    /**
     * Whether a zero gradient must leave the parameters of {@code optimizer} unchanged. By default: when the
     * optimizer has no {@code weight_decay} parameter or it is 0.
     */
    protected boolean zeroGradientIsNoOp(Optimizer optimizer) {
        Config c = optimizer.config();
        return !c.has("weight_decay") || c.real("weight_decay") == 0;
    }

    /** Same parameters and gradients for a few steps give the same bits. */
    @Override
    protected void assertSameBehaviour(Optimizer expected, Optimizer actual, ContractFailures failures) {
        if (expected.learningRate() != actual.learningRate()) {
            failures.add("learningRate() " + actual.learningRate() + " after the round trip, expected "
                    + expected.learningRate());
        }
        for (Precision precision : Precision.values()) {
            Run a = new Run(expected, precision, 21);
            Run b = new Run(actual, precision, 21);
            for (int s = 0; s < STEPS; s++) {
                a.step();
                b.step();
            }
            int i = Mats.firstDifference(a.params.toDoubleArray(), b.params.toDoubleArray());
            if (i >= 0) {
                failures.add(precision.id() + " element " + i + " after " + STEPS + " steps: "
                        + b.params.getFlat(i) + ", expected " + a.params.getFlat(i));
            }
        }
    }

    @Test
    public void nameIsTheExpectedOne() {
        assertEquals(expectedName(), optimizer().name(), "name of " + optimizer().getClass().getName()
                + " (saved models refer to it, so it must not change)");
    }

    @Test
    public void learningRateIsTheLrParameter() {
        for (Optimizer o : instances()) {
            assertTrue(o.learningRate() > 0 && Double.isFinite(o.learningRate()),
                    describe(o) + ": learningRate() must be finite and > 0, found " + o.learningRate());
            if (o.config().has("lr")) {
                assertEquals(o.config().real("lr"), o.learningRate(), describe(o) + ": learningRate() vs lr");
            }
        }
    }

    // ---------------------------------------------------------------- the updater

    @Test
    public void float32AgreesWithFloat64() {
        ContractFailures failures = new ContractFailures(describe(optimizer()));
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
    public void updatersShareNoState() {
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

    /**
     * An updater handed a {@link Parallelism} (the trainer hands it the framework's matrix-multiply threads) gives
     * the same bits whoever runs which range, in whatever order: checked over 3 steps on a vector large enough to
     * be split (150,000 elements) with the ranges run in order, in reverse order, and on three pool threads.
     */
    @Test
    public void splittingTheUpdateOverThreadsChangesNothing() throws InterruptedException {
        int size = 150_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            Parallelism reversed = (n, chunk, body) -> {
                for (int from = (n - 1) / chunk * chunk; from >= 0; from -= chunk) {
                    body.run(from, Math.min(n, from + chunk));
                }
            };
            Parallelism threads = (n, chunk, body) -> {
                List<java.util.concurrent.Future<?>> parts = new ArrayList<>();
                for (int from = 0; from < n; from += chunk) {
                    int f = from;
                    parts.add(pool.submit(() -> body.run(f, Math.min(n, f + chunk))));
                }
                for (java.util.concurrent.Future<?> part : parts) {
                    try {
                        part.get();
                    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            for (Optimizer o : instances()) {
                for (Precision precision : Precision.values()) {
                    Mat serial = null;
                    for (Parallelism p : List.of(Parallelism.SERIAL, reversed, threads)) {
                        Random r = new Random(77);
                        Mat params = Mats.of(precision, Mats.uniform(r, 1, size, -1, 1));
                        Updater u = o.newUpdater(size, precision, p);
                        for (int step = 0; step < 3; step++) {
                            u.update(params, Mats.of(precision, Mats.uniform(r, 1, size, -2, 2)), o.learningRate());
                        }
                        if (serial == null) {
                            serial = params;
                            continue;
                        }
                        double[] e = serial.toDoubleArray();
                        double[] a = params.toDoubleArray();
                        int i = Mats.firstDifference(e, a);
                        if (i >= 0) {
                            fail(o + " " + precision.id() + ": with the update split " + (p == reversed
                                    ? "in reverse order" : "over three threads") + ", element " + i + " is " + a[i]
                                    + " after 3 steps, but " + e[i] + " when run in one piece; each range must "
                                    + "touch only its own elements");
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    public void resetRestoresTheFreshBehaviour() {
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
    public void checkpointRestoresIntoAFreshUpdater() {
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
    public void stateNamesAreUniqueAndStable() {
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
    public void zeroGradientOrZeroRateLeavesParametersUnchanged() {
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
    public void decreasesAConvexQuadratic() {
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
    public void viewsAtAnOffsetAreUpdatedInPlaceOnly() {
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
    public void wrongSizeOrPrecisionIsRejected() {
        Optimizer o = optimizer();
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
