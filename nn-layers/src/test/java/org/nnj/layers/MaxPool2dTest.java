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

class MaxPool2dTest extends LayerContract {
    @Override
    protected Layer layer() {
        MaxPool2d plain = new MaxPool2d();
        return plain.configure(Config.resolve(plain.name(), plain.parameters(), Map.of("kernel_size", 3, "stride", 2)));
    }

    /** The winner of a window changes where two of its values cross: stay closer than any two values are. */
    @Override
    protected double gradientStep() {
        return 1e-4;
    }

    @Override
    protected Shape[] inputShapes() {
        return new Shape[] {Shape.image(2, 5, 7), Shape.image(1, 7, 3)};
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("kernel_size", 2, "stride", 1, "padding", 1),
                Map.of("kernel_size", 2, "drop_remainder", true),
                Map.of("kernel_size", 2, "stride", 2, "dilation", 2, "padding", 1, "drop_remainder", true),
                Map.of("kernel_size", List.of(3, 2), "stride", List.of(2, 1), "padding", List.of(1, 0)),
                Map.of("kernel_size", List.of(2, 3), "stride", List.of(1, 2), "dilation", List.of(2, 1),
                        "drop_remainder", true));
    }

    @Test
    void aWindowThatDoesNotTileTheInputIsAnError() {
        Layer pool = configured(Map.of("kernel_size", 2));
        assertEquals("input 64x7x7 cannot be pooled by 2x2 with stride 2 to a whole size (set \"drop_remainder\": "
                + "true to drop the last rows and columns, as PyTorch does)", assertThrows(ConfigException.class,
                () -> pool.outputShape(Shape.image(64, 7, 7))).getMessage());
        assertEquals(Shape.image(64, 3, 3), configured(Map.of("kernel_size", 2, "drop_remainder", true))
                .outputShape(Shape.image(64, 7, 7)));
        assertEquals("padding 2 is more than half the 3x3 window (as PyTorch requires, at most 1)",
                assertThrows(ConfigException.class, () -> configured(Map.of("kernel_size", 3, "padding", 2))
                        .outputShape(Shape.image(1, 9, 9))).getMessage());
        assertEquals("padding 1 is more than half the 1x3 window (as PyTorch requires, at most 0x1)",
                assertThrows(ConfigException.class, () -> configured(Map.of("kernel_size", List.of(1, 3),
                        "padding", 1)).outputShape(Shape.image(1, 9, 9))).getMessage());
        Layer rect = configured(Map.of("kernel_size", List.of(3, 2), "stride", List.of(2, 1), "padding", List.of(1, 0)));
        assertEquals(Shape.image(64, 4, 6), rect.outputShape(Shape.image(64, 7, 7)));
        assertEquals("input 64x8x7 cannot be pooled by 3x2 with stride 2x1 and padding 1x0 to a whole size (set "
                + "\"drop_remainder\": true to drop the last rows and columns, as PyTorch does)",
                assertThrows(ConfigException.class, () -> rect.outputShape(Shape.image(64, 8, 7))).getMessage());
        assertEquals("input 2x2x9 is smaller than the 3x2 window with padding 0x1", assertThrows(
                ConfigException.class, () -> configured(Map.of("kernel_size", List.of(3, 2), "padding",
                        List.of(0, 1))).outputShape(Shape.image(2, 2, 9))).getMessage());
        assertEquals("expected an input of channels x height x width, got 784 (a flat vector; give the spec's input "
                + "as [channels, height, width])", assertThrows(ConfigException.class,
                () -> rect.outputShape(Shape.flat(784))).getMessage());
    }

    @Test
    void tiesGoToTheFirstValueInRowMajorOrderAndNaNWins() {
        Built b = build(configured(Map.of("kernel_size", 2)), Shape.image(1, 2, 4), Precision.FLOAT64, 1);
        // window 1: all equal -> top-left; window 2: 5 appears twice -> the first (top row).
        Mat x = Mat.of(Precision.FLOAT64, new double[][] {{3, 3, 1, 5, 3, 3, 5, Double.NaN}});
        Mat y = Mat.zeros(Precision.FLOAT64, 1, 2);
        var state = b.runtime.newState(1);
        b.runtime.forward(x, y, state, true);
        assertEquals(3.0, y.get(0, 0));
        assertEquals(Double.NaN, y.get(0, 1));
        Mat gx = Mat.zeros(Precision.FLOAT64, 1, 8);
        b.runtime.backward(x, y, Mat.of(Precision.FLOAT64, new double[][] {{1, 2}}), gx, state);
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0, 0, 2}, gx.toDoubleArray());
        Mat z = Mat.of(Precision.FLOAT64, new double[][] {{3, 3, 1, 5, 3, 3, 5, 4}});
        b.runtime.forward(z, y, state, true);
        b.runtime.backward(z, y, Mat.of(Precision.FLOAT64, new double[][] {{1, 2}}), gx, state);
        assertArrayEquals(new double[] {1, 0, 0, 2, 0, 0, 0, 0}, gx.toDoubleArray());
    }
}
