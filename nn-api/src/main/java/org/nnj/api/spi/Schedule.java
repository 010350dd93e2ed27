package org.nnj.api.spi;

import org.apiguardian.api.API;

/**
 * A learning-rate schedule: the rate for the coming optimizer step, from the optimizer's base rate and where
 * training stands. Pure: the same arguments give the same rate, so a resumed run follows the same schedule.
 */
@API(status = API.Status.STABLE)
public interface Schedule extends Plugin<Schedule> {

    /** The learning rate for the step described by {@code progress}. */
    double learningRate(double baseRate, TrainingProgress progress);
}
