package org.nnj.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.NamedTensor;
import org.nnj.api.Precision;
import org.nnj.api.spi.Optimizer;
import org.nnj.testkit.OptimizerContract;

class RmsPropTest extends OptimizerContract {

    @Override
    protected Optimizer optimizer() {
        return new RmsProp();
    }

    @Override
    protected String expectedName() {
        return "rmsprop";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(
                Map.of("momentum", 0.9),
                Map.of("centered", true),
                Map.of("centered", true, "momentum", 0.5, "alpha", 0.9, "weight_decay", 0.1));
    }

    @Test
    void keepsOnlyTheStateItsVariantNeeds() {
        assertEquals(List.of("step", "square_avg"), names(new RmsProp()));
        assertEquals(List.of("step", "square_avg", "grad_avg", "momentum_buffer"),
                names(RmsProp.of(Map.of("centered", true, "momentum", 0.9))));
        assertEquals(List.of("step", "square_avg", "momentum_buffer"), names(RmsProp.of(Map.of("momentum", 0.9))));
    }

    private static List<String> names(Optimizer o) {
        return o.newUpdater(3, Precision.FLOAT32).state().stream().map(NamedTensor::name).toList();
    }
}
