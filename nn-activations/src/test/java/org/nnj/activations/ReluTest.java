package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class ReluTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new Relu();
    }

    @Override
    protected List<Double> edgePoints(Activation instance) {
        return List.of(0.0);
    }

    @Test
    void derivativeAtZeroIsZeroAndInitializerIsHe() {
        ElementwiseActivation relu = (ElementwiseActivation) activation();
        assertEquals(0.0, relu.derivative(0.0));
        assertEquals(1.0, relu.derivative(1e-300));
        assertEquals("he_normal", relu.defaultInitializer());
    }
}
