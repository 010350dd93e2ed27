package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class LeakyReluTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new LeakyRelu();
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("alpha", 0.2), Map.of("alpha", 0.0));
    }

    @Override
    protected List<Double> edgePoints(Activation instance) {
        return List.of(0.0);
    }

    @Test
    void slopeBelowZeroIsAlpha() {
        ElementwiseActivation a = (ElementwiseActivation) configured(Map.of("alpha", 0.2));
        assertEquals(-0.4, a.apply(-2), 1e-16);
        assertEquals(0.2, a.derivative(-2));
        assertEquals("he_normal", a.defaultInitializer());
    }
}
