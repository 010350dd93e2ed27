package org.nnj.api.spi;

/**
 * One trainable tensor of a layer: its name ({@code weight}, {@code bias}), shape, and whether weight penalties
 * (L1/L2, decoupled weight decay) apply to it.
 */
public record ParamShape(String name, int rows, int cols, boolean penalized) {
    public ParamShape {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("parameter " + name + " must have a positive shape, got "
                    + rows + " x " + cols);
        }
    }

    public int size() {
        return rows * cols;
    }
}
