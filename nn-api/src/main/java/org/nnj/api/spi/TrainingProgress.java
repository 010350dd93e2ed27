package org.nnj.api.spi;

import org.apiguardian.api.API;

/**
 * Where training stands when a step is about to be taken.
 *
 * @param epoch         0-based epoch
 * @param step          0-based optimizer step counted over the whole run
 * @param stepsPerEpoch mini-batches per epoch
 * @param totalEpochs   epochs the run is configured for
 */
@API(status = API.Status.STABLE)
public record TrainingProgress(int epoch, long step, long stepsPerEpoch, int totalEpochs) {
    public TrainingProgress {
        if (epoch < 0 || step < 0 || stepsPerEpoch <= 0 || totalEpochs <= 0) {
            throw new IllegalArgumentException("invalid training progress: epoch=" + epoch + ", step=" + step
                    + ", stepsPerEpoch=" + stepsPerEpoch + ", totalEpochs=" + totalEpochs);
        }
    }
}
