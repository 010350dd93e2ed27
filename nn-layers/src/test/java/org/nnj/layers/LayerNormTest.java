package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.testkit.LayerContract;

class LayerNormTest extends LayerContract {
    @Override
    protected Layer layer() {
        LayerNorm plain = new LayerNorm();
        return plain.configure(Config.resolve(plain.name(), plain.parameters(), Map.of()));
    }

    @Override
    protected Shape[] inputShapes() {
        return new Shape[] {Shape.flat(4), Shape.image(2, 3, 2)};
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("eps", 1e-2), Map.of("elementwise_affine", false));
    }

    @Test
    void eachRowIsNormalizedOverAllItsValues() {
        Built b = build(layer(), Shape.flat(2), Precision.FLOAT64, 1);
        b.params.get(0).fill(1);
        b.params.get(1).fill(0);
        Mat y = Mat.zeros(Precision.FLOAT64, 2, 2);
        b.runtime.forward(Mat.of(Precision.FLOAT64, new double[][] {{1, 3}, {5, 5}}), y, b.runtime.newState(2), false);
        double s = 1 / Math.sqrt(1 + 1e-5);
        assertArrayEquals(new double[] {-s, s, 0, 0}, y.toDoubleArray(), 1e-15);
    }
}
