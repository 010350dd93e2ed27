package org.nnj.api.spi;

import org.apiguardian.api.API;

/**
 * One trainable tensor of a layer: its name ({@code weight}, {@code bias}), shape, and the weight penalties the
 * core applies to it. The penalties are not part of the layer's own forward/backward: the core adds
 * {@code l1 * sum |p| + (l2 / 2) * sum p^2} to each batch's cost and {@code l1 * sign(p) + l2 * p} to the
 * gradient, so any layer gets them by declaring them here.
 *
 * @param name the tensor's name, unique within the layer
 * @param rows rows (e.g. units)
 * @param cols columns (e.g. inputs)
 * @param l1   L1 penalty coefficient, >= 0
 * @param l2   L2 penalty coefficient, >= 0
 */
@API(status = API.Status.STABLE)
public record ParamShape(String name, int rows, int cols, double l1, double l2) {
    public ParamShape {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("parameter " + name + " must have a positive shape, got "
                    + rows + " x " + cols);
        }
        if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("parameter " + name + ": penalties must be finite and >= 0, got l1="
                    + l1 + ", l2=" + l2);
        }
    }

    /** A tensor without penalties. */
    public ParamShape(String name, int rows, int cols) {
        this(name, rows, cols, 0, 0);
    }

    /** {@code rows * cols}, or an exception if that exceeds an {@code int}. */
    public int size() {
        return Math.multiplyExact(rows, cols);
    }

    public boolean penalized() {
        return l1 > 0 || l2 > 0;
    }
}
