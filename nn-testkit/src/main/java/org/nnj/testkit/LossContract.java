package org.nnj.testkit;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.Loss;
import org.nnj.api.spi.PluginKind;

/**
 * The contract every {@link Loss} must meet. A plugin's test extends it and supplies the instance, and
 * where the loss needs them, outputs and targets of the right kind (probabilities, one-hot rows):
 *
 * <pre>{@code
 * class HuberTest extends LossContract {
 *     protected Loss loss() { return new Huber(); }
 *     protected double[] kinks(double target) { return new double[] {target - 1, target + 1}; }
 * }
 * }</pre>
 *
 * It checks, for the default instance and each {@link #parameterVariants() parameter variant}:
 * <ul>
 *   <li>{@code gradient()} against float64 central differences of {@code loss()} over the whole batch, so the
 *       {@code 1/rows} of the batch mean is checked too: at random points, at {@link #extremeOutputs()}, right
 *       next to each {@link #kinks declared kink} and, at the kink, between the one-sided derivatives;
 *   <li>for each of {@link #pairedActivations()}: when {@code gradientWrtPreActivation} says it applies, its
 *       result against central differences of {@code loss(activation(z))} with respect to {@code z}; when it
 *       does not, that it left {@code gradZ} alone;
 *   <li>the batch loss is the mean of the per-sample losses and each gradient row is the per-sample gradient
 *       divided by the number of rows; float32 agrees with float64;
 *   <li>no hidden state (same input, same bits; inputs untouched; threads sharing the instance agree);
 *   <li>finite loss and gradient at {@link #saturatedOutputs()}; targets or gradients of the wrong shape throw
 *       a {@link org.nnj.api.ShapeException} naming both shapes;
 *   <li>and everything {@link PluginContract} checks: name, parameters, configuration round trip, discovery.
 * </ul>
 */
@API(status = API.Status.STABLE)
public abstract class LossContract extends PluginContract<Loss> {
    private static final int ROWS = 6;

    /** A fresh instance of the loss under test, with default parameters. */
    protected abstract Loss loss();

    @Override
    protected final Loss plugin() {
        return loss();
    }

    @Override
    protected final PluginKind<Loss> kind() {
        return PluginKind.LOSS;
    }

    /** Outputs per sample. */
    protected int width() {
        return 4;
    }

    /** Network outputs the loss is meant for; uniform in [-2, 2) by default. */
    protected double[][] sampleOutputs(Random random, int rows, int cols) {
        return Mats.uniform(random, rows, cols, -2, 2);
    }

    /** Targets the loss is meant for; uniform in [-2, 2) by default. */
    protected double[][] sampleTargets(Random random, int rows, int cols) {
        return Mats.uniform(random, rows, cols, -2, 2);
    }

    /**
     * Output values where the per-element loss is not differentiable for {@code target} (mae: the target; a
     * loss that clamps its output: the clamp bounds). Numerical steps never cross them.
     */
    protected double[] kinks(double target) {
        return new double[0];
    }

    /** Outputs at which the gradient is also checked numerically. */
    protected double[] extremeOutputs() {
        return new double[] {0, 1e3, -1e3, 1e6, -1e6};
    }

    /** Outputs at which loss and gradient must merely be finite (the edges of a clamp, say). */
    protected double[] saturatedOutputs() {
        return extremeOutputs();
    }

