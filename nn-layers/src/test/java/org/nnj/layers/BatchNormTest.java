package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerState;
import org.nnj.api.spi.ParamShape;
import org.nnj.testkit.LayerContract;

class BatchNormTest extends LayerContract {
    @Override
    protected Layer layer() {
        BatchNorm plain = new BatchNorm();
        return plain.configure(Config.resolve(plain.name(), plain.parameters(), Map.of()));
    }

    @Override
    protected Shape[] inputShapes() {
        return new Shape[] {Shape.flat(3), Shape.image(2, 3, 5)};
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("momentum", 0.3, "eps", 1e-3), Map.of("affine", false));
    }

    /** Running statistics away from their initial 0 and 1, so inference is checked with real ones. */
    @Override
    protected void fillBuffers(List<ParamShape> shapes, List<Mat> buffers, Random random) {
        for (int i = 0; i < buffers.get(0).size(); i++) {
            buffers.get(0).setFlat(i, random.nextGaussian());
            buffers.get(1).setFlat(i, 0.2 + random.nextDouble() * 2);
        }
    }

    @Test
    void trainingUsesTheBatchAndMovesTheRunningStatisticsInferenceUsesThem() {
        Built b = build(layer(), Shape.flat(1), Precision.FLOAT64, 1);
        assertEquals(List.of("running_mean", "running_var"),
                b.runtime.buffers().stream().map(ParamShape::name).toList());
        b.params.get(0).fill(1);
        b.params.get(1).fill(0);
        b.buffers.get(0).fill(0);
        b.buffers.get(1).fill(1);
        Mat x = Mat.of(Precision.FLOAT64, new double[][] {{1}, {2}, {3}, {6}});
        Mat y = Mat.zeros(Precision.FLOAT64, 4, 1);
        LayerState st = b.runtime.newState(4);
        b.runtime.forward(x, y, st, true);
        double mean = 3;
        double var = (4 + 1 + 0 + 9) / 4.0;
        assertEquals((1 - mean) / Math.sqrt(var + 1e-5), y.get(0, 0), 1e-15);
        assertEquals(0.1 * mean, b.buffers.get(0).getFlat(0), 1e-15);
        assertEquals(0.9 + 0.1 * var * 4 / 3, b.buffers.get(1).getFlat(0), 1e-15, "unbiased variance");
        b.runtime.forward(x, y, st, false);
        double rm = 0.3;
        double rv = 0.9 + 0.1 * 14 / 3.0;
        assertArrayEquals(new double[] {(1 - rm) / Math.sqrt(rv + 1e-5), (2 - rm) / Math.sqrt(rv + 1e-5),
            (3 - rm) / Math.sqrt(rv + 1e-5), (6 - rm) / Math.sqrt(rv + 1e-5)}, y.toDoubleArray(), 1e-15);
        assertEquals(0.3, b.buffers.get(0).getFlat(0), 1e-15, "inference leaves the running statistics alone");
    }
}
