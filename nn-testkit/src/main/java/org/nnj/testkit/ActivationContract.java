package org.nnj.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.ShapeException;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.PluginKind;

/**
 * The contract every {@link Activation} must meet. A plugin's test extends it and supplies the instance:
 *
 * <pre>{@code
 * class SwishTest extends ActivationContract {
 *     protected Activation activation() { return new Swish(); }
 * }
 * }</pre>
 *
 * It checks, for the default instance and each {@link #parameterVariants() parameter variant}:
 * <ul>
 *   <li>{@code backward} (the vector-Jacobian product, with a random upstream gradient) against float64
 *       central differences of {@code forward} over a whole batch: at random points, at 0 and at large
 *       {@code |z|}, and right next to each {@link #edgePoints declared kink}; at a kink itself the analytic
 *       derivative must lie between the two one-sided derivatives (usually it is one of them). Relative error below 1e-6
 *       ({@link #tolerance()}). Skipped, with forward still checked, when {@code differentiable()} is false;
 *   <li>batch rows equal rows computed one at a time, bit for bit; float32 agrees with float64;
 *   <li>no hidden state: the same input twice gives the same bits, inputs are left untouched, in-place use
 *       ({@code z == a}, {@code gradA == gradZ}) works, and several threads sharing the instance agree;
 *   <li>outputs lie in [{@code minOutput()}, {@code maxOutput()}] and are never NaN, also for huge inputs;
 *   <li>mismatched shapes throw {@link ShapeException} naming both shapes;
 *   <li>and everything {@link PluginContract} checks: name, parameters, configuration round trip, discovery.
 * </ul>
 */
@API(status = API.Status.STABLE)
public abstract class ActivationContract extends PluginContract<Activation> {

    /** A fresh instance of the activation under test, with default parameters. */
    protected abstract Activation activation();

    @Override
    protected final Activation plugin() {
        return activation();
    }

    @Override
    protected final PluginKind<Activation> kind() {
        return PluginKind.ACTIVATION;
    }

    /**
     * Inputs where {@code instance} is not differentiable (kinks such as 0 for relu, or the bounds of a
     * piecewise-linear ramp). The gradient check skips these exact points, checks right next to them, and
     * requires the derivative there to lie between the one-sided derivatives. None by default.
     */
    protected List<Double> edgePoints(Activation instance) {
        return List.of();
    }

    /** How close analytic and numerical derivatives must be. */
    protected GradientCheck.Tolerance tolerance() {
        return GradientCheck.Tolerance.DEFAULT;
    }

    /**
     * The first step of the gradient checks' central differences ({@link GradientCheck#DEFAULT_STEP} unless a test
     * sets it; halved distances to declared kinks still apply); a mismatch is re-checked with steps 10, 100 and
     * 1000 times smaller before it is reported (see {@link GradientCheck}).
     */
    protected double gradientStep() {
        return GradientCheck.DEFAULT_STEP;
    }

    /** Relative tolerance of float32 against float64, scaled by each matrix's largest value. */
    protected double float32Tolerance() {
        return 1e-5;
    }

    /** Columns of the test batches (the row length, which matters for row-wise activations). */
    protected int width() {
        return 5;
    }

    /** Random pre-activations; normal with standard deviation 2 by default. */
    protected double[][] sampleInputs(Random random, int rows, int cols) {
        return Mats.gaussian(random, rows, cols, 2.0);
    }

    /** Large inputs at which the gradient is checked. */
    protected double[] largeInputs() {
        return new double[] {10, -10, 40, -40, 1e3, -1e3, 1e6, -1e6};
    }

    /** Huge inputs at which outputs must stay in range and not be NaN. */
    protected double[] hugeInputs() {
        return new double[] {0, 1e3, -1e3, 1e6, -1e6, 1e30, -1e30, Float.MAX_VALUE, -Float.MAX_VALUE};
    }

    // ---------------------------------------------------------------- gradients

