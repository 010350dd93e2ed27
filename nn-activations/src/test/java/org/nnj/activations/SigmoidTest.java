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
    void seed001PrintsSigmaPrimeOfTheActivationNotOfTheInput() {
        // Seed 001 prints a1 = sigma(z_a1) = 0.712257432295742 and then sigma'(z_a1) = 0.220793265944315.
        // The derivative at the input is a1 (1 - a1) = 0.20494...; 0.220793... is sigma'(a1), the derivative
        // evaluated at the activation: the slip this framework's gradient checks exist to catch.
        ElementwiseActivation s = (ElementwiseActivation) activation();
        double a1 = 0.712257432295742;
        double zA1 = Math.log(a1 / (1 - a1));
        assertEquals(a1 * (1 - a1), s.derivative(zA1), 1e-15);
        assertEquals(0.220793265944315, s.derivative(a1), 1e-15);
    }

    @Test
    void betaIsTheSteepness() {
        ElementwiseActivation s = (ElementwiseActivation) configured(Map.of("beta", 2.0));
        assertEquals(1 / (1 + Math.exp(-2.0)), s.apply(1), 1e-16);
        double f = s.apply(1);
        assertEquals(2 * f * (1 - f), s.derivative(1), 1e-16);
    }
}
