package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.NnException;
import org.nnj.api.Precision;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class StepTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new Step();
    }

    @Test
    void isZeroBelowAndOneFromZeroOn() {
        Mat z = Mat.of(Precision.FLOAT64, new double[][] {{-1e-300, 0, -0.0, 2}});
        Mat a = Mat.zeros(Precision.FLOAT64, 1, 4);
        activation().forward(z, a);
        assertArrayEquals(new double[] {0, 1, 1, 1}, a.toDoubleArray());
        assertEquals(Set.of("threshold"), activation().aliases());
    }

    @Test
    void refusesGradientTrainingWithAClearMessage() {
        Activation step = activation();
        assertFalse(step.differentiable());
        Mat m = Mat.zeros(Precision.FLOAT64, 1, 2);
        NnException e = assertThrows(NnException.class, () -> step.backward(m, m, m, Mat.zeros(Precision.FLOAT64, 1, 2)));
        assertTrue(e.getMessage().contains("cannot be trained by gradient descent"), e.getMessage());
        assertThrows(NnException.class, () -> ((ElementwiseActivation) step).derivative(1));
    }
}
