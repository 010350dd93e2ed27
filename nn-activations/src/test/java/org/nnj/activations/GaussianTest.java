package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class GaussianTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new Gaussian();
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("mu", 1.5, "sigma", 0.5), Map.of("mu", -2.0, "sigma", 3.0));
    }

    @Test
    void isTheNormalDensityNotTheSeedsMisprint() {
        ElementwiseActivation g = (ElementwiseActivation) configured(Map.of("mu", 1.0, "sigma", 2.0));
        // correct peak 1/(sigma sqrt(2 pi)) = 0.19947...; the seed prints 1/sqrt(2 pi sigma) = 0.28209...
        assertEquals(1 / (2 * Math.sqrt(2 * Math.PI)), g.apply(1.0), 1e-16);
        assertEquals(g.apply(1.0), g.maxOutput(), 0);
        // one standard deviation away: peak * e^(-1/2)
        assertEquals(g.apply(1.0) * Math.exp(-0.5), g.apply(3.0), 1e-16);
        // the density integrates to 1 (trapezoid rule over +-10 sigma)
        double sum = 0;
        for (int i = -2000; i <= 2000; i++) {
            sum += g.apply(1.0 + i * 0.01) * 0.01;
        }
        assertEquals(1.0, sum, 1e-9);
    }
}
