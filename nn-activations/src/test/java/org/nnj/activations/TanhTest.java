package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class TanhTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new Tanh();
    }

    @Test
    void knownValues() {
        Activation a = activation();
        Mat z = Mat.of(Precision.FLOAT64, new double[][] {{0, 0.5, -2}});
        Mat out = Mat.zeros(Precision.FLOAT64, 1, 3);
        a.forward(z, out);
        assertEquals(0.0, out.get(0, 0));
        assertEquals(0.46211715726000974, out.get(0, 1), 1e-16);
        assertEquals(-0.9640275800758169, out.get(0, 2), 1e-16);
    }
}
