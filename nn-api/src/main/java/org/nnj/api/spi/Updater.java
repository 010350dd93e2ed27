package org.nnj.api.spi;

import java.util.List;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;

/**
 * The per-parameter state of one {@link Optimizer} for one parameter vector, and the update rule that uses it.
 * Not thread-safe: the trainer calls one updater from one thread at a time.
 *
 * <p>The contract, which checkpoints rely on and {@code OptimizerContract} checks:
 * <ul>
 *   <li>{@link #state()} holds everything the next update depends on besides the parameters, the gradient and the
 *       learning rate: moment estimates, buffers, and the number of updates taken when the rule uses it. Restoring
 *       those tensors (with {@code copyFrom}) into a fresh updater of the same optimizer continues bit for bit. It
 *       lists the same names and shapes before the first update (at their initial values) as after any number.
 *   <li>The step counter is, by convention, the 1 x 1 float64 tensor named {@value UpdaterState#STEP} holding the
 *       number of updates taken (exact up to 2^53); the rule's step {@code t} is that number plus one. The built-in
 *       optimizers keep it so, and {@link UpdaterState} keeps it so for a plugin.
 *   <li>{@link #update} writes only the {@code size} elements of the parameter view (which may start at an offset
 *       inside a larger array), reads the gradient view, and leaves the gradient alone.
 *   <li>A learning rate of 0 leaves the parameters unchanged, and so does a zero gradient unless the rule decays
 *       weights.
 * </ul>
 * {@link UpdaterState} implements the state part of this (allocation, the step counter, the checks and their
 * exceptions); an updater then writes its loop.
 */
@API(status = API.Status.STABLE)
public interface Updater {

    /**
     * Updates {@code params} in place from {@code grads} (both 1 x size, in the updater's precision) with the
     * given learning rate, and advances the state.
     *
     * @throws org.nnj.api.ShapeException if {@code params} or {@code grads} do not have the size the updater was
     *                                    made for (the message gives both sizes)
     * @throws IllegalArgumentException   if they are not in the precision the updater was made for, or the
     *                                    learning rate is negative, NaN or infinite
     */
    void update(Mat params, Mat grads, double learningRate);

    /**
     * Live views of the state tensors, by name (distinct), for checkpoints; a checkpoint restores them with
     * {@code copyFrom}, also into an updater that has not taken a step yet. Empty for a rule without state.
     */
    default List<NamedTensor> state() {
        return List.of();
    }

    /**
     * Returns the state to that of a fresh updater, as if no step had been taken. The default zeroes every state
     * tensor, which is right only when all start at 0 ({@link UpdaterState#reset()} restores initial values).
     */
    default void reset() {
        for (NamedTensor t : state()) {
            t.value().fill(0);
        }
    }
}
