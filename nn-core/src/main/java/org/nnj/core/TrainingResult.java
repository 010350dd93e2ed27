package org.nnj.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * What a training run did.
 *
 * @param epochs      one entry per epoch run
 * @param stoppedEarly whether early stopping ended the run before its last epoch
 * @param bestEpoch   1-based epoch whose weights the network holds at the end (the last one unless early
 *                    stopping restored the best)
 */
@API(status = API.Status.STABLE)
public record TrainingResult(List<EpochResult> epochs, boolean stoppedEarly, int bestEpoch) {
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    public EpochResult last() {
        return epochs.get(epochs.size() - 1);
    }
}
