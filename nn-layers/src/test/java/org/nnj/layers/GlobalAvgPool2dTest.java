package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.testkit.LayerContract;

class GlobalAvgPool2dTest extends LayerContract {
    @Override
    protected Layer layer() {
        GlobalAvgPool2d plain = new GlobalAvgPool2d();
        return plain.configure(Config.resolve(plain.name(), plain.parameters(), Map.of()));
    }

    @Override
    protected Shape[] inputShapes() {
        return new Shape[] {Shape.image(3, 5, 7), Shape.image(1, 1, 1)};
    }

    @Test
    void eachChannelBecomesItsMean() {
        assertEquals(Shape.flat(3), layer().outputShape(Shape.image(3, 5, 7)));
        Built b = build(layer(), Shape.image(2, 1, 3), Precision.FLOAT64, 1);
        Mat y = Mat.zeros(Precision.FLOAT64, 1, 2);
        b.runtime.forward(Mat.of(Precision.FLOAT64, new double[][] {{1, 2, 6, -3, 0, 0}}), y, b.runtime.newState(1),
                false);
        assertArrayEquals(new double[] {3, -1}, y.toDoubleArray());
    }

    @Test
    void aFlatInputIsRefusedNamingItsShape() {
        assertEquals("expected an input of channels x height x width, got 784", assertThrows(ConfigException.class,
                () -> layer().outputShape(Shape.flat(784))).getMessage());
    }
}
