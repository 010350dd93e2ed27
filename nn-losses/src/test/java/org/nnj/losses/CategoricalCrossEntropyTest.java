package org.nnj.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnj.activations.Sigmoid;
import org.nnj.activations.Softmax;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.Loss;
import org.nnj.testkit.LossContract;

class CategoricalCrossEntropyTest extends LossContract {
    @Override
    protected Loss loss() {
        return new CategoricalCrossEntropy();
    }

    @Override
    protected double[][] sampleOutputs(Random random, int rows, int cols) {
        return simplexRows(random, rows, cols, false);
    }

    @Override
    protected double[][] sampleTargets(Random random, int rows, int cols) {
        double[][] y = simplexRows(random, rows, cols, true);
        double[][] soft = simplexRows(random, 2, cols, false);
        y[1] = soft[0];
        y[2] = soft[1];
        return y;
    }

    @Override
    protected double[] kinks(double target) {
        return new double[] {CategoricalCrossEntropy.EPS};
    }

    @Override
    protected double[] extremeOutputs() {
        return new double[] {1e-4, 0.5, 1, 1e-6};
    }

    @Override
    protected double[] saturatedOutputs() {
        return new double[] {0, 1, 1e-30, Double.MIN_VALUE};
    }

    @Override
    protected List<Activation> pairedActivations() {
        return List.of(new Softmax(), new Sigmoid());
    }

    @Test
    void fusesWithSoftmaxToAMinusYForOneHotRowsAndStaysExactOtherwise() {
        Mat z = Mat.of(Precision.FLOAT64, new double[][] {{1, 2, 3}, {-5, 0, 5}});
        Mat a = Mat.zeros(Precision.FLOAT64, 2, 3);
        new Softmax().forward(z, a);
        Mat y = Mat.of(Precision.FLOAT64, new double[][] {{0, 1, 0}, {0.5, 0.5, 0.5}});
        Mat g = Mat.zeros(Precision.FLOAT64, 2, 3);
        assertTrue(loss().gradientWrtPreActivation(new Softmax(), z, a, y, g));
        for (int c = 0; c < 3; c++) {
            assertEquals((a.get(0, c) - y.get(0, c)) / 2, g.get(0, c), 1e-16, "one-hot row: (a - y) / rows");
            assertEquals((1.5 * a.get(1, c) - 0.5) / 2, g.get(1, c), 1e-16, "row of mass 1.5");
        }
        assertFalse(loss().gradientWrtPreActivation(new Sigmoid(), z, a, y, g));
    }

    @Test
    void isStableForAZeroProbabilityOnTheTrueClass() {
        Mat a = Mat.of(Precision.FLOAT32, new double[][] {{0, 1, 0}});
        Mat y = Mat.of(Precision.FLOAT32, new double[][] {{1, 0, 0}});
        assertEquals(-Math.log(CategoricalCrossEntropy.EPS), loss().loss(a, y), 1e-9);
        assertEquals(java.util.Set.of("cce", "cross_entropy"), loss().aliases());
    }
}