    /** Output activations to check {@code gradientWrtPreActivation} with; none by default. */
    protected List<Activation> pairedActivations() {
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

    // ---------------------------------------------------------------- gradients

    @Test
    public void gradientMatchesCentralDifferencesAtRandomPoints() {
        for (Loss l : instances()) {
            Random rnd = random("loss-random");
            ContractFailures f = new ContractFailures(describe(l));
            checkGradient(l, sampleOutputs(rnd, ROWS, width()), sampleTargets(rnd, ROWS, width()), f);
            f.assertNone("gradient vs central differences of the batch loss at random points");
        }
    }

    @Test
    public void gradientMatchesCentralDifferencesAtExtremeOutputs() {
        for (Loss l : instances()) {
            ContractFailures f = new ContractFailures(describe(l));
            Random rnd = random("loss-extreme");
            double[][] y = sampleTargets(rnd, ROWS, width());
            double[] ext = extremeOutputs();
            for (int i = 0; i < ext.length; i++) {
                // one extreme element per batch, so its huge loss term does not drown the others' derivatives
                double[][] a = sampleOutputs(rnd, ROWS, width());
                int r = i % ROWS;
                int c = i % width();
                a[r][c] = ext[i];
                checkElement(l, a, y, r, c, gradient(l, Mats.f64(a), Mats.f64(y)).get(r, c), f);
            }
            f.assertNone("gradient vs central differences at extreme outputs " + Mats.format(ext));
        }
    }

    @Test
    public void gradientMatchesNextToKinksAndIsOneSidedAtThem() {
        double[][] y = sampleTargets(random("loss-kinks"), ROWS, width());
        Assumptions.assumeTrue(kinks(y[0][0]).length > 0, "no kinks declared (a test overrides kinks())");
        for (Loss l : instances()) {
            ContractFailures f = new ContractFailures(describe(l));
            for (double k : kinks(y[0][0])) {
                double s = Math.max(1, Math.abs(k));
                for (double off : new double[] {-1e-3 * s, 1e-3 * s, -1e-6 * s, 1e-6 * s}) {
                    double[][] a = sampleOutputs(random("loss-kinks-a"), ROWS, width());
                    a[0][0] = k + off;
                    checkGradient(l, a, y, f);
                }
                double[][] a = sampleOutputs(random("loss-kinks-a"), ROWS, width());
                a[0][0] = k;
                double analytic = gradient(l, Mats.f64(a), Mats.f64(y)).get(0, 0);
                F64Mat am = Mats.f64(a);
                F64Mat ym = Mats.f64(y);
                DoubleUnaryOperator at = t -> {
                    am.set(0, 0, t);
                    return l.loss(am, ym);
                };
                double left = GradientCheck.oneSided(at, k, -1, GradientCheck.kinkStep(k)).value();
                double right = GradientCheck.oneSided(at, k, 1, GradientCheck.kinkStep(k)).value();
                if (!GradientCheck.withinOneSided(analytic, left, right, tolerance())) {
                    f.add("dC/da[0][0] exactly at the kink a = " + k + " (target " + y[0][0] + "): gradient gives "
                            + analytic + ", not between the left derivative " + left + " and the right one " + right);
                }
            }
            f.assertNone("gradient next to and at declared kinks");
        }
    }

    private void checkGradient(Loss l, double[][] a, double[][] y, ContractFailures f) {
        Mat g = gradient(l, Mats.f64(a), Mats.f64(y));
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a[r].length; c++) {
                checkElement(l, a, y, r, c, g.get(r, c), f);
            }
        }
    }

    private void checkElement(Loss l, double[][] a, double[][] y, int r, int c, double analytic, ContractFailures f) {
        double x = a[r][c];
        double dist = Double.POSITIVE_INFINITY;
        for (double k : kinks(y[r][c])) {
            dist = Math.min(dist, Math.abs(x - k));
        }
        if (dist <= 1e-12 * Math.max(1, Math.abs(x))) {
            return;
        }
        F64Mat ap = Mats.f64(a);
        F64Mat ym = Mats.f64(y);
        String problem = GradientCheck.compareDerivative(t -> {
            ap.set(r, c, t);
            return l.loss(ap, ym);
        }, x, GradientCheck.firstStep(gradientStep(), dist), analytic, tolerance()).mismatch();
        if (problem != null) {
            f.add("dC/da[" + r + "][" + c + "] of the batch loss (" + a.length + " rows) at output a = " + x
                    + ", target y = " + y[r][c] + " (row a = " + Mats.format(a[r]) + ", y = "
                    + Mats.format(y[r]) + "): " + problem);
        }
    }

    static Mat gradient(Loss l, Mat a, Mat y) {
        Mat g = Mats.zerosLike(a);
        l.gradient(a, y, g);
        return g;
    }

    @Test
    public void fusedGradientWrtPreActivationMatchesCentralDifferences() {
        Assumptions.assumeFalse(pairedActivations().isEmpty(), "no paired activations (a test overrides pairedActivations())");
        for (Loss l : instances()) {
            ContractFailures f = new ContractFailures(describe(l));
            for (Activation act : pairedActivations()) {
                Random rnd = random("fused");
                double[][] z = Mats.uniform(rnd, ROWS, width(), -4, 4);
                double[][] y = sampleTargets(rnd, ROWS, width());
                F64Mat zm = Mats.f64(z);
                Mat a = ActivationContract.forward(act, zm);
                Mat gz = new F64Mat(ROWS, width());
                gz.fill(Double.NaN);
                String with = "after activation " + act.name() + " " + act.config();
                if (!l.gradientWrtPreActivation(act, zm, a, Mats.f64(y), gz)) {
                    for (int i = 0; i < gz.size(); i++) {
                        if (!Double.isNaN(gz.getFlat(i))) {
                            f.add(with + ": gradientWrtPreActivation returned false but wrote into gradZ");
                            break;
                        }
                    }
                    continue;
                }
                for (int r = 0; r < ROWS; r++) {
                    for (int c = 0; c < width(); c++) {
                        int rr = r;
                        int cc = c;
                        F64Mat zp = Mats.f64(z);
                        Mat ap = Mats.zerosLike(zp);
                        F64Mat ym = Mats.f64(y);
                        String problem = GradientCheck.compareDerivative(t -> {
                            zp.set(rr, cc, t);
                            act.forward(zp, ap);
                            return l.loss(ap, ym);
                        }, z[r][c], gradientStep(), gz.get(r, c), tolerance()).mismatch();
                        if (problem != null) {
                            f.add(with + ", dC/dz[" + r + "][" + c + "] at z = " + z[r][c] + " (row z = " + Mats.format(z[r])
                                    + ", y = " + Mats.format(y[r]) + "): gradientWrtPreActivation " + problem);
                        }
                    }
                }
            }
            f.assertNone("fused gradient with respect to the pre-activation");
        }
    }

    // ---------------------------------------------------------------- batch, precision, state

    @Test
    public void batchLossIsTheMeanOfPerSampleLossesAndGradientRowsMatch() {
        for (Loss l : instances()) {
            ContractFailures f = new ContractFailures(describe(l));
            Random rnd = random("per-sample");
            double[][] a = sampleOutputs(rnd, ROWS, width());
            double[][] y = sampleTargets(rnd, ROWS, width());
            for (Precision p : Precision.values()) {
                double rel = p == Precision.FLOAT64 ? 1e-14 : 5e-7;
                Mat am = Mat.of(p, a);
                Mat ym = Mat.of(p, y);
                double batch = l.loss(am, ym);
                Mat g = gradient(l, am, ym);
                double sum = 0;
                for (int r = 0; r < ROWS; r++) {
                    Mat ar = Mat.of(p, new double[][] {am.rowToDoubleArray(r)});
                    Mat yr = Mat.of(p, new double[][] {ym.rowToDoubleArray(r)});
                    sum += l.loss(ar, yr);
                    Mat gr = gradient(l, ar, yr);
                    for (int c = 0; c < width(); c++) {
                        double expected = gr.get(0, c) / ROWS;
                        if (!(Math.abs(g.get(r, c) - expected) <= rel * Math.abs(expected) + Double.MIN_NORMAL)) {
                            f.add(p + " gradient[" + r + "][" + c + "] of the " + ROWS + "-row batch is " + g.get(r, c)
                                    + "; expected the single-row gradient " + gr.get(0, c) + " / " + ROWS + " = " + expected
                                    + " (row a = " + Mats.format(a[r]) + ", y = " + Mats.format(y[r]) + ")");
                        }
                    }
                }
                double mean = sum / ROWS;
                if (!(Math.abs(batch - mean) <= 1e-12 * Math.abs(mean) + Double.MIN_NORMAL)) {
                    f.add(p + " loss of the batch is " + batch + " but the mean of the per-sample losses is " + mean
                            + "; the loss must be the per-sample loss averaged over rows");
                }
            }
            f.assertNone("batch equals per-sample");
        }
    }

    @Test
    public void float32AgreesWithFloat64() {
        for (Loss l : instances()) {
            ContractFailures f = new ContractFailures(describe(l));
            Random rnd = random("float32");
            double[][] a = ActivationContract.roundToFloat(sampleOutputs(rnd, ROWS, width()));
            double[][] y = ActivationContract.roundToFloat(sampleTargets(rnd, ROWS, width()));
            double l64 = l.loss(Mat.of(Precision.FLOAT64, a), Mat.of(Precision.FLOAT64, y));
            double l32 = l.loss(Mat.of(Precision.FLOAT32, a), Mat.of(Precision.FLOAT32, y));
            if (!(Math.abs(l64 - l32) <= 1e-5 * Math.abs(l64) + 1e-30)) {
                f.add("loss: float64 gives " + l64 + ", float32 gives " + l32);
            }
            ActivationContract.compareFloat(f, "gradient", a, gradient(l, Mat.of(Precision.FLOAT64, a), Mat.of(Precision.FLOAT64, y)),
                    gradient(l, Mat.of(Precision.FLOAT32, a), Mat.of(Precision.FLOAT32, y)), 1e-5);
            f.assertNone("float32 vs float64");
        }
    }

    @Test
    public void sameInputGivesSameResultAndInputsAreLeftAlone() {
        for (Loss l : instances()) {
            ContractFailures f = new ContractFailures(describe(l));
            Random rnd = random("state");
            double[][] a = sampleOutputs(rnd, ROWS, width());
            double[][] y = sampleTargets(rnd, ROWS, width());
            for (Precision p : Precision.values()) {
                Mat am = Mat.of(p, a);
                Mat ym = Mat.of(p, y);
                double l1 = l.loss(am, ym);
                double l2 = l.loss(am, ym);
                if (!Mats.same(l1, l2)) {
                    f.add(p + " loss called twice gives " + l1 + " then " + l2);
                }
                double[] g1 = gradient(l, am, ym).toDoubleArray();
                double[] g2 = gradient(l, am, ym).toDoubleArray();
                int i = Mats.firstDifference(g1, g2);
                if (i >= 0) {
                    f.add(p + " gradient called twice: element " + i + " is " + g1[i] + " then " + g2[i]);
                }
                if (Mats.firstDifference(am.toDoubleArray(), Mat.of(p, a).toDoubleArray()) >= 0
                        || Mats.firstDifference(ym.toDoubleArray(), Mat.of(p, y).toDoubleArray()) >= 0) {
                    f.add(p + " loss or gradient modified its output or target argument");
                }
            }
            f.assertNone("no hidden state");
        }
    }

    /**
     * One instance serves every network and thread, so it must keep no state: a computation must write none of
     * its fields (checked by looking at them, which shows a memo cache or a counter every time), and 4 threads
     * sharing it, each on outputs and targets of its own, get what each gets alone.
     */
    @Test
    public void threadsSharingOneInstanceGetIdenticalResults() {
        Loss l = loss();
        ContractFailures f = new ContractFailures(describe(l));
        int threads = 4;
        double[][][] a = new double[threads][][];
        double[][][] y = new double[threads][][];
        for (int t = 0; t < threads; t++) {
            Random rnd = random("threads" + t);
            a[t] = sampleOutputs(rnd, 16, width());
            y[t] = sampleTargets(rnd, 16, width());
        }
        for (String w : stateWrittenBy(l, () -> threadResult(l, a[0], y[0]))) {
            f.add("loss or gradient wrote to the instance: " + w + "; a loss must keep no state (one instance "
                    + "serves every network and thread, so one thread would see what another left)");
        }
        differencesAcrossThreads(t -> () -> threadResult(l, a[t], y[t]), threads, 25).forEach(f::add);
        f.assertNone("identical results from 4 threads sharing one instance (losses must be stateless)");
    }

    private static double[] threadResult(Loss l, double[][] a, double[][] y) {
        double[] out = new double[0];
        for (Precision p : Precision.values()) {
            Mat am = Mat.of(p, a);
            Mat ym = Mat.of(p, y);
            out = ActivationContract.concat(out, new double[] {l.loss(am, ym)});
            out = ActivationContract.concat(out, gradient(l, am, ym).toDoubleArray());
        }
        return out;
    }

    // ---------------------------------------------------------------- extremes and shapes

    @Test
    public void saturatedOutputsGiveFiniteLossAndGradient() {
        for (Loss l : instances()) {
            ContractFailures f = new ContractFailures(describe(l));
            double[] sat = saturatedOutputs();
            double[][] y = sampleTargets(random("saturated"), ROWS, width());
            for (int shift = 0; shift < 2; shift++) {
                double[][] a = new double[ROWS][width()];
                for (int i = 0; i < ROWS * width(); i++) {
                    a[i / width()][i % width()] = sat[(i + shift) % sat.length];
                }
                for (Precision p : Precision.values()) {
                    Mat am = Mat.of(p, a);
                    Mat ym = Mat.of(p, y);
                    double v = l.loss(am, ym);
                    if (!Double.isFinite(v)) {
                        f.add(p + " loss is " + v + " for outputs " + Mats.format(am.toDoubleArray()));
                    }
                    Mat g = gradient(l, am, ym);
                    for (int i = 0; i < g.size(); i++) {
                        if (!Double.isFinite(g.getFlat(i))) {
                            f.add(p + " gradient is " + g.getFlat(i) + " at output " + am.getFlat(i) + ", target " + ym.getFlat(i));
                        }
                    }
                }
            }
            f.assertNone("finite loss and gradient at saturated outputs " + Mats.format(sat));
        }
    }

    @Test
    public void targetsAndGradientsOfTheWrongShapeAreRejectedNamingBothShapes() {
        Loss l = loss();
        ContractFailures f = new ContractFailures(describe(l));
        Mat a = Mats.f64(sampleOutputs(random("shape"), 3, width()));
        Mat wrong = new F64Mat(3, width() + 1);
        Mat tall = new F64Mat(4, width());
        String as = "3 x " + width();
        ActivationContract.expectShapeError(f, "loss(output " + as + ", target 3 x " + (width() + 1) + ")",
                () -> l.loss(a, wrong), as, "3 x " + (width() + 1));
        ActivationContract.expectShapeError(f, "loss(output " + as + ", target 4 x " + width() + ")",
                () -> l.loss(a, tall), as, "4 x " + width());
        ActivationContract.expectShapeError(f, "gradient(output " + as + ", target 3 x " + (width() + 1) + ", ..)",
                () -> l.gradient(a, wrong, new F64Mat(3, width())), as, "3 x " + (width() + 1));
        ActivationContract.expectShapeError(f, "gradient(output " + as + ", target " + as + ", gradOutput 3 x "
                + (width() + 1) + ")", () -> l.gradient(a, Mats.copy(a), wrong), as, "3 x " + (width() + 1));
        f.assertNone("shape checks");
    }

    @Override
    protected void assertSameBehaviour(Loss expected, Loss actual, ContractFailures failures) {
        Random rnd = random("round-trip");
        Mat a = Mats.f64(sampleOutputs(rnd, ROWS, width()));
        Mat y = Mats.f64(sampleTargets(rnd, ROWS, width()));
        if (!Mats.same(expected.loss(a, y), actual.loss(a, y))) {
            failures.add("loss after the round trip is " + actual.loss(a, y) + ", before " + expected.loss(a, y));
        }
        if (Mats.firstDifference(gradient(expected, a, y).toDoubleArray(), gradient(actual, a, y).toDoubleArray()) >= 0) {
            failures.add("gradient differs after the round trip");
        }
    }

    /** For subclasses: rows that each sum to 1, like softmax outputs or one-hot / smoothed targets. */
    protected static double[][] simplexRows(Random random, int rows, int cols, boolean oneHot) {
        double[][] out = new double[rows][cols];
        for (double[] row : out) {
            if (oneHot) {
                row[random.nextInt(cols)] = 1;
                continue;
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                row[c] = 0.05 + random.nextDouble();
                sum += row[c];
            }
            for (int c = 0; c < cols; c++) {
                row[c] /= sum;
            }
        }
        return out;
    }
}
