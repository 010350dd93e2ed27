package org.nnj.optimizers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.Precision;
import org.nnj.api.ShapeException;
import org.nnj.api.spi.Updater;

/**
 * The state handling every built-in updater shares, so that a subclass writes only its two loops.
 *
 * <p>The state is a step counter {@code t} (the number of updates taken, kept as the 1 x 1 float64 tensor
 * {@code "step"}, exact up to 2^53) and zero or more named 1 x size arrays in the parameters' precision. Nothing
 * is allocated until the first {@link #update} or {@link #state()} call, so an unused updater costs nothing and a
 * checkpoint can still be restored into a fresh one: {@code state()} allocates the tensors at their initial
 * values and returns live views that the checkpoint overwrites with {@code copyFrom}.
 *
 * <p>{@link #update} checks sizes and precision, increments {@code t}, and calls {@link #update32} or
 * {@link #update64} with the raw arrays; those run a plain loop and allocate nothing.
 */
abstract class LazyUpdater implements Updater {
    private final int size;
    private final Precision precision;
    private final String[] names;
    private final double[] initialValues;
    private double[] step;
    private List<NamedTensor> state;
    /** The state arrays, in the order of {@code names}, once allocated; only the one of the precision is set. */
    float[][] f32;
    double[][] f64;

    /**
     * @param names         names of the state arrays (PyTorch's names, e.g. {@code exp_avg})
     * @param initialValues the value each array starts at and returns to on {@link #reset()}
     */
    LazyUpdater(int size, Precision precision, String[] names, double[] initialValues) {
        if (size < 0) {
            throw new IllegalArgumentException("parameter vector size must be >= 0, got " + size);
        }
        this.size = size;
        this.precision = Objects.requireNonNull(precision, "precision");
        this.names = names.clone();
        this.initialValues = initialValues.clone();
        if (names.length != initialValues.length) {
            throw new IllegalArgumentException(names.length + " state names but " + initialValues.length
                    + " initial values");
        }
    }

    final int size() {
        return size;
    }

    /** Runs one update on float32 arrays; {@code t} is the 1-based number of this update. */
    abstract void update32(float[] w, int wOffset, float[] g, int gOffset, double lr, long t);

    /** Runs one update on float64 arrays; {@code t} is the 1-based number of this update. */
    abstract void update64(double[] w, int wOffset, double[] g, int gOffset, double lr, long t);

    @Override
    public final void update(Mat params, Mat grads, double learningRate) {
        check("params", params);
        check("grads", grads);
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + learningRate);
        }
        allocate();
        long t = (long) step[0] + 1;
        if (params instanceof F32Mat w && grads instanceof F32Mat g) {
            update32(w.data(), w.offset(), g.data(), g.offset(), learningRate, t);
        } else {
            F64Mat w = (F64Mat) params;
            F64Mat g = (F64Mat) grads;
            update64(w.data(), w.offset(), g.data(), g.offset(), learningRate, t);
        }
        step[0] = t;
    }

    private void check(String what, Mat m) {
        Objects.requireNonNull(m, what);
        if (m.size() != size) {
            throw new ShapeException("optimizer update: expected " + what + " of 1 x " + size + " elements, got "
                    + m.rows() + " x " + m.cols());
        }
        if (m.precision() != precision) {
            throw new IllegalArgumentException("optimizer update: this updater was made for " + precision.id()
                    + " parameters, got " + what + " in " + m.precision().id());
        }
    }

    @Override
    public final List<NamedTensor> state() {
        allocate();
        return state;
    }

    @Override
    public final void reset() {
        if (step == null) {
            return;
        }
        step[0] = 0;
        for (int k = 0; k < names.length; k++) {
            if (f32 != null) {
                Arrays.fill(f32[k], (float) initialValues[k]);
            } else {
                Arrays.fill(f64[k], initialValues[k]);
            }
        }
    }

    private void allocate() {
        if (step != null) {
            return;
        }
        List<NamedTensor> tensors = new ArrayList<>(names.length + 1);
        double[] counter = new double[1];
        tensors.add(new NamedTensor("step", new F64Mat(counter, 0, 1, 1)));
        if (precision == Precision.FLOAT32) {
            f32 = new float[names.length][];
            for (int k = 0; k < names.length; k++) {
                f32[k] = new float[size];
                Arrays.fill(f32[k], (float) initialValues[k]);
                tensors.add(new NamedTensor(names[k], new F32Mat(f32[k], 0, 1, size)));
            }
        } else {
            f64 = new double[names.length][];
            for (int k = 0; k < names.length; k++) {
                f64[k] = new double[size];
                Arrays.fill(f64[k], initialValues[k]);
                tensors.add(new NamedTensor(names[k], new F64Mat(f64[k], 0, 1, size)));
            }
        }
        state = List.copyOf(tensors);
        step = counter;
    }
}
