package org.nnj.core;

import org.apiguardian.api.API;

/**
 * Figures of one finished epoch.
 *
 * @param epoch              1-based
 * @param trainLoss          mean loss over the epoch's training samples, including any L1/L2 penalties (as
 *                           computed batch by batch during the
 *                           epoch, before each batch's update)
 * @param trainAccuracy      fraction of training samples classified right during the epoch; NaN for regression
 * @param validationLoss     loss on the validation set after the epoch; NaN without one
 * @param validationAccuracy accuracy on the validation set after the epoch; NaN without one or for regression
 * @param learningRate       the learning rate of the epoch's last step
 * @param seconds            wall time of the epoch's training (without validation)
 * @param samplesPerSecond   training samples per second of wall time
 */
@API(status = API.Status.STABLE)
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double learningRate, double seconds, double samplesPerSecond) {
}
