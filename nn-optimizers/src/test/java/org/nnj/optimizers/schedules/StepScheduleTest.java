package org.nnj.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.spi.Schedule;
import org.nnj.api.spi.TrainingProgress;
import org.nnj.testkit.ScheduleContract;

class StepScheduleTest extends ScheduleContract {

    @Override
    protected Schedule schedule() {
        return new StepSchedule();
    }

    @Override
    protected String expectedName() {
        return "step";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("step_size", 1, "gamma", 0.5), Map.of("step_size", 3, "gamma", 0.9));
    }

    @Test
    void dropsEveryStepSizeEpochs() {
        Schedule s = StepSchedule.of(Map.of("step_size", 2, "gamma", 0.5));
        assertEquals(1.0, s.learningRate(1.0, new TrainingProgress(1, 19, 10, 6)));
        assertEquals(0.5, s.learningRate(1.0, new TrainingProgress(2, 20, 10, 6)));
        assertEquals(0.25, s.learningRate(1.0, new TrainingProgress(5, 59, 10, 6)));
    }
}
