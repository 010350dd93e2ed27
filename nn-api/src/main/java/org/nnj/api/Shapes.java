package org.nnj.api;

import org.apiguardian.api.API;

/** Shape checks shared by the value types; every failure names both shapes. */
@API(status = API.Status.EXPERIMENTAL)
public final class Shapes {
    private Shapes() {
    }

    public static String describe(Mat m) {
        return m.rows() + " x " + m.cols();
    }

    public static void requireSameShape(String where, Mat expected, Mat actual) {
        if (expected.rows() != actual.rows() || expected.cols() != actual.cols()) {
            throw new ShapeException(where + ": expected a " + describe(expected) + " matrix, got "
                    + describe(actual));
        }
    }

    /**
     * {@link #requireSameShape(String, Mat, Mat)} with the place named in two parts, {@code where + detail},
     * joined only when the check fails: a per-batch check that builds its message eagerly allocates a string on
     * every call (80 bytes per training step for a loss).
     */
    public static void requireSameShape(String where, String detail, Mat expected, Mat actual) {
        if (expected.rows() != actual.rows() || expected.cols() != actual.cols()) {
            requireSameShape(where + detail, expected, actual);
        }
    }

    public static void requireShape(String where, Mat m, int rows, int cols) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new ShapeException(where + ": expected a " + rows + " x " + cols + " matrix, got "
                    + describe(m));
        }
    }

    public static void requireCols(String where, Mat m, int cols) {
        if (m.cols() != cols) {
            throw new ShapeException(where + ": expected " + cols + " columns, got a " + describe(m)
                    + " matrix");
        }
    }

    /**
     * Checks the operands of {@code c = alpha * op(a) * op(b) + beta * c (+ bias)}: op(a) is m x k, op(b) must be
     * k x n, c m x n and a non-null {@code bias} 1 x n. The message names every shape and the transposes.
     */
    public static void requireGemm(String where, boolean transA, boolean transB, Mat a, Mat b, Mat c, Mat bias) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new ShapeException(where + ": op(A) is " + m + " x " + k + " (A " + describe(a)
                    + (transA ? ", transposed" : "") + "), op(B) is " + kb + " x " + n + " (B " + describe(b)
                    + (transB ? ", transposed" : "") + "), C is " + describe(c) + "; expected op(B) to have "
                    + k + " rows and C to be " + m + " x " + n);
        }
        if (bias != null && (bias.rows() != 1 || bias.cols() != n)) { // the name is built only to fail
            requireShape(where + " bias", bias, 1, n);
        }
    }

    static void requireNonNegative(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new ShapeException("matrix dimensions must be >= 0, got " + rows + " x " + cols);
        }
    }

    static void checkView(int length, int offset, int rows, int cols) {
        requireNonNegative(rows, cols);
        long end = (long) offset + (long) rows * cols;
        if (offset < 0 || end > length) {
            throw new ShapeException("a " + rows + " x " + cols + " view at offset " + offset
                    + " does not fit in an array of " + length + " elements");
        }
    }
}