    @Test
    public void backwardMatchesCentralDifferencesAtRandomPoints() {
        assumeDifferentiable();
        for (Activation a : instances()) {
            Random rnd = random("gradient-random");
            double[][] z = sampleInputs(rnd, 7, width());
            ContractFailures f = new ContractFailures(describe(a));
            checkGradient(a, z, Mats.gaussian(rnd, z.length, width(), 1.0), f);
            f.assertNone("backward vs central differences at random points");
        }
    }

    @Test
    public void backwardMatchesCentralDifferencesAtZeroAndLargeInputs() {
        assumeDifferentiable();
        List<double[]> rows = new ArrayList<>();
        rows.add(new double[width()]);
        double[] large = largeInputs();
        for (double l : large) {
            rows.add(fill(l));
            rows.add(fill(l, -l, 0, l / 2, -l / 2));
        }
        double[][] z = rows.toArray(new double[0][]);
        for (Activation a : instances()) {
            ContractFailures f = new ContractFailures(describe(a));
            checkGradient(a, z, Mats.gaussian(random("gradient-large"), z.length, width(), 1.0), f);
            f.assertNone("backward vs central differences at 0 and large |z|");
        }
    }

    @Test
    public void backwardMatchesCentralDifferencesNextToKinksAndIsOneSidedAtThem() {
        assumeDifferentiable();
        List<Activation> instances = instances();
        Assumptions.assumeTrue(instances.stream().anyMatch(a -> !edgePoints(a).isEmpty()),
                "no kinks declared (a test overrides edgePoints to declare them)");
        for (Activation a : instances) {
            List<Double> edges = edgePoints(a);
            ContractFailures f = new ContractFailures(describe(a));
            Random rnd = random("gradient-kinks");
            for (double k : edges) {
                double s = Math.max(1, Math.abs(k));
                double[][] z = {fill(k - 1e-3 * s, k + 1e-3 * s, k - 1e-6 * s, k + 1e-6 * s, k)};
                double[][] g = Mats.gaussian(rnd, 1, width(), 1.0);
                checkGradient(a, z, g, f);
                checkOneSided(a, z[0], g[0], k, f);
            }
            f.assertNone("backward next to and at declared kinks " + edges);
        }
    }

    private void assumeDifferentiable() {
        Assumptions.assumeTrue(activation().differentiable(),
                activation().name() + " declares differentiable() == false: no gradient checks");
    }

    private double[] fill(double... pattern) {
        double[] row = new double[width()];
        for (int i = 0; i < row.length; i++) {
            row[i] = pattern[i % pattern.length];
        }
        return row;
    }

    /** Compares backward() on the whole batch with central differences of forward(), element by element. */
    private void checkGradient(Activation act, double[][] z, double[][] g, ContractFailures f) {
        F64Mat zm = Mats.f64(z);
        Mat gz = backward(act, zm, forward(act, zm), Mats.f64(g));
        List<Double> edges = edgePoints(act);
        for (int r = 0; r < z.length; r++) {
            for (int c = 0; c < z[r].length; c++) {
                double x = z[r][c];
                double dist = distance(x, edges);
                if (dist <= 1e-12 * Math.max(1, Math.abs(x))) {
                    continue;
                }
                GradientCheck.Comparison cmp = GradientCheck.compare(vjpQuotient(act, z[r], g[r], c, x),
                        GradientCheck.firstStep(gradientStep(), dist), gz.get(r, c), tolerance());
                if (!cmp.agrees()) {
                    f.add(point(act, z[r], g[r], r, c) + ": " + cmp.mismatch()
                            + perElement(act, cmp.value(), gz.get(r, c), g[r][c]));
                }
            }
        }
    }

