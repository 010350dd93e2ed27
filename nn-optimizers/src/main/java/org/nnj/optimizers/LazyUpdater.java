package org.nnj.optimizers;

import java.util.Arrays;
import java.util.List;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.Precision;
import org.nnj.api.spi.Updater;
import org.nnj.api.spi.UpdaterState;

/**
 * The built-in updaters' common part, so that a subclass writes only its two loops: the state, its checks and
 * its step counter are nn-api's {@link UpdaterState} (published for plugin authors, who use it the same way);
 * this class only hands a subclass the raw arrays of one precision or the other.
 *
 * <p>{@link #update} checks sizes and precision and counts the step ({@link UpdaterState#next}), then calls
 * {@link #update32} or {@link #update64} with the raw arrays; those run a plain loop and allocate nothing.
 */
abstract class LazyUpdater implements Updater {
    private final UpdaterState state;
    /** The state arrays, in the order of the names, once allocated; only the one of the precision is set. */
    float[][] f32;
    double[][] f64;

    /**
     * @param names         names of the state arrays (PyTorch's names, e.g. {@code exp_avg})
     * @param initialValues the value each array starts at and returns to on {@link #reset()}
     */
    LazyUpdater(int size, Precision precision, String[] names, double[] initialValues) {
        this.state = new UpdaterState(size, precision, Arrays.asList(names), initialValues);
    }

    final int size() {
        return state.size();
    }

    /** Runs one update on float32 arrays; {@code t} is the 1-based number of this update. */
    abstract void update32(float[] w, int wOffset, float[] g, int gOffset, double lr, long t);

    /** Runs one update on float64 arrays; {@code t} is the 1-based number of this update. */
    abstract void update64(double[] w, int wOffset, double[] g, int gOffset, double lr, long t);

    @Override
    public final void update(Mat params, Mat grads, double learningRate) {
        long t = state.next(params, grads, learningRate);
        arrays();
        if (params instanceof F32Mat w && grads instanceof F32Mat g) {
            update32(w.data(), w.offset(), g.data(), g.offset(), learningRate, t);
        } else {
            F64Mat w = (F64Mat) params;
            F64Mat g = (F64Mat) grads;
            update64(w.data(), w.offset(), g.data(), g.offset(), learningRate, t);
        }
    }

    @Override
    public final List<NamedTensor> state() {
        List<NamedTensor> tensors = state.tensors();
        arrays();
        return tensors;
    }

    @Override
    public final void reset() {
        state.reset();
    }

    /** Fills {@link #f32} or {@link #f64} from the (allocated) state, once. */
    private void arrays() {
        if (f32 != null || f64 != null) {
            return;
        }
        int n = state.tensors().size() - 1;
        if (state.precision() == Precision.FLOAT32) {
            float[][] a = new float[n][];
            for (int k = 0; k < n; k++) {
                a[k] = state.floats(k);
            }
            f32 = a;
        } else {
            double[][] a = new double[n][];
            for (int k = 0; k < n; k++) {
                a[k] = state.doubles(k);
            }
            f64 = a;
        }
    }
}
