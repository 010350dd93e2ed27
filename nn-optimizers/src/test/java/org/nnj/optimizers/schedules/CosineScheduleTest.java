package org.nnj.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.spi.Schedule;
import org.nnj.api.spi.TrainingProgress;
import org.nnj.testkit.ScheduleContract;

class CosineScheduleTest extends ScheduleContract {

    @Override
    protected Schedule schedule() {
        return new CosineSchedule();
    }

    @Override
    protected String expectedName() {
        return "cosine";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("t_max", 4, "eta_min", 0.01));
    }

    @Test
    void tMaxDefaultsToTheRunLength() {
        Schedule s = new CosineSchedule();
        assertEquals(1.0, s.learningRate(1.0, new TrainingProgress(0, 0, 3, 8)));
        assertEquals(0.5, s.learningRate(1.0, new TrainingProgress(4, 12, 3, 8)), 1e-15);
        assertEquals(0.0, s.learningRate(1.0, new TrainingProgress(8, 24, 3, 8)), 1e-15, "epoch 8 = t_max");
    }

    @Test
    void reachesEtaMinAtTMax() {
        Schedule s = CosineSchedule.of(Map.of("t_max", 4, "eta_min", 0.01));
        assertEquals(0.01, s.learningRate(0.1, new TrainingProgress(4, 4, 1, 10)), 1e-17);
    }
}