    private void checkOneSided(Activation act, double[] zRow, double[] gRow, double k, ContractFailures f) {
        int c;
        for (c = 0; c < zRow.length; c++) {
            if (zRow[c] == k) {
                break;
            }
        }
        if (c == zRow.length) {
            return;
        }
        double analytic = backward(act, Mats.f64(new double[][] {zRow}), forward(act, Mats.f64(new double[][] {zRow})),
                Mats.f64(new double[][] {gRow})).get(0, c);
        double left = oneSidedVjp(act, zRow, gRow, c, k, -1);
        double right = oneSidedVjp(act, zRow, gRow, c, k, 1);
        if (!GradientCheck.withinOneSided(analytic, left, right, tolerance())) {
            f.add(point(act, zRow, gRow, 0, c) + ", exactly at the kink: backward gives " + analytic
                    + ", which does not lie between the left derivative " + left + " and the right derivative "
                    + right + " (central differences); choose one of them (or a value between) and document it");
        }
    }

    private static double distance(double x, List<Double> edges) {
        double d = Double.POSITIVE_INFINITY;
        for (double e : edges) {
            d = Math.min(d, Math.abs(x - e));
        }
        return d;
    }

    /** The one-sided derivative of sum_j g_j f(z)_j with respect to z[c] at z[c] = k, for one row. */
    private static double oneSidedVjp(Activation act, double[] zRow, double[] gRow, int c, double k, int direction) {
        int n = zRow.length;
        F64Mat zm = new F64Mat(zRow.clone(), 0, 1, n);
        F64Mat am = new F64Mat(1, n);
        return GradientCheck.oneSided(t -> {
            zm.data()[c] = t;
            act.forward(zm, am);
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += gRow[j] * am.data()[j];
            }
            return s;
        }, k, direction, GradientCheck.kinkStep(k)).value();
    }

    /** The central quotient of sum_j g_j f(z)_j with respect to z[c] at z[c] = x, for one row, for a step h. */
    private static java.util.function.DoubleUnaryOperator vjpQuotient(Activation act, double[] zRow, double[] gRow,
                                                                       int c, double x) {
        int n = zRow.length;
        F64Mat zp = new F64Mat(zRow.clone(), 0, 1, n);
        F64Mat zm = new F64Mat(zRow.clone(), 0, 1, n);
        F64Mat ap = new F64Mat(1, n);
        F64Mat am = new F64Mat(1, n);
        return h -> {
            double xp = x + h;
            double xm = x - h;
            zp.data()[c] = xp;
            zm.data()[c] = xm;
            act.forward(zp, ap);
            act.forward(zm, am);
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += gRow[j] * (ap.data()[j] - am.data()[j]);
            }
            return s / (xp - xm);
        };
    }

    private String point(Activation act, double[] zRow, double[] gRow, int r, int c) {
        return "dC/dz[" + r + "][" + c + "] at z[" + r + "][" + c + "] = " + zRow[c] + " (row z = "
                + Mats.format(zRow) + ", upstream gradient dC/da = " + Mats.format(gRow) + ")";
    }

    private static String perElement(Activation act, double numeric, double analytic, double g) {
        if (!(act instanceof ElementwiseActivation) || g == 0) {
            return "";
        }
        return "; that is f'(z) = " + numeric / g + " numerically, " + analytic / g + " from backward";
    }

    static Mat forward(Activation act, Mat z) {
        Mat a = Mats.zerosLike(z);
        act.forward(z, a);
        return a;
    }

    static Mat backward(Activation act, Mat z, Mat a, Mat g) {
        Mat gz = Mats.zerosLike(z);
        act.backward(z, a, g, gz);
        return gz;
    }

    // ---------------------------------------------------------------- batch, precision, state

    @Test
    public void batchRowsEqualRowsComputedOneAtATime() {
        for (Activation act : instances()) {
            ContractFailures f = new ContractFailures(describe(act));
            Random rnd = random("per-sample");
            double[][] z = sampleInputs(rnd, 6, width());
            double[][] g = Mats.gaussian(rnd, 6, width(), 1.0);
            for (Precision p : Precision.values()) {
                Mat zb = Mat.of(p, z);
                Mat ab = forward(act, zb);
                Mat gzb = act.differentiable() ? backward(act, zb, ab, Mat.of(p, g)) : null;
                for (int r = 0; r < z.length; r++) {
                    Mat zr = Mat.of(p, new double[][] {z[r]});
                    Mat ar = forward(act, zr);
                    compareRow(f, p + " forward", ab, ar, r, z[r]);
                    if (gzb != null) {
                        compareRow(f, p + " backward", gzb, backward(act, zr, ar, Mat.of(p, new double[][] {g[r]})), r, z[r]);
                    }
                }
            }
            f.assertNone("batch equals per-sample");
        }
    }

    private static void compareRow(ContractFailures f, String what, Mat batch, Mat single, int r, double[] z) {
        double[] b = batch.rowToDoubleArray(r);
        double[] s = single.rowToDoubleArray(0);
        int i = Mats.firstDifference(b, s);
        if (i >= 0) {
            f.add(what + " of row " + r + " (z = " + Mats.format(z) + "): column " + i + " is " + b[i]
                    + " in the batch but " + s[i] + " computed alone; rows must not influence each other");
        }
    }

    @Test
    public void float32AgreesWithFloat64() {
        for (Activation act : instances()) {
            ContractFailures f = new ContractFailures(describe(act));
            Random rnd = random("float32");
            double[][] z = roundToFloat(sampleInputs(rnd, 8, width()));
            double[][] g = roundToFloat(Mats.gaussian(rnd, 8, width(), 1.0));
            Mat z64 = Mat.of(Precision.FLOAT64, z);
            Mat z32 = Mat.of(Precision.FLOAT32, z);
            Mat a64 = forward(act, z64);
            Mat a32 = forward(act, z32);
            compareFloat(f, "forward", z, a64, a32, float32Tolerance());
            if (act.differentiable()) {
                compareFloat(f, "backward", z, backward(act, z64, a64, Mat.of(Precision.FLOAT64, g)),
                        backward(act, z32, a32, Mat.of(Precision.FLOAT32, g)), float32Tolerance());
            }
            f.assertNone("float32 vs float64");
        }
    }

    static double[][] roundToFloat(double[][] x) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = new double[x[r].length];
            for (int c = 0; c < x[r].length; c++) {
                out[r][c] = (float) x[r][c];
            }
        }
        return out;
    }

    /** |x32 - x64| <= rtol * (|x64| + 0.1 * max |x64|): relative, with a floor set by the matrix's scale. */
    static void compareFloat(ContractFailures f, String what, double[][] in, Mat x64, Mat x32, double rtol) {
        double scale = 0.1 * Mats.maxAbs(x64.toDoubleArray());
        for (int r = 0; r < x64.rows(); r++) {
            for (int c = 0; c < x64.cols(); c++) {
                double d = x64.get(r, c);
                double s = x32.get(r, c);
                double tol = rtol * (Math.abs(d) + scale) + Float.MIN_NORMAL;
                if (!(Math.abs(d - s) <= tol) && !(Double.isNaN(d) && Double.isNaN(s))) {
                    f.add(what + " at [" + r + "][" + c + "] (input row " + Mats.format(in[r]) + "): float64 gives "
                            + d + ", float32 gives " + s + " (|difference| " + Math.abs(d - s) + " > " + tol + ")");
                }
            }
        }
    }

    @Test
    public void sameInputGivesSameOutputAndInputsAreLeftAlone() {
        for (Activation act : instances()) {
            ContractFailures f = new ContractFailures(describe(act));
            Random rnd = random("state");
            double[][] z = sampleInputs(rnd, 5, width());
            double[][] g = Mats.gaussian(rnd, 5, width(), 1.0);
            for (Precision p : Precision.values()) {
                Mat zm = Mat.of(p, z);
                Mat gm = Mat.of(p, g);
                Mat a1 = forward(act, zm);
                Mat a2 = forward(act, zm);
                same(f, p + " forward called twice", a1, a2);
                same(f, p + " forward's input z", Mat.of(p, z), zm);
                Mat inPlace = Mats.copy(zm);
                act.forward(inPlace, inPlace);
                same(f, p + " forward in place (z and a the same matrix)", a1, inPlace);
                if (act.differentiable()) {
                    Mat aCopy = Mats.copy(a1);
                    Mat gz1 = backward(act, zm, a1, gm);
                    Mat gz2 = backward(act, zm, a1, gm);
                    same(f, p + " backward called twice", gz1, gz2);
                    same(f, p + " backward's input z", Mat.of(p, z), zm);
                    same(f, p + " backward's input a", aCopy, a1);
                    same(f, p + " backward's input gradA", Mat.of(p, g), gm);
                    Mat shared = Mats.copy(gm);
                    act.backward(zm, a1, shared, shared);
                    same(f, p + " backward in place (gradA and gradZ the same matrix)", gz1, shared);
                }
            }
            f.assertNone("no hidden state");
        }
    }

    private static void same(ContractFailures f, String what, Mat expected, Mat actual) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        int i = Mats.firstDifference(e, a);
        if (i >= 0) {
            f.add(what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
        }
    }

    /**
     * One instance serves every layer and thread, so it must keep no state: a computation must write none of its
     * fields (checked by looking at them, which shows a memo cache or a counter every time), and 4 threads
     * sharing it, each on inputs of its own (random rows and rows of one repeated value), get what each gets
     * alone.
     */
    @Test
    public void threadsSharingOneInstanceGetIdenticalResults() {
        Activation act = activation();
        ContractFailures f = new ContractFailures(describe(act));
        int threads = 4;
        double[][][] z = new double[threads][][];
        double[][][] g = new double[threads][][];
        for (int t = 0; t < threads; t++) {
            Random rnd = random("threads" + t);
            double[][] rows = sampleInputs(rnd, 16, width());
            z[t] = java.util.Arrays.copyOf(rows, 20);
            for (int r = 16; r < 20; r++) {
                z[t][r] = fill(rows[r - 16][0]);
            }
            g[t] = Mats.gaussian(rnd, 20, width(), 1.0);
        }
        for (String w : stateWrittenBy(act, () -> threadResult(act, z[0], g[0]))) {
            f.add("forward or backward wrote to the instance: " + w + "; an activation must keep no state (one "
                    + "instance serves every layer and thread, so one thread would see what another left)");
        }
        differencesAcrossThreads(t -> () -> threadResult(act, z[t], g[t]), threads, 25).forEach(f::add);
        f.assertNone("identical results from 4 threads sharing one instance (activations must be stateless)");
    }

    private static double[] threadResult(Activation act, double[][] z, double[][] g) {
        double[] out = new double[0];
        for (Precision p : Precision.values()) {
            Mat zm = Mat.of(p, z);
            Mat a = forward(act, zm);
            out = concat(out, a.toDoubleArray());
            if (act.differentiable()) {
                out = concat(out, backward(act, zm, a, Mat.of(p, g)).toDoubleArray());
            }
        }
        return out;
    }

    static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---------------------------------------------------------------- range and shapes

    @Test
    public void outputsStayInRangeAndAreNeverNaNEvenForHugeInputs() {
        for (Activation act : instances()) {
            ContractFailures f = new ContractFailures(describe(act));
            double lo = act.minOutput();
            double hi = act.maxOutput();
            if (!(lo <= hi)) {
                f.add("minOutput() " + lo + " is not <= maxOutput() " + hi);
            }
            double[] huge = hugeInputs();
            List<double[]> rows = new ArrayList<>();
            for (int start = 0; start < huge.length; start += width()) {
                double[] row = new double[width()];
                for (int j = 0; j < row.length; j++) {
                    row[j] = huge[(start + j) % huge.length];
                }
                rows.add(row);
            }
            for (double v : huge) {
                rows.add(fill(v));
            }
            rows.addAll(List.of(sampleInputs(random("range"), 8, width())));
            double[][] all = rows.toArray(new double[0][]);
            for (Precision p : Precision.values()) {
                Mat zm = Mat.of(p, all);
                Mat a = forward(act, zm);
                // in float32 a bound itself may round outward by one float step
                double loP = p == Precision.FLOAT64 ? lo : lo - Math.ulp((float) lo);
                double hiP = p == Precision.FLOAT64 ? hi : hi + Math.ulp((float) hi);
                for (int i = 0; i < a.size(); i++) {
                    double v = a.getFlat(i);
                    boolean infOk = v == Double.POSITIVE_INFINITY ? hi == v : v == Double.NEGATIVE_INFINITY && lo == v;
                    if (Double.isNaN(v) || v < loP || v > hiP || Double.isInfinite(v) && !infOk) {
                        f.add(p + " forward at z = " + zm.getFlat(i) + " gives " + v + ", outside the declared range ["
                                + lo + ", " + hi + "]" + (Double.isNaN(v) ? " (NaN)" : ""));
                    }
                }
                if (act.differentiable()) {
                    Mat gz = backward(act, zm, a, Mat.of(p, Mats.gaussian(random("range-g"), all.length, width(), 1.0)));
                    for (int i = 0; i < gz.size(); i++) {
                        double v = gz.getFlat(i);
                        if (Double.isNaN(v) || Double.isInfinite(v) && Double.isFinite(lo) && Double.isFinite(hi)) {
                            f.add(p + " backward at z = " + zm.getFlat(i) + " gives " + v
                                    + " (a bounded activation must have a finite gradient)");
                        }
                    }
                }
            }
            f.assertNone("outputs in [minOutput, maxOutput] and never NaN");
        }
    }

    @Test
    public void mismatchedShapesAreRejectedNamingBothShapes() {
        Activation act = activation();
        ContractFailures f = new ContractFailures(describe(act));
        Mat z = new F64Mat(3, width());
        Mat wrong = new F64Mat(3, width() + 1);
        String zs = "3 x " + width();
        String ws = "3 x " + (width() + 1);
        expectShapeError(f, "forward(z " + zs + ", a " + ws + ")", () -> act.forward(z, wrong), zs, ws);
        if (act.differentiable()) {
            Mat a = forward(act, z);
            expectShapeError(f, "backward(.., gradA " + ws + ", ..)", () -> act.backward(z, a, wrong, new F64Mat(3, width())), zs, ws);
            expectShapeError(f, "backward(.., gradZ " + ws + ")", () -> act.backward(z, a, new F64Mat(3, width()), wrong), zs, ws);
        }
        f.assertNone("shape checks");
    }

    static void expectShapeError(ContractFailures f, String call, Runnable r, String shape1, String shape2) {
        try {
            r.run();
            f.add(call + " did not throw; expected a ShapeException naming " + shape1 + " and " + shape2);
        } catch (ShapeException e) {
            String m = String.valueOf(e.getMessage());
            if (!m.contains(shape1) || !m.contains(shape2)) {
                f.add(call + " threw a ShapeException that does not name both shapes " + shape1 + " and " + shape2
                        + ": " + m);
            }
        } catch (RuntimeException e) {
            f.add(call + " threw " + e + "; expected a ShapeException naming " + shape1 + " and " + shape2);
        }
    }

    @Override
    protected void assertSameBehaviour(Activation expected, Activation actual, ContractFailures failures) {
        double[][] z = sampleInputs(random("round-trip"), 4, width());
        double[][] g = Mats.gaussian(random("round-trip-g"), 4, width(), 1.0);
        Mat zm = Mats.f64(z);
        Mat a1 = forward(expected, zm);
        Mat a2 = forward(actual, zm);
        same(failures, "forward after the round trip", a1, a2);
        if (expected.differentiable()) {
            same(failures, "backward after the round trip", backward(expected, zm, a1, Mats.f64(g)),
                    backward(actual, zm, a2, Mats.f64(g)));
        }
        if (expected.differentiable() != actual.differentiable() || expected.minOutput() != actual.minOutput()
                || expected.maxOutput() != actual.maxOutput()) {
            failures.add("differentiable/minOutput/maxOutput changed in the round trip");
        }
    }
}
