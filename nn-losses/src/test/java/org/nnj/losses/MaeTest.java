package org.nnj.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Loss;
import org.nnj.testkit.LossContract;

class MaeTest extends LossContract {
    @Override
    protected Loss loss() {
        return new Mae();
    }

    @Override
    protected double[] kinks(double target) {
        return new double[] {target};
    }

    @Test
    void sumsAbsoluteErrorsAndHasZeroSlopeAtAnExactPrediction() {
        Mat a = Mat.of(Precision.FLOAT64, new double[][] {{1, -2, 0.5}});
        Mat y = Mat.of(Precision.FLOAT64, new double[][] {{0, 1, 0.5}});
        assertEquals(4.0, loss().loss(a, y));
        Mat g = Mat.zeros(Precision.FLOAT64, 1, 3);
        loss().gradient(a, y, g);
        assertArrayEquals(new double[] {1, -1, 0}, g.toDoubleArray());
        assertEquals(java.util.Set.of("l1"), loss().aliases());
    }
}
