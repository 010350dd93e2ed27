package org.nnj.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.F64Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Updater;
import org.nnj.testkit.OptimizerContract;

class SgdTest extends OptimizerContract {

    @Override
    protected Optimizer optimizer() {
        return new Sgd();
    }

    @Override
    protected String expectedName() {
        return "sgd";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(
                Map.of("lr", 0.1, "momentum", 0.9),
                Map.of("lr", 0.1, "momentum", 0.9, "dampening", 0.5),
                Map.of("lr", 0.05, "momentum", 0.9, "nesterov", true),
                Map.of("lr", 0.1, "weight_decay", 0.01));
    }

    @Override
    protected List<InvalidParameters> invalidParameters() {
        return List.of(new InvalidParameters("nesterov", Map.of("nesterov", true, "momentum", 0.0)),
                new InvalidParameters("nesterov", Map.of("nesterov", true, "momentum", 0.9, "dampening", 0.1)));
    }

    @Test
    void defaultsArePlainGradientDescent() {
        // seed 001, Eq. 5-6: w+ = w - eta * dC/dw, with eta = 0.01 by default
        Updater u = new Sgd().newUpdater(3, Precision.FLOAT64);
        F64Mat w = new F64Mat(new double[] {1.0, -2.0, 0.5}, 0, 1, 3);
        F64Mat g = new F64Mat(new double[] {0.3, 0.1, -4.0}, 0, 1, 3);
        u.update(w, g, 0.01);
        assertArrayEquals(new double[] {1.0 - 0.01 * 0.3, -2.0 - 0.01 * 0.1, 0.5 + 0.01 * 4.0}, w.data());
        assertEquals(List.of("step"), u.state().stream().map(t -> t.name()).toList(),
                "plain gradient descent keeps no buffer");
    }

    @Test
    void firstMomentumStepUsesTheUndampedGradient() {
        Updater u = Sgd.of(Map.of("momentum", 0.9, "dampening", 0.5)).newUpdater(1, Precision.FLOAT64);
        F64Mat w = new F64Mat(new double[] {0.0}, 0, 1, 1);
        F64Mat g = new F64Mat(new double[] {2.0}, 0, 1, 1);
        u.update(w, g, 0.1);
        assertEquals(-0.2, w.data()[0], "b_1 = g_1");
        u.update(w, g, 0.1);
        assertEquals(-0.2 - 0.1 * (0.9 * 2.0 + 0.5 * 2.0), w.data()[0], 1e-15, "b_2 = mu b_1 + (1 - tau) g_2");
    }
}
