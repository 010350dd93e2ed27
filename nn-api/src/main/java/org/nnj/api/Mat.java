package org.nnj.api;

import org.apiguardian.api.API;

/**
 * A dense row-major matrix view over a primitive array: element (r, c) lives at
 * {@code offset + r * cols + c}. A mini-batch is a {@code Mat} with one row per sample.
 *
 * <p>A {@code Mat} owns no storage of its own: several views may share one array (a network keeps all its
 * parameters in one array and hands each layer views into it). Views are cheap to make but do allocate,
 * so hot loops make them once, up front.
 *
 * <p>Not thread-safe for writing: a view is as safe as the array behind it.
 */
@API(status = API.Status.STABLE)
public sealed interface Mat permits F32Mat, F64Mat {

    int rows();

    int cols();

    /** Index of element (0, 0) in the backing array. */
    int offset();

    Precision precision();

    /** {@code rows() * cols()}. */
    default int size() {
        return rows() * cols();
    }

    double get(int row, int col);

    void set(int row, int col, double value);

    /** Element {@code i} in row-major order, {@code 0 <= i < size()}. */
    double getFlat(int i);

    void setFlat(int i, double value);

    /** A view of {@code count} consecutive rows starting at {@code firstRow}, sharing storage. */
    Mat rows(int firstRow, int count);

    /** The same elements seen with another shape of equal size, sharing storage. */
    Mat reshape(int rows, int cols);

    /** Sets every element to {@code value}. */
    void fill(double value);

    /** Copies {@code source} into this matrix; the shapes must be equal (precisions may differ). */
    default void copyFrom(Mat source) {
        Shapes.requireSameShape("copyFrom", this, source);
        for (int i = 0, n = size(); i < n; i++) {
            setFlat(i, source.getFlat(i));
        }
    }

    /** A fresh row-major {@code double[]} copy of the elements. */
    default double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getFlat(i);
        }
        return out;
    }

    /** Row {@code row} as a fresh {@code double[]}. */
    default double[] rowToDoubleArray(int row) {
        double[] out = new double[cols()];
        for (int c = 0; c < out.length; c++) {
            out[c] = get(row, c);
        }
        return out;
    }

    /** A new zero matrix of the given precision and shape. */
    static Mat zeros(Precision precision, int rows, int cols) {
        Shapes.requireNonNegative(rows, cols);
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8) {
            throw new ShapeException("matrix of " + rows + " x " + cols + " elements is larger than one Java array");
        }
        return precision == Precision.FLOAT32
                ? new F32Mat(new float[(int) n], 0, rows, cols)
                : new F64Mat(new double[(int) n], 0, rows, cols);
    }

    /** A new matrix of the given precision holding a copy of {@code rowsData} (all rows of equal length). */
    static Mat of(Precision precision, double[][] rowsData) {
        int cols = rowsData.length == 0 ? 0 : rowsData[0].length;
        Mat m = zeros(precision, rowsData.length, cols);
        for (int r = 0; r < rowsData.length; r++) {
            if (rowsData[r].length != cols) {
                throw new ShapeException("row " + r + " has " + rowsData[r].length
                        + " values; expected " + cols + " like row 0");
            }
            for (int c = 0; c < cols; c++) {
                m.set(r, c, rowsData[r][c]);
            }
        }
        return m;
    }
}
