package org.nnj.example.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Loss;
import org.nnj.testkit.LossContract;

class HuberTest extends LossContract {
    @Override
    protected Loss loss() {
        return new Huber();
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("delta", 0.25));
    }

    /** Where the second derivative jumps, for the default delta 1 and the variant's 0.25. */
    @Override
    protected double[] kinks(double target) {
        return new double[] {target - 1, target + 1, target - 0.25, target + 0.25};
    }

    @Test
    void quadraticInsideDeltaLinearOutsideAveragedOverRows() {
        // row 0: r = 0.5 -> 0.125; r = -3 -> 1 * (3 - 0.5) = 2.5.  row 1: r = 1 (the joint) -> 0.5; r = 0 -> 0
        Mat a = Mat.of(Precision.FLOAT64, new double[][] {{0.5, -3}, {2, 1}});
        Mat y = Mat.of(Precision.FLOAT64, new double[][] {{0, 0}, {1, 1}});
        assertEquals((0.125 + 2.5 + 0.5) / 2, loss().loss(a, y), 1e-15);
        Mat g = Mat.zeros(Precision.FLOAT64, 2, 2);
        loss().gradient(a, y, g);
        assertArrayEquals(new double[] {0.25, -0.5, 0.5, 0}, g.toDoubleArray(), 1e-15);
    }

    @Test
    void deltaMovesTheJoint() {
        Loss l = configured(Map.of("delta", 2.0));
        Mat a = Mat.of(Precision.FLOAT64, new double[][] {{3}});
        Mat y = Mat.of(Precision.FLOAT64, new double[][] {{0}});
        assertEquals(2 * (3 - 1), l.loss(a, y), 1e-15);
        Mat g = Mat.zeros(Precision.FLOAT64, 1, 1);
        l.gradient(a, y, g);
        assertEquals(2.0, g.get(0, 0));
    }
}
