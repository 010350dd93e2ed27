package org.nnj.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnj.activations.Sigmoid;
import org.nnj.activations.Tanh;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.Config;
import org.nnj.testkit.Mats;
import org.nnj.api.spi.Loss;
import org.nnj.testkit.LossContract;

class BinaryCrossEntropyTest extends LossContract {
    @Override
    protected Loss loss() {
        return new BinaryCrossEntropy();
    }

    @Override
    protected double[][] sampleOutputs(Random random, int rows, int cols) {
        return Mats.uniform(random, rows, cols, 0.02, 0.98);
    }

    @Override
    protected double[][] sampleTargets(Random random, int rows, int cols) {
        double[][] y = Mats.uniform(random, rows, cols, 0, 1);
        y[0][0] = 0;
        y[0][1] = 1;
        return y;
    }

    @Override
    protected double[] kinks(double target) {
        return new double[] {BinaryCrossEntropy.EPS, 1 - BinaryCrossEntropy.EPS};
    }

    @Override
    protected double[] extremeOutputs() {
        return new double[] {1e-4, 1 - 1e-4, 0.5, 1e-6};
    }

    @Override
    protected double[] saturatedOutputs() {
        return new double[] {0, 1, 1e-30, Math.nextDown(1.0), Double.MIN_VALUE};
    }

    @Override
    protected List<Activation> pairedActivations() {
        Activation sigmoid = new Sigmoid();
        return List.of(sigmoid, sigmoid.configure(Config.resolve("", sigmoid.parameters(), Map.of("beta", 2.5))), new Tanh());
    }

    @Test
    void fusesWithSigmoidToAMinusY() {
        Mat z = Mat.of(Precision.FLOAT64, new double[][] {{-1, 0, 2}, {40, -40, 0.5}});
        Mat a = Mat.zeros(Precision.FLOAT64, 2, 3);
        Activation sigmoid = new Sigmoid();
        sigmoid.forward(z, a);
        Mat y = Mat.of(Precision.FLOAT64, new double[][] {{1, 0, 1}, {0, 1, 1}});
        Mat g = Mat.zeros(Precision.FLOAT64, 2, 3);
        assertTrue(loss().gradientWrtPreActivation(sigmoid, z, a, y, g));
        for (int i = 0; i < 6; i++) {
            assertEquals((a.getFlat(i) - y.getFlat(i)) / 2, g.getFlat(i), 1e-16);
        }
        assertFalse(loss().gradientWrtPreActivation(new Tanh(), z, a, y, g));
    }

    @Test
    void isTheNegativeLogLikelihoodNotTheSeedsUnsignedSum() {
        Mat a = Mat.of(Precision.FLOAT64, new double[][] {{0.8, 0.3}});
        Mat y = Mat.of(Precision.FLOAT64, new double[][] {{1, 0}});
        double expected = -Math.log(0.8) - Math.log(0.7);
        assertEquals(expected, loss().loss(a, y), 1e-15);
        assertTrue(loss().loss(a, y) > 0, "a cost to minimise is positive");
        Mat saturated = Mat.of(Precision.FLOAT32, new double[][] {{0, 1}});
        assertEquals(-2 * Math.log(BinaryCrossEntropy.EPS), loss().loss(saturated, Mat.of(Precision.FLOAT32, new double[][] {{1, 0}})), 1e-6);
        assertEquals(java.util.Set.of("bce"), loss().aliases());
    }
}
