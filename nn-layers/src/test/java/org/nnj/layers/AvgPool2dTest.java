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

class AvgPool2dTest extends LayerContract {
    @Override
    protected Layer layer() {
        AvgPool2d plain = new AvgPool2d();
        return plain.configure(Config.resolve(plain.name(), plain.parameters(), Map.of("kernel_size", 3, "stride", 2, "padding", 1)));
    }

    @Override
    protected Shape[] inputShapes() {
        return new Shape[] {Shape.image(2, 5, 7), Shape.image(1, 3, 9)};
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("kernel_size", 3, "stride", 2, "padding", 1, "count_include_pad", false),
                Map.of("kernel_size", 2, "drop_remainder", true),
                Map.of("kernel_size", 3, "stride", 1));
    }

    @Test
    void paddingCountsAsZerosUnlessToldOtherwise() {
        Mat x = Mat.of(Precision.FLOAT64, new double[][] {{1, 2, 3, 4}});
        Mat y = Mat.zeros(Precision.FLOAT64, 1, 4);
        Built with = build(configured(Map.of("kernel_size", 3, "stride", 1, "padding", 1)), Shape.image(1, 2, 2),
                Precision.FLOAT64, 1);
        with.runtime.forward(x, y, with.runtime.newState(1), false);
        assertArrayEquals(new double[] {10 / 9.0, 10 / 9.0, 10 / 9.0, 10 / 9.0}, y.toDoubleArray(), 1e-15);
        Built without = build(configured(Map.of("kernel_size", 3, "stride", 1, "padding", 1, "count_include_pad",
                false)), Shape.image(1, 2, 2), Precision.FLOAT64, 1);
        without.runtime.forward(x, y, without.runtime.newState(1), false);
        assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5}, y.toDoubleArray(), 1e-15);
    }
}
