package org.nnj.testkit;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.apiguardian.api.API;

/**
 * Numerical derivatives in float64 for checking hand-written gradients, shared by every contract of the kit
 * (activations, losses, and the layer, optimizer and initializer contracts that build on it).
 *
 * <p>A derivative is estimated by Ridders' extrapolation of central differences (Numerical Recipes, dfridr):
 * central quotients {@code (f(x+h) - f(x-h)) / 2h} for a shrinking sequence of steps, starting at a first step
 * {@code h0}, extrapolated to {@code h -> 0} with an error estimate. For a function that is smooth on the scale of
 * {@code h0} it reaches about 1e-12 relative accuracy, far below the 1e-6 the kit demands. The extrapolation
 * assumes that scale: a function that bends sharply within {@code h0} of the point (a normalization of a row
 * whose spread is small, an exponential of a large argument) can fool it into a confident wrong value, by
 * percents. So {@link #compare} re-checks a mismatch with first steps 10, 100 and 1000 times smaller before it
 * reports one, and the contracts let a test set the first step ({@code gradientStep()}). A mismatch that
 * remains at every step is almost always a wrong derivative; it can also be a kink the test did not declare, or a
 * function that is not smooth even on the scale of the smallest step. The step that is actually taken is
 * {@code (x+h) - (x-h)}, which is exact in floating point, so large {@code |x|} does not bias the quotient. The
 * first step must not cross a kink: callers pass at most half the distance to the nearest declared kink.
 *
 * <p>Typical use, for a scalar function {@code s(x)} of one input element:
 * <pre>{@code
 * GradientCheck.Comparison c = GradientCheck.compareDerivative(t -> s(withElement(x, i, t)), x[i], 0.1,
 *         analytic[i], GradientCheck.Tolerance.DEFAULT);
 * if (!c.agrees()) failures.add("d s / d x[" + i + "] at x = " + x[i] + ": " + c.mismatch());
 * }</pre>
 * When {@code s} sums many outputs of which only a few depend on the element, pass a quotient function to
 * {@link #compare} (or {@link #extrapolate}) that subtracts output by output, so the untouched outputs cancel
 * exactly.
 */
@API(status = API.Status.STABLE)
public final class GradientCheck {
    /** The first step used by the contracts when no kink is near: large enough to stay clear of round-off. */
    public static final double DEFAULT_STEP = 0.1;

    private static final double SHRINK = 1.4;
    private static final double SHRINK2 = SHRINK * SHRINK;
    private static final int TABLE = 14;
    private static final double SAFE = 2.0;
    /** The first steps a mismatch is re-checked with, as fractions of the first step it was found with. */
    private static final double[] RECHECK = {1e-1, 1e-2, 1e-3};

    private GradientCheck() {
    }

    /** A numerical derivative and its estimated absolute error. */
    public record Estimate(double value, double error) {
    }

    /**
     * When a numerical derivative and an analytic one agree:
     * {@code |numeric - analytic| <= absolute + relative * max(|numeric|, |analytic|)}.
     *
     * @param relative the relative part (the kit's default is 1e-6)
     * @param absolute the floor for derivatives near zero (default 1e-9)
     */
    public record Tolerance(double relative, double absolute) {
        /** Relative error below 1e-6, with a 1e-9 floor for derivatives that vanish. */
        public static final Tolerance DEFAULT = new Tolerance(1e-6, 1e-9);

        public Tolerance {
            if (!(relative >= 0) || !(absolute >= 0)) {
                throw new IllegalArgumentException("tolerances must be >= 0, got relative " + relative
                        + " and absolute " + absolute);
            }
        }

        public boolean accepts(double numeric, double analytic) {
            return Double.isFinite(numeric) && Double.isFinite(analytic)
                    && Math.abs(numeric - analytic) <= absolute + relative * Math.max(Math.abs(numeric), Math.abs(analytic));
        }

        /** Null when the two agree, otherwise a sentence giving both values and the error. */
        public String mismatch(double numeric, double analytic) {
            if (accepts(numeric, analytic)) {
                return null;
            }
            double diff = Math.abs(numeric - analytic);
            double rel = diff / Math.max(Math.abs(numeric), Math.abs(analytic));
            return String.format(Locale.ROOT, "expected %s (numeric, central differences) but the analytic "
                    + "derivative is %s (|difference| %.3g, relative %.3g; tolerance %s relative + %s absolute)",
                    numeric, analytic, diff, rel, relative, absolute);
        }
    }

    /**
     * The outcome of comparing an analytic derivative with numerical ones: the first steps tried, in order, and
     * the numerical derivative each gave. It agrees when one of them is within the tolerance of the analytic
     * value; the first step is tried first, and the smaller ones only when it disagrees.
     */
    public record Comparison(double analytic, double[] steps, double[] numeric, int agreeing, Tolerance tolerance) {
        public boolean agrees() {
            return agreeing >= 0;
        }

        /** The numerical derivative that agreed, or the one from the first step when none did. */
        public double value() {
            return numeric[Math.max(agreeing, 0)];
        }

        /**
         * Null when they agree, otherwise the first step's mismatch ({@link Tolerance#mismatch}) followed by what
         * the smaller steps gave.
         */
        public String mismatch() {
            if (agrees()) {
                return null;
            }
            StringBuilder b = new StringBuilder(tolerance.mismatch(numeric[0], analytic));
            if (steps.length > 1) {
                b.append("; first step ").append(step(steps[0])).append(", re-checked with first steps");
                StringBuilder values = new StringBuilder();
                for (int i = 1; i < steps.length; i++) {
                    b.append(i == 1 ? " " : ", ").append(step(steps[i]));
                    values.append(i == 1 ? " " : ", ").append(numeric[i]);
                }
                b.append(": numeric").append(values);
            }
            return b.toString();
        }
    }

