package org.nnj.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.spi.Schedule;
import org.nnj.api.spi.TrainingProgress;
import org.nnj.testkit.ScheduleContract;

class ExponentialScheduleTest extends ScheduleContract {

    @Override
    protected Schedule schedule() {
        return new ExponentialSchedule();
    }

    @Override
    protected String expectedName() {
        return "exponential";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("gamma", 0.5));
    }

    @Test
    void shrinksByGammaPerEpoch() {
        Schedule s = ExponentialSchedule.of(Map.of("gamma", 0.5));
        assertEquals(2.0, s.learningRate(2.0, new TrainingProgress(0, 0, 4, 5)));
        assertEquals(0.25, s.learningRate(2.0, new TrainingProgress(3, 13, 4, 5)));
    }
}
