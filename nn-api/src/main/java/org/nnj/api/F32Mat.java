package org.nnj.api;

import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;

/** A {@link Mat} over a {@code float[]}. */
// @twin
@API(status = API.Status.STABLE)
public record F32Mat(float[] data, int offset, int rows, int cols) implements Mat {

    public F32Mat {
        Objects.requireNonNull(data, "data");
        Shapes.checkView(data.length, offset, rows, cols);
    }

    public F32Mat(int rows, int cols) {
        this(new float[Math.multiplyExact(rows, cols)], 0, rows, cols);
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT32;
    }

    @Override
    public double get(int row, int col) {
        return data[index(row, col)];
    }

    @Override
    public void set(int row, int col, double value) {
        data[index(row, col)] = (float) value; // @f64: data[index(row, col)] = value;
    }

    @Override
    public double getFlat(int i) {
        return data[offset + Objects.checkIndex(i, rows * cols)];
    }

    @Override
    public void setFlat(int i, double value) {
        int at = offset + Objects.checkIndex(i, rows * cols);
        data[at] = (float) value; // @f64: data[at] = value;
    }

    private int index(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return offset + row * cols + col;
    }

    @Override
    public F32Mat rows(int firstRow, int count) {
        Objects.checkFromIndexSize(firstRow, count, rows);
        return new F32Mat(data, offset + firstRow * cols, count, cols);
    }

    @Override
    public F32Mat reshape(int newRows, int newCols) {
        if ((long) newRows * newCols != (long) rows * cols) {
            throw new ShapeException("cannot reshape " + rows + " x " + cols + " to " + newRows + " x " + newCols);
        }
        return new F32Mat(data, offset, newRows, newCols);
    }

    @Override
    public void fill(double value) {
        int end = offset + rows * cols;
        Arrays.fill(data, offset, end, (float) value); // @f64: Arrays.fill(data, offset, end, value);
    }

    @Override
    public void copyFrom(Mat source) {
        Shapes.requireSameShape("copyFrom", this, source);
        if (source instanceof F32Mat s) {
            System.arraycopy(s.data, s.offset, data, offset, rows * cols);
        } else {
            F64Mat s = (F64Mat) source; // @f64: F32Mat s = (F32Mat) source;
            for (int i = 0, n = rows * cols; i < n; i++) {
                data[offset + i] = (float) s.data()[s.offset() + i]; // @f64: data[offset + i] = s.data()[s.offset() + i];
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof F32Mat m && m.rows == rows && m.cols == cols
                && Arrays.equals(data, offset, offset + rows * cols, m.data, m.offset, m.offset + rows * cols);
    }

    @Override
    public int hashCode() {
        int h = 31 * rows + cols;
        for (int i = 0, n = rows * cols; i < n; i++) {
            h = 31 * h + Float.hashCode(data[offset + i]);
        }
        return h;
    }

    @Override
    public String toString() {
        return "F32Mat[" + rows + " x " + cols + "]";
    }
}
