package org.nnj.api;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * The shape of one sample as it flows between layers: a flat vector of {@code n} features ({@code [n]}), or an
 * image of {@code channels x height x width} ({@code [c, h, w]}), or any other list of positive dimensions.
 *
 * <p>A mini-batch is still a {@link Mat} of one row per sample; the shape only says how a row's
 * {@link #size()} values are laid out: row-major over the dimensions, the last one fastest. For an image that is
 * channel-major, as in PyTorch's NCHW: the value of channel {@code c}, pixel {@code (y, x)} is at
 * {@code (c * height + y) * width + x} in the row. So a shape costs nothing at run time and any layer that only
 * needs a width uses {@link #size()}.
 *
 * <p>Immutable; {@link #toString()} is {@code 64x7x7} (a flat shape is just its size, {@code 1568}).
 */
@API(status = API.Status.STABLE)
public final class Shape {
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        if (dims.length == 0) {
            throw new ShapeException("a shape needs at least one dimension, got none");
        }
        long n = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new ShapeException("every dimension of a shape must be at least 1, got " + text(dims));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new ShapeException("a sample of shape " + text(dims) + " has more values than one Java array holds");
            }
        }
        this.dims = dims;
        this.size = (int) n;
    }

    /** A shape of the given dimensions, each at least 1. */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** A flat vector of {@code size} features. */
    public static Shape flat(int size) {
        return new Shape(new int[] {size});
    }

    /** An image of {@code channels x height x width}. */
    public static Shape image(int channels, int height, int width) {
        return new Shape(new int[] {channels, height, width});
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code i}, {@code 0 <= i < rank()}. */
    public int dim(int i) {
        return dims[i];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** The number of values of one sample: the product of the dimensions (a row's width in a mini-batch). */
    public int size() {
        return size;
    }

    /** Whether this is a flat vector (rank 1). */
    public boolean isFlat() {
        return dims.length == 1;
    }

    /** Whether this is an image, {@code channels x height x width} (rank 3). */
    public boolean isImage() {
        return dims.length == 3;
    }

    /** The flat vector of the same values, {@code [size()]}. */
    public Shape flatten() {
        return isFlat() ? this : flat(size);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(s.dims, dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code 64x7x7}, or the size alone for a flat vector. */
    @Override
    public String toString() {
        return text(dims);
    }

    private static String text(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return sb.toString();
    }
}
