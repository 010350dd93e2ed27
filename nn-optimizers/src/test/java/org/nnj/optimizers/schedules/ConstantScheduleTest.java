package org.nnj.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nnj.api.spi.Schedule;
import org.nnj.api.spi.TrainingProgress;
import org.nnj.testkit.ScheduleContract;

class ConstantScheduleTest extends ScheduleContract {

    @Override
    protected Schedule schedule() {
        return new ConstantSchedule();
    }

    @Override
    protected String expectedName() {
        return "constant";
    }

    @Test
    void alwaysTheBaseRate() {
        assertEquals(0.3, new ConstantSchedule().learningRate(0.3, new TrainingProgress(9, 90, 10, 10)));
    }
}
