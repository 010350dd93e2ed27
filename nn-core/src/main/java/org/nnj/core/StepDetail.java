package org.nnj.core;

import org.apiguardian.api.API;
import org.nnj.api.Mat;

/**
 * A view of one training step's buffers, valid only during the {@link TrainingListener#onStepDetail} call:
 * copy what you keep.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class StepDetail {
    /** When the call happens. */
    public enum Phase {
        /** Gradients computed, parameters not yet changed. */
        AFTER_BACKWARD,
        /** Parameters updated. */
        AFTER_UPDATE
    }

    private final Network network;
    private final Pass ws;
    private final Mat target;
    private final Phase phase;
    private final int epoch;
    private final long step;
    private final double learningRate;
    private final double loss;

    StepDetail(Network network, Pass ws, Mat target, Phase phase, int epoch, long step, double learningRate,
               double loss) {
        this.network = network;
        this.ws = ws;
        this.target = target;
        this.phase = phase;
        this.epoch = epoch;
        this.step = step;
        this.learningRate = learningRate;
        this.loss = loss;
    }

    public Network network() {
        return network;
    }

    public Phase phase() {
        return phase;
    }

    /** 1-based epoch. */
    public int epoch() {
        return epoch;
    }

    /** 0-based optimizer step over the run. */
    public long step() {
        return step;
    }

    public double learningRate() {
        return learningRate;
    }

    /** The batch's loss. */
    public double loss() {
        return loss;
    }

    /** The mini-batch input. */
    public Mat input() {
        return ws.acts[0];
    }

    public Mat target() {
        return target;
    }

    /** Output of step {@code i} of {@link Network#stages()}. */
    public Mat output(int i) {
        return ws.acts[i + 1];
    }

    /**
     * {@code dC/d(output of step i)}; for the last activation step this is not computed when the loss fused its
     * gradient with that activation (then use {@link Network#loss()}'s gradient to get it).
     */
    public Mat gradOutput(int i) {
        return ws.grads[i + 1];
    }

    /** Whether the loss's fused gradient skipped the last activation's backward in this step. */
    public boolean fusedOutput() {
        return ws.fused;
    }
}
