package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class SoftmaxTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new Softmax();
    }

    @Override
    protected int width() {
        return 4;
    }

    @Test
    void rowsSumToOneAndLargeInputsDoNotOverflow() {
        Mat z = Mat.of(Precision.FLOAT64, new double[][] {{1, 2, 3, 4}, {1000, 1001, 1002, 1003}, {0, 0, 0, 0}});
        Mat a = Mat.zeros(Precision.FLOAT64, 3, 4);
        activation().forward(z, a);
        double e = Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(4);
        assertEquals(Math.exp(3) / e, a.get(0, 2), 1e-16);
        for (int c = 0; c < 4; c++) {
            assertEquals(a.get(0, c), a.get(1, c), 1e-15, "shift invariance");
            assertEquals(0.25, a.get(2, c));
        }
    }
}
