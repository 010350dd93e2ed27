package org.nnj.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.Precision;
import org.nnj.api.spi.Initializer;
import org.nnj.testkit.InitializerContract;

class ConstantTest extends InitializerContract {

    @Override
    protected Initializer initializer() {
        return new Constant();
    }

    @Override
    protected String expectedName() {
        return "constant";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("value", 0.25));
    }

    @Override
    protected boolean isRandom(Initializer initializer) {
        return false;
    }

    @Test
    void everyWeightIsTheValue() {
        Moments m = Moments.of(Constant.of(Map.of("value", -1.5)), Precision.FLOAT64, 10, 10, 1);
        assertEquals(-1.5, m.min());
        assertEquals(-1.5, m.max());
    }
}
