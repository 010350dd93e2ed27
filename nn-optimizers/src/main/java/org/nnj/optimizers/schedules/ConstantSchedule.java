package org.nnj.optimizers.schedules;

import org.apiguardian.api.API;
import org.nnj.api.spi.Schedule;
import org.nnj.api.spi.TrainingProgress;

/** {@code constant}: the optimizer's base rate at every step, {@code lr = base}. The default schedule. */
@API(status = API.Status.STABLE)
public final class ConstantSchedule implements Schedule {

    @Override
    public String name() {
        return "constant";
    }

    @Override
    public String description() {
        return "the base learning rate throughout";
    }

    @Override
    public double learningRate(double baseRate, TrainingProgress progress) {
        return baseRate;
    }

    @Override
    public String toString() {
        return name();
    }
}
