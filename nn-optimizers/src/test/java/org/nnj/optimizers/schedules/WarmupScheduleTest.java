package org.nnj.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.spi.Schedule;
import org.nnj.api.spi.TrainingProgress;
import org.nnj.testkit.ScheduleContract;

class WarmupScheduleTest extends ScheduleContract {

    @Override
    protected Schedule schedule() {
        return new WarmupSchedule();
    }

    @Override
    protected String expectedName() {
        return "warmup";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(
                Map.of("start_factor", 0.1, "warmup", 2, "then", "cosine", "eta_min", 0.001),
                Map.of("start_factor", 0.5, "warmup", 10, "unit", "step"),
                Map.of("warmup", 3, "unit", "step", "then", "cosine"));
    }

    @Override
    protected boolean perEpoch(Schedule schedule) {
        return schedule.config().string("unit").equals("epoch");
    }

    @Test
    void linearWarmupIsAnAlias() {
        assertEquals(java.util.Set.of("linear_warmup"), new WarmupSchedule().aliases());
    }

    @Test
    void perStepRampReachesTheBaseRateAfterWarmupSteps() {
        Schedule s = WarmupSchedule.of(Map.of("start_factor", 0.5, "warmup", 4, "unit", "step"));
        assertEquals(0.5, s.learningRate(1.0, new TrainingProgress(0, 0, 3, 2)));
        assertEquals(0.875, s.learningRate(1.0, new TrainingProgress(1, 3, 3, 2)));
        assertEquals(1.0, s.learningRate(1.0, new TrainingProgress(1, 4, 3, 2)));
    }

    @Test
    void perStepCosineDecaysOverTheRemainingSteps() {
        // 2 epochs x 5 steps = 10 steps; warm-up 2 steps, then a cosine over L = 8 steps
        Schedule s = WarmupSchedule.of(Map.of("warmup", 2, "unit", "step", "then", "cosine"));
        assertEquals(1.0, s.learningRate(1.0, new TrainingProgress(0, 2, 5, 2)), 1e-15);
        assertEquals(0.5, s.learningRate(1.0, new TrainingProgress(1, 6, 5, 2)), 1e-15);
    }
}
