package org.nnj.testkit;

import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Precision;

/** Small matrix helpers for the contracts: seeded random data, precision copies, exact comparison, printing. */
@API(status = API.Status.EXPERIMENTAL)
public final class Mats {
    private Mats() {
    }

    /** A rows x cols array with entries uniform in [lo, hi), rounded to float so both precisions see them. */
    public static double[][] uniform(RandomGenerator random, int rows, int cols, double lo, double hi) {
        double[][] out = new double[rows][cols];
        for (double[] row : out) {
            for (int c = 0; c < cols; c++) {
                row[c] = (float) (lo + (hi - lo) * random.nextDouble());
            }
        }
        return out;
    }

    /** A rows x cols matrix of {@code precision} with entries uniform in [lo, hi), rounded to float. */
    public static Mat uniform(Precision precision, RandomGenerator random, int rows, int cols, double lo, double hi) {
        return of(precision, uniform(random, rows, cols, lo, hi));
    }

    /** A rows x cols array of normal values with the given standard deviation, rounded to float. */
    public static double[][] gaussian(RandomGenerator random, int rows, int cols, double stddev) {
        double[][] out = new double[rows][cols];
        for (double[] row : out) {
            for (int c = 0; c < cols; c++) {
                row[c] = (float) (stddev * random.nextGaussian());
            }
        }
        return out;
    }

    public static Mat of(Precision precision, double[][] rows) {
        return Mat.of(precision, rows);
    }

    public static F64Mat f64(double[][] rows) {
        return (F64Mat) Mat.of(Precision.FLOAT64, rows);
    }

    public static F32Mat f32(double[][] rows) {
        return (F32Mat) Mat.of(Precision.FLOAT32, rows);
    }

    /** A zero matrix of the same shape and precision as {@code like}. */
    public static Mat zerosLike(Mat like) {
        return Mat.zeros(like.precision(), like.rows(), like.cols());
    }

    /** A copy with its own storage. */
    public static Mat copy(Mat m) {
        Mat out = zerosLike(m);
        out.copyFrom(m);
        return out;
    }

    /** The elements as rows of doubles. */
    public static double[][] toArray(Mat m) {
        double[][] out = new double[m.rows()][];
        for (int r = 0; r < m.rows(); r++) {
            out[r] = m.rowToDoubleArray(r);
        }
        return out;
    }

    /** Whether two doubles are equal, counting NaN equal to NaN (and 0.0 equal to -0.0). */
    public static boolean same(double x, double y) {
        return Double.doubleToLongBits(x) == Double.doubleToLongBits(y) || x == y;
    }

    /** The first index where {@code a} and {@code b} differ in bits, or -1. */
    public static int firstDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            return Math.min(a.length, b.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (!same(a[i], b[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Row {@code r} of {@code m} printed with full precision, for failure messages. */
    public static String row(Mat m, int r) {
        return format(m.rowToDoubleArray(r));
    }

    public static String format(double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s", values[i]));
        }
        return sb.append(']').toString();
    }

    /** The largest absolute value, ignoring NaN. */
    public static double maxAbs(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).map(Math::abs).max().orElse(0);
    }

    /** A hash of every value's bits in order (-0 and 0, NaN payloads told apart), to compare results across JVMs. */
    public static String bitHash(Mat m) {
        long h = 17;
        for (int i = 0; i < m.size(); i++) {
            h = h * 31 + Double.doubleToRawLongBits(m.getFlat(i));
        }
        return Long.toHexString(h);
    }
}
