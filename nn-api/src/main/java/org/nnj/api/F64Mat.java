package org.nnj.api;

import java.util.Arrays;
import java.util.Objects;

/** A {@link Mat} over a {@code double[]}. */
public record F64Mat(double[] data, int offset, int rows, int cols) implements Mat {

    public F64Mat {
        Objects.requireNonNull(data, "data");
        Shapes.checkView(data.length, offset, rows, cols);
    }

    public F64Mat(int rows, int cols) {
        this(new double[Math.multiplyExact(rows, cols)], 0, rows, cols);
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT64;
    }

    @Override
    public double get(int row, int col) {
        return data[index(row, col)];
    }

    @Override
    public void set(int row, int col, double value) {
        data[index(row, col)] = value;
    }

    @Override
    public double getFlat(int i) {
        return data[offset + Objects.checkIndex(i, rows * cols)];
    }

    @Override
    public void setFlat(int i, double value) {
        data[offset + Objects.checkIndex(i, rows * cols)] = value;
    }

    private int index(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return offset + row * cols + col;
    }

    @Override
    public F64Mat rows(int firstRow, int count) {
        Objects.checkFromIndexSize(firstRow, count, rows);
        return new F64Mat(data, offset + firstRow * cols, count, cols);
    }

    @Override
    public F64Mat reshape(int newRows, int newCols) {
        if ((long) newRows * newCols != (long) rows * cols) {
            throw new ShapeException("cannot reshape " + rows + " x " + cols + " to " + newRows + " x " + newCols);
        }
        return new F64Mat(data, offset, newRows, newCols);
    }

    @Override
    public void fill(double value) {
        Arrays.fill(data, offset, offset + rows * cols, value);
    }

    @Override
    public void copyFrom(Mat source) {
        Shapes.requireSameShape("copyFrom", this, source);
        if (source instanceof F64Mat s) {
            System.arraycopy(s.data, s.offset, data, offset, rows * cols);
        } else {
            F32Mat s = (F32Mat) source;
            for (int i = 0, n = rows * cols; i < n; i++) {
                data[offset + i] = s.data()[s.offset() + i];
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof F64Mat m && m.rows == rows && m.cols == cols
                && Arrays.equals(data, offset, offset + rows * cols, m.data, m.offset, m.offset + rows * cols);
    }

    @Override
    public int hashCode() {
        int h = 31 * rows + cols;
        for (int i = 0, n = rows * cols; i < n; i++) {
            h = 31 * h + Long.hashCode(Double.doubleToLongBits(data[offset + i]));
        }
        return h;
    }

    @Override
    public String toString() {
        return "F64Mat[" + rows + " x " + cols + "]";
    }
}
