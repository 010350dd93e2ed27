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

class AdamTest extends OptimizerContract {

    @Override
    protected Optimizer optimizer() {
        return new Adam();
    }

    @Override
    protected String expectedName() {
        return "adam";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(
                Map.of("lr", 0.05),
                Map.of("lr", 0.05, "weight_decay", 0.1),
                Map.of("lr", 0.05, "beta1", 0.8, "beta2", 0.99, "amsgrad", true));
    }

    @Test
    void defaultsAreTheUsualOnes() {
        assertEquals(Map.of("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.0,
                "amsgrad", false), new Adam().config().asMap());
    }

    @Test
    void firstStepMovesEveryWeightByTheLearningRate() {
        // t = 1: m = 0.1 g, v = 0.001 g^2, so the step is lr * g / (|g| + eps / sqrt(0.001) * ...) ~ lr * sign(g)
        Updater u = new Adam().newUpdater(2, Precision.FLOAT64);
        F64Mat w = new F64Mat(new double[] {0, 0}, 0, 1, 2);
        u.update(w, new F64Mat(new double[] {3.0, -0.02}, 0, 1, 2), 1e-3);
        assertEquals(-1e-3, w.getFlat(0), 1e-11);
        assertEquals(1e-3, w.getFlat(1), 1e-9);
    }
}
