package org.nnj.data;

import java.util.Arrays;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Precision;

/** An append-only primitive buffer in one precision that becomes a {@link Mat}. Internal. */
final class GrowableValues {
    private static final int MAX = Integer.MAX_VALUE - 8;
    private final Precision precision;
    private float[] f;
    private double[] d;
    private int size;

    GrowableValues(Precision precision) {
        this.precision = precision;
        if (precision == Precision.FLOAT32) {
            f = new float[1024];
        } else {
            d = new double[1024];
        }
    }

    /** Appends {@code v}; returns false when the buffer cannot grow any more (one Java array is full). */
    boolean add(double v) {
        int cap = f != null ? f.length : d.length;
        if (size == cap) {
            if (cap >= MAX) {
                return false;
            }
            int newCap = (int) Math.min(MAX, 2L * cap);
            if (f != null) {
                f = Arrays.copyOf(f, newCap);
            } else {
                d = Arrays.copyOf(d, newCap);
            }
        }
        if (f != null) {
            f[size++] = (float) v;
        } else {
            d[size++] = v;
        }
        return true;
    }

    int size() {
        return size;
    }

    /** The values as a compact {@code rows x cols} matrix; {@code rows * cols} must equal {@link #size()}. */
    Mat toMat(int rows, int cols) {
        if (precision == Precision.FLOAT32) {
            return new F32Mat(f.length == size ? f : Arrays.copyOf(f, size), 0, rows, cols);
        }
        return new F64Mat(d.length == size ? d : Arrays.copyOf(d, size), 0, rows, cols);
    }
}
