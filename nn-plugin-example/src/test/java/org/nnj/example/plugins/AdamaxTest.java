package org.nnj.example.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.F64Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Updater;
import org.nnj.testkit.OptimizerContract;

class AdamaxTest extends OptimizerContract {
    @Override
    protected Optimizer optimizer() {
        return new Adamax();
    }

    @Override
    protected String expectedName() {
        return "adamax";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("lr", 0.05, "beta1", 0.5, "weight_decay", 0.1));
    }

    /** Two steps worked by hand from the formulas in the class javadoc. */
    @Test
    void twoStepsByHand() {
        Updater u = new Adamax().newUpdater(1, Precision.FLOAT64);
        F64Mat w = new F64Mat(new double[] {1.0}, 0, 1, 1);
        // t = 1, g = 2: m = 0.2, u = 2 + 1e-8, w = 1 - (0.002 / 0.1) * 0.2 / u
        u.update(w, new F64Mat(new double[] {2.0}, 0, 1, 1), 0.002);
        double u1 = 2 + 1e-8;
        double w1 = 1 - 0.02 * 0.2 / u1;
        assertEquals(w1, w.getFlat(0), 1e-15);
        // t = 2, g = -1: m = 0.18 - 0.1 = 0.08, u = max(0.999 u1, 1 + 1e-8), w -= (0.002 / 0.19) * 0.08 / u
        u.update(w, new F64Mat(new double[] {-1.0}, 0, 1, 1), 0.002);
        double w2 = w1 - 0.002 / (1 - 0.81) * (0.9 * 0.2 + 0.1 * -1) / (0.999 * u1);
        assertEquals(w2, w.getFlat(0), 1e-15);
        assertEquals(2.0, u.state().get(0).value().getFlat(0), "the step counter counts the updates taken");
    }
}
