package org.nnj.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Loss;
import org.nnj.testkit.LossContract;

class MseTest extends LossContract {
    @Override
    protected Loss loss() {
        return new Mse();
    }

    @Test
    void isHalfTheQuadraticCost() {
        Mat a = Mat.of(Precision.FLOAT64, new double[][] {{1, 2}, {3, 4}});
        Mat y = Mat.of(Precision.FLOAT64, new double[][] {{0, 1}, {1, 0}});
        assertEquals(new Quadratic().loss(a, y) / 2, loss().loss(a, y), 1e-15);
        assertEquals(0.5 * (1 + 1 + 4 + 16) / 2, loss().loss(a, y), 1e-15);
        Mat g = Mat.zeros(Precision.FLOAT64, 2, 2);
        loss().gradient(a, y, g);
        assertArrayEquals(new double[] {0.5, 0.5, 1, 2}, g.toDoubleArray());
    }
}
