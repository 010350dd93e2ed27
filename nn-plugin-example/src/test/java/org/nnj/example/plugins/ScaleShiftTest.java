package org.nnj.example.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerState;
import org.nnj.testkit.LayerContract;

class ScaleShiftTest extends LayerContract {
    @Override
    protected Layer layer() {
        return new ScaleShift();
    }

    /** A flat vector and an image: the layer keeps the shape it gets. */
    @Override
    protected Shape[] inputShapes() {
        return new Shape[] {Shape.flat(3), Shape.image(2, 3, 1)};
    }

    @Test
    void keepsItsInputsShape() {
        assertEquals(Shape.image(2, 3, 1), layer().outputShape(Shape.image(2, 3, 1)));
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("init_scale", 0.5));
    }

    @Test
    void startsAsTheIdentityAndAppliesGammaAndBetaPerColumn() {
        Built b = build(layer(), 2, Precision.FLOAT64, 1);
        b.runtime.initialize(new java.util.Random(0));
        assertEquals(List.of("gamma", "beta"), b.runtime.parameters().stream().map(p -> p.name()).toList());
        Mat x = Mat.of(Precision.FLOAT64, new double[][] {{1, -2}, {3, 4}});
        Mat y = Mat.zeros(Precision.FLOAT64, 2, 2);
        b.runtime.forward(x, y, LayerState.NONE, false);
        assertArrayEquals(x.toDoubleArray(), y.toDoubleArray());

        b.params.get(0).copyFrom(Mat.of(Precision.FLOAT64, new double[][] {{2, -1}}));
        b.params.get(1).copyFrom(Mat.of(Precision.FLOAT64, new double[][] {{0.5, 10}}));
        b.runtime.forward(x, y, LayerState.NONE, false);
        assertArrayEquals(new double[] {2.5, 12, 6.5, 6}, y.toDoubleArray());

        Mat g = Mat.of(Precision.FLOAT64, new double[][] {{1, 1}, {0, 2}});
        Mat gx = Mat.zeros(Precision.FLOAT64, 2, 2);
        b.runtime.backward(x, y, g, gx, LayerState.NONE);
        assertArrayEquals(new double[] {1, -2 + 8}, b.grads.get(0).toDoubleArray()); // sum_r g x
        assertArrayEquals(new double[] {1, 3}, b.grads.get(1).toDoubleArray());      // sum_r g
        assertArrayEquals(new double[] {2, -1, 0, -2}, gx.toDoubleArray());          // g gamma
    }
}
