package org.nnj.api.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.Precision;
import org.nnj.api.ShapeException;

/**
 * The state of one {@link Updater} kept the way the contract asks (see {@link Updater}): the step counter and
 * named per-parameter arrays in the parameters' precision, with the checks every update makes. An updater holds
 * one, calls {@link #next} at the start of each update, runs its loop on {@link #floats}/{@link #doubles}, and
 * returns {@link #tensors()} from {@link Updater#state()} and calls {@link #reset()} from {@link Updater#reset()}:
 *
 * <pre>{@code
 * final class MomentumUpdater implements Updater {
 *     private final UpdaterState state;
 *     MomentumUpdater(int size, Precision precision) {
 *         state = new UpdaterState(size, precision, List.of("momentum_buffer"), 0.0);
 *     }
 *     public void update(Mat params, Mat grads, double lr) {
 *         long t = state.next(params, grads, lr);        // 1 for the first update
 *         if (params instanceof F32Mat w && grads instanceof F32Mat g) {
 *             float[] b = state.floats(0);
 *             for (int i = 0; i < state.size(); i++) { ... w.data()[w.offset() + i] ... g.data()[g.offset() + i] ... }
 *         } else { ... the same on ((F64Mat) params).data() and state.doubles(0) ... }
 *     }
 *     public List<NamedTensor> state() { return state.tensors(); }
 *     public void reset() { state.reset(); }
 * }
 * }</pre>
 *
 * <p>The step counter is the number of updates taken, kept as the 1 x 1 float64 tensor {@value #STEP} (exact up
 * to 2^53 steps) so that a checkpoint saves and restores it like any other tensor; {@link #next} returns the
 * 1-based number of the update about to run (for bias corrections such as Adam's {@code 1 - beta^t}). The arrays
 * are 1 x size, in the order of their names, each starting at (and {@link #reset() reset} to) its initial value.
 * Nothing is allocated until the first {@link #next} or {@link #tensors()}, so an updater that is never used costs
 * nothing, and a checkpoint can be restored into a fresh updater: {@code tensors()} allocates the state at its
 * initial values and returns live views that the checkpoint overwrites with {@code copyFrom}.
 *
 * <p>Not thread-safe, like the updater that holds it; the loop of one update may still be split over threads
 * ({@link Parallelism}) as long as each range touches only its own elements.
 */
@API(status = API.Status.STABLE)
public final class UpdaterState {
    /** The name of the step counter among {@link #tensors()}. */
    public static final String STEP = "step";

    private final int size;
    private final Precision precision;
    private final List<String> names;
    private final double[] initialValues;
    private double[] step;
    private float[][] f32;
    private double[][] f64;
    private List<NamedTensor> tensors;

    /**
     * @param size          the number of parameters updated (the size of each array)
     * @param precision     the parameters' precision, which the arrays share
     * @param names         the arrays' names in checkpoints (PyTorch's names where there are some, e.g.
     *                      {@code exp_avg}): distinct, and not {@value #STEP}
     * @param initialValues the value each array starts at and returns to on {@link #reset()}, one per name
     * @throws IllegalArgumentException if the size is negative, a name is repeated or is {@value #STEP}, or the
     *                                  counts of names and values differ
     */
    public UpdaterState(int size, Precision precision, List<String> names, double... initialValues) {
        if (size < 0) {
            throw new IllegalArgumentException("parameter vector size must be >= 0, got " + size);
        }
        this.size = size;
        this.precision = Objects.requireNonNull(precision, "precision");
        this.names = List.copyOf(names);
        this.initialValues = initialValues.clone();
        if (this.names.size() != this.initialValues.length) {
            throw new IllegalArgumentException(this.names.size() + " state names " + this.names + " but "
                    + this.initialValues.length + " initial values");
        }
        if (new HashSet<>(this.names).size() != this.names.size() || this.names.contains(STEP)) {
            throw new IllegalArgumentException("state names must be distinct and not \"" + STEP + "\" (the step "
                    + "counter's), got " + this.names);
        }
    }

    /** The number of parameters, and of elements in each array. */
    public int size() {
        return size;
    }

    public Precision precision() {
        return precision;
    }

    /**
     * Checks the arguments of an update, allocates the state at the first one, counts the update and returns its
     * 1-based number {@code t}: call it first in {@link Updater#update}.
     *
     * @throws ShapeException           if {@code params} or {@code grads} do not have {@link #size()} elements
     * @throws IllegalArgumentException if they are not in the state's precision, or {@code learningRate} is
     *                                  negative, NaN or infinite
     */
    public long next(Mat params, Mat grads, double learningRate) {
        check("params", params);
        check("grads", grads);
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("optimizer update: learning rate must be finite and >= 0, got "
                    + learningRate);
        }
        allocate();
        step[0] += 1;
        return (long) step[0];
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

    /** The number of updates taken (0 before the first, and after {@link #reset()}). */
    public long steps() {
        return step == null ? 0 : (long) step[0];
    }

    /** The array named {@code names.get(k)} of a float32 state, allocated if it was not. */
    public float[] floats(int k) {
        if (precision != Precision.FLOAT32) {
            throw new IllegalStateException("this state is " + precision.id() + "; use doubles(" + k + ")");
        }
        allocate();
        return f32[k];
    }

    /** The array named {@code names.get(k)} of a float64 state, allocated if it was not. */
    public double[] doubles(int k) {
        if (precision != Precision.FLOAT64) {
            throw new IllegalStateException("this state is " + precision.id() + "; use floats(" + k + ")");
        }
        allocate();
        return f64[k];
    }

    /**
     * Live views of the state for {@link Updater#state()}: the step counter {@value #STEP} (1 x 1, float64), then
     * the arrays in the order of their names (1 x size, in the state's precision). The same list before and after
     * updates; a checkpoint restores the state by {@code copyFrom} into these views.
     */
    public List<NamedTensor> tensors() {
        allocate();
        return tensors;
    }

    /** Back to the initial values and no step taken, as a fresh state. */
    public void reset() {
        if (step == null) {
            return;
        }
        step[0] = 0;
        for (int k = 0; k < names.size(); k++) {
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
        List<NamedTensor> views = new ArrayList<>(names.size() + 1);
        double[] counter = new double[1];
        views.add(new NamedTensor(STEP, new F64Mat(counter, 0, 1, 1)));
        if (precision == Precision.FLOAT32) {
            f32 = new float[names.size()][];
            for (int k = 0; k < names.size(); k++) {
                f32[k] = new float[size];
                Arrays.fill(f32[k], (float) initialValues[k]);
                views.add(new NamedTensor(names.get(k), new F32Mat(f32[k], 0, 1, size)));
            }
        } else {
            f64 = new double[names.size()][];
            for (int k = 0; k < names.size(); k++) {
                f64[k] = new double[size];
                Arrays.fill(f64[k], initialValues[k]);
                views.add(new NamedTensor(names.get(k), new F64Mat(f64[k], 0, 1, size)));
            }
        }
        tensors = List.copyOf(views);
        step = counter;
    }
}