    /** A step to 3 significant digits, without trailing zeros: 0.1, 0.01, 5E-7. */
    private static String step(double h) {
        return new java.math.BigDecimal(h).round(new java.math.MathContext(3)).stripTrailingZeros().toString();
    }

    /**
     * Compares {@code analytic} with the extrapolated {@code quotient} (a central-difference quotient for a step
     * {@code h}, as for {@link #extrapolate}) from the first step {@code h0}; when they disagree, again from
     * {@code h0 / 10}, {@code h0 / 100} and {@code h0 / 1000}, stopping at the first that agrees.
     */
    public static Comparison compare(DoubleUnaryOperator quotient, double h0, double analytic, Tolerance tolerance) {
        double[] steps = new double[RECHECK.length + 1];
        double[] numeric = new double[RECHECK.length + 1];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = i == 0 ? h0 : h0 * RECHECK[i - 1];
            numeric[i] = extrapolate(quotient, steps[i]).value();
            if (tolerance.accepts(numeric[i], analytic)) {
                return new Comparison(analytic, Arrays.copyOf(steps, i + 1), Arrays.copyOf(numeric, i + 1), i,
                        tolerance);
            }
        }
        return new Comparison(analytic, steps, numeric, -1, tolerance);
    }

    /** {@link #compare} for the derivative of {@code f} at {@code x}, as {@link #derivative} estimates it. */
    public static Comparison compareDerivative(DoubleUnaryOperator f, double x, double h0, double analytic,
                                               Tolerance tolerance) {
        return compare(centralQuotient(f, x), h0, analytic, tolerance);
    }

    private static DoubleUnaryOperator centralQuotient(DoubleUnaryOperator f, double x) {
        return h -> {
            double xp = x + h;
            double xm = x - h;
            return (f.applyAsDouble(xp) - f.applyAsDouble(xm)) / (xp - xm);
        };
    }

    /** The derivative of {@code f} at {@code x}, starting with step {@code h0}. */
    public static Estimate derivative(DoubleUnaryOperator f, double x, double h0) {
        return extrapolate(centralQuotient(f, x), h0);
    }

    /**
     * Ridders' extrapolation of {@code quotient(h)}, a central-difference quotient for step {@code h}, to
     * {@code h -> 0}. Returns the estimate with the smallest error estimate.
     */
    public static Estimate extrapolate(DoubleUnaryOperator quotient, double h0) {
        return extrapolate(quotient, h0, SHRINK2);
    }

    /**
     * The one-sided derivative of {@code f} at {@code x} from the right ({@code direction > 0}) or the left:
     * Ridders' extrapolation of {@code (f(x + s h) - f(x)) / (s h)}, whose error has every power of h. For the
     * derivative at a kink; {@code h0} must not reach the next kink.
     */
    public static Estimate oneSided(DoubleUnaryOperator f, double x, int direction, double h0) {
        double fx = f.applyAsDouble(x);
        return extrapolate(h -> {
            double xs = direction > 0 ? x + h : x - h;
            return (f.applyAsDouble(xs) - fx) / (xs - x);
        }, h0, SHRINK);
    }

    private static Estimate extrapolate(DoubleUnaryOperator quotient, double h0, double orderFactor) {
        if (!(h0 > 0) || !Double.isFinite(h0)) {
            throw new IllegalArgumentException("first step must be positive and finite, got " + h0);
        }
        double[][] a = new double[TABLE][TABLE];
        double h = h0;
        a[0][0] = quotient.applyAsDouble(h);
        double best = a[0][0];
        double err = Double.MAX_VALUE;
        for (int i = 1; i < TABLE; i++) {
            h /= SHRINK;
            a[0][i] = quotient.applyAsDouble(h);
            double fac = orderFactor;
            for (int j = 1; j <= i; j++) {
                a[j][i] = (a[j - 1][i] * fac - a[j - 1][i - 1]) / (fac - 1);
                fac *= orderFactor;
                double errt = Math.max(Math.abs(a[j][i] - a[j - 1][i]), Math.abs(a[j][i] - a[j - 1][i - 1]));
                if (errt <= err) {
                    err = errt;
                    best = a[j][i];
                }
            }
            if (Math.abs(a[i][i] - a[i - 1][i - 1]) >= SAFE * err) {
                break;
            }
        }
        return new Estimate(best, err);
    }

    /** The first step of {@link #oneSided} at a kink {@code k}: small, as the scale near a kink can be small. */
    public static double kinkStep(double k) {
        return 1e-8 * Math.max(1, Math.abs(k));
    }

    /**
     * Whether {@code analytic}, the derivative a plugin reports exactly at a kink, lies between the one-sided
     * derivatives {@code left} and {@code right} (inclusive, within {@code tolerance} of either end): one of the
     * one-sided values, or any subgradient between them, such as 0 for {@code |x|} at 0.
     */
    public static boolean withinOneSided(double analytic, double left, double right, Tolerance tolerance) {
        return tolerance.accepts(left, analytic) || tolerance.accepts(right, analytic)
                || Double.isFinite(analytic) && analytic >= Math.min(left, right) && analytic <= Math.max(left, right);
    }

    /**
     * The first step for a point at distance {@code distanceToKink} from the nearest kink ({@code +inf} when
     * there is none): {@link #DEFAULT_STEP}, or half the distance when that is smaller.
     */
    public static double firstStep(double distanceToKink) {
        return firstStep(DEFAULT_STEP, distanceToKink);
    }

    /** {@code step}, or half {@code distanceToKink} when that is smaller. */
    public static double firstStep(double step, double distanceToKink) {
        return Math.min(step, distanceToKink / 2);
    }
}
