package org.nnj.api.spi;

import java.util.List;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;

/**
 * The per-parameter state of one {@link Optimizer} for one parameter vector. Not thread-safe.
 */
public interface Updater {

    /**
     * Updates {@code params} in place from {@code grads} (both 1 x size) with the given learning rate, and
     * advances the state.
     */
    void update(Mat params, Mat grads, double learningRate);

    /** Live views of the state tensors, by name, for checkpoints; a checkpoint restores them with copyFrom. */
    default List<NamedTensor> state() {
        return List.of();
    }

    /** Zeroes the state, as if no step had been taken. */
    default void reset() {
        for (NamedTensor t : state()) {
            t.value().fill(0);
        }
    }
}
