package org.nnj.example.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.testkit.ActivationContract;

class SwishTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new Swish();
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("beta", 0.5), Map.of("beta", 4.0));
    }

    @Test
    void isSiluAtBetaOneWithHandDerivedValues() {
        ElementwiseActivation s = (ElementwiseActivation) activation();
        assertEquals(Set.of("silu"), s.aliases());
        assertEquals(0.0, s.apply(0));
        assertEquals(0.5, s.derivative(0));
        // f(1) = 1 / (1 + e^-1); f'(1) = s + s (1 - s) with s = f(1)
        double s1 = 1 / (1 + Math.exp(-1));
        assertEquals(s1, s.apply(1), 1e-16);
        assertEquals(s1 + s1 * (1 - s1), s.derivative(1), 1e-16);
        assertEquals(-2 / (1 + Math.exp(2)), s.apply(-2), 1e-16);
    }

    @Test
    void betaSharpensTheGateAndScalesTheMinimum() {
        ElementwiseActivation s = (ElementwiseActivation) configured(Map.of("beta", 2.0));
        assertEquals(1.5 / (1 + Math.exp(-3)), s.apply(1.5), 1e-15);
        // the minimum of z sigma(beta z) is (t* + 1) / beta at z = t* / beta, t* = -1.2784645427610737
        assertEquals(-0.2784645427610737 / 2, s.apply(-1.2784645427610737 / 2), 1e-15);
        assertTrue(s.minOutput() <= s.apply(-1.2784645427610737 / 2));
    }

    @Test
    void largeInputsGiveTheIdentityOrZeroWithoutNaN() {
        ElementwiseActivation s = (ElementwiseActivation) activation();
        assertEquals(1e300, s.apply(1e300));
        assertEquals(1.0, s.derivative(1e300));
        assertEquals(0.0, s.apply(-1e300), 0.0);
        assertEquals(0.0, s.derivative(-1e300), 0.0);
        ElementwiseActivation steep = (ElementwiseActivation) configured(Map.of("beta", 1e10));
        assertEquals(1.0, steep.derivative(1e300)); // beta z overflows to infinity
        assertEquals(0.0, steep.derivative(-1e300));
    }
}
