package org.nnj.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.F64Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.Precision;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Updater;
import org.nnj.testkit.OptimizerContract;

class AdagradTest extends OptimizerContract {

    @Override
    protected Optimizer optimizer() {
        return new Adagrad();
    }

    @Override
    protected String expectedName() {
        return "adagrad";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(
                Map.of("lr", 0.1),
                Map.of("lr", 0.1, "lr_decay", 0.1, "weight_decay", 0.01, "initial_accumulator_value", 0.5));
    }

    @Test
    void theAccumulatorStartsAndResetsAtItsInitialValue() {
        Updater u = Adagrad.of(Map.of("initial_accumulator_value", 0.25)).newUpdater(2, Precision.FLOAT64);
        Map<String, NamedTensor> state = byName(u.state());
        assertEquals(0.25, state.get("sum").value().getFlat(1), "before the first step");
        F64Mat w = new F64Mat(new double[] {1, 1}, 0, 1, 2);
        u.update(w, new F64Mat(new double[] {1, 2}, 0, 1, 2), 0.1);
        assertEquals(4.25, state.get("sum").value().getFlat(1));
        assertEquals(1 - 0.1 * 2 / (Math.sqrt(4.25) + 1e-10), w.getFlat(1), 1e-15);
        u.reset();
        assertEquals(0.25, state.get("sum").value().getFlat(1), "after reset()");
        assertEquals(0.0, state.get("step").value().getFlat(0), "after reset()");
    }

    private static Map<String, NamedTensor> byName(List<NamedTensor> state) {
        return state.stream().collect(java.util.stream.Collectors.toMap(NamedTensor::name, t -> t));
    }
}
