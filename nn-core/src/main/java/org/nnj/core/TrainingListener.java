package org.nnj.core;

import org.apiguardian.api.API;

/**
 * Receives training progress. All methods have empty defaults; implement what you need. Called on the training
 * thread; a listener that throws stops training.
 */
@API(status = API.Status.STABLE)
public interface TrainingListener {

    /** Before the first epoch. */
    default void onTrainingStart(Network network, int epochs, long batchesPerEpoch, int samples) {
    }

    /** After each mini-batch update; {@code batch} is 1-based within the epoch. Keep it cheap. */
    default void onBatchEnd(int epoch, long batch, long batchesPerEpoch, double loss) {
    }

    /** After each epoch (and its validation). */
    default void onEpochEnd(EpochResult result) {
    }

    /** After the run. */
    default void onTrainingEnd(TrainingResult result) {
    }

    /** Whether {@link #onStepDetail} should be called (it copies no data but costs a call per phase). */
    default boolean wantsStepDetail() {
        return false;
    }

    /**
     * For traces: called after back-propagation (gradients known, parameters not yet updated) and again after the
     * update, for every step while {@link #wantsStepDetail()} is true.
     */
    default void onStepDetail(StepDetail detail) {
    }
}
