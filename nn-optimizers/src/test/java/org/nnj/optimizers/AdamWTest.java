package org.nnj.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.F64Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Updater;
import org.nnj.testkit.OptimizerContract;

class AdamWTest extends OptimizerContract {

    @Override
    protected Optimizer optimizer() {
        return new AdamW();
    }

    @Override
    protected String expectedName() {
        return "adamw";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(
                Map.of("weight_decay", 0.0),
                Map.of("lr", 0.05, "weight_decay", 0.2, "amsgrad", true));
    }

    @Test
    void defaultDecayIsPyTorchs() {
        assertEquals(0.01, new AdamW().config().real("weight_decay"));
    }

    @Test
    void decayIsDecoupledFromTheGradient() {
        // with a zero gradient the moments stay 0 and only the decay acts: w <- (1 - lr * lambda) w
        Updater u = AdamW.of(Map.of("weight_decay", 0.5)).newUpdater(1, Precision.FLOAT64);
        F64Mat w = new F64Mat(new double[] {2.0}, 0, 1, 1);
        u.update(w, new F64Mat(new double[] {0.0}, 0, 1, 1), 0.1);
        assertEquals(2.0 * (1 - 0.1 * 0.5), w.getFlat(0));
    }
}
