package org.nnj.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Loss;
import org.nnj.testkit.LossContract;

class QuadraticTest extends LossContract {
    @Override
    protected Loss loss() {
        return new Quadratic();
    }

    @Test
    void reproducesTheCostOfSeed001sWorkedExample() {
        // outputs a1, a2 as printed in seed 001 ("Numerical Computation"), targets (1.0, 0.2)
        Mat a = Mat.of(Precision.FLOAT64, new double[][] {{0.712257432295742, 0.533097573871501}});
        Mat y = Mat.of(Precision.FLOAT64, new double[][] {{1.0, 0.2}});
        assertEquals(0.19374977898811957, loss().loss(a, y), 1e-15);
        Mat g = Mat.zeros(Precision.FLOAT64, 1, 2);
        loss().gradient(a, y, g);
        assertEquals(-0.5754851354085166, g.get(0, 0), 1e-15, "dC/da1 = 2 (a1 - y1), as printed");
        assertEquals(2 * (0.533097573871501 - 0.2), g.get(0, 1), 1e-15);
    }

    @Test
    void averagesOverRowsAndSumsOverOutputs() {
        Mat a = Mat.of(Precision.FLOAT32, new double[][] {{1, 2}, {3, 4}});
        Mat y = Mat.of(Precision.FLOAT32, new double[][] {{0, 0}, {0, 0}});
        assertEquals((1 + 4 + 9 + 16) / 2.0, loss().loss(a, y));
        Mat g = Mat.zeros(Precision.FLOAT32, 2, 2);
        loss().gradient(a, y, g);
        assertArrayEquals(new double[] {1, 2, 3, 4}, g.toDoubleArray());
    }
}
