package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;
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
                Map.of("kernel_size", 3, "stride", 1),
                Map.of("kernel_size", List.of(3, 2), "stride", List.of(2, 1), "padding", List.of(1, 1),
                        "count_include_pad", false),
                Map.of("kernel_size", List.of(1, 3), "stride", List.of(1, 3), "drop_remainder", true));
    }

    @Test
    void shapesItCannotTakeAreRefusedNamingThem() {
        assertEquals("input 3x5x7 cannot be pooled by 2x2 with stride 2 to a whole size (set \"drop_remainder\": "
                + "true to drop the last rows and columns, as PyTorch does)", assertThrows(ConfigException.class,
                () -> configured(Map.of("kernel_size", 2)).outputShape(Shape.image(3, 5, 7))).getMessage());
        assertEquals(Shape.image(3, 2, 3), configured(Map.of("kernel_size", 2, "drop_remainder", true))
                .outputShape(Shape.image(3, 5, 7)));
        assertEquals("input 3x5x7 cannot be pooled by 1x3 with stride 1x3 to a whole size (set \"drop_remainder\": "
                + "true to drop the last rows and columns, as PyTorch does)", assertThrows(ConfigException.class,
                () -> configured(Map.of("kernel_size", List.of(1, 3))).outputShape(Shape.image(3, 5, 7))).getMessage());
        assertEquals("input 1x2x9 is smaller than the 3x3 window", assertThrows(ConfigException.class,
                () -> configured(Map.of("kernel_size", 3)).outputShape(Shape.image(1, 2, 9))).getMessage());
        assertEquals("padding 0x2 is more than half the 3x3 window (as PyTorch requires, at most 1)",
                assertThrows(ConfigException.class, () -> configured(Map.of("kernel_size", 3, "padding", List.of(0, 2)))
                        .outputShape(Shape.image(1, 9, 9))).getMessage());
        assertEquals("expected an input of channels x height x width, got 10 (a flat vector; give the spec's input as "
                + "[channels, height, width])", assertThrows(ConfigException.class,
                () -> configured(Map.of("kernel_size", 3)).outputShape(Shape.flat(10))).getMessage());
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
