package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class SigmoidTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new Sigmoid();
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("beta", 0.5), Map.of("beta", 3.0));
    }

    @Test
    void matchesSeed001AtZeroAndIsStableForLargeNegativeInputs() {
        ElementwiseActivation s = (ElementwiseActivation) activation();
        assertEquals(0.5, s.apply(0));
        assertEquals(0.25, s.derivative(0));
        // 1/(1+e^800) underflows to 0 naively with e^800 = inf; the stable form gives the true tiny value
        assertEquals(Math.exp(-700), s.apply(-700), 1e-320);
        assertEquals(Set.of("logistic"), s.aliases());
    }

    @Test
    void betaIsTheSteepness() {
        ElementwiseActivation s = (ElementwiseActivation) configured(Map.of("beta", 2.0));
        assertEquals(1 / (1 + Math.exp(-2.0)), s.apply(1), 1e-16);
        double f = s.apply(1);
        assertEquals(2 * f * (1 - f), s.derivative(1), 1e-16);
    }
}
