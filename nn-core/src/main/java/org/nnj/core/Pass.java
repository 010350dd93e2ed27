package org.nnj.core;

import org.nnj.api.Mat;
import org.nnj.api.spi.LayerState;

/**
 * The buffers of one forward/backward pass for mini-batches of exactly {@link #rows} rows: the output of every
 * step, the gradient with respect to every step's output, and each layer's scratch. Allocated once per batch
 * size and reused, so the training loop allocates nothing. Not thread-safe: one pass at a time.
 */
final class Pass {
    final int rows;
    /** acts[0] is the input (set per pass, not copied); acts[i + 1] is the output of step i. */
    final Mat[] acts;
    /** grads[i] = dC/d(acts[i]); grads[0] is never computed. */
    final Mat[] grads;
    final LayerState[] states;
    /** Whether the last backward started from the loss's fused gradient w.r.t. the last activation's input. */
    boolean fused;

    Pass(Network net, int rows, boolean training) {
        this.rows = rows;
        int n = net.stages().size();
        acts = new Mat[n + 1];
        grads = new Mat[n + 1];
        states = new LayerState[n];
        for (int i = 0; i < n; i++) {
            Stage s = net.stages().get(i);
            acts[i + 1] = Mat.zeros(net.precision(), rows, s.runtime().outputSize());
            if (training) {
                grads[i + 1] = Mat.zeros(net.precision(), rows, s.runtime().outputSize());
            }
            states[i] = s.runtime().newState(rows);
        }
    }

    Mat output() {
        return acts[acts.length - 1];
    }
}
