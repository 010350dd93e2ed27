package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.Shape;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.testkit.LayerContract;

class FlattenTest extends LayerContract {
    @Override
    protected Layer layer() {
        Flatten plain = new Flatten();
        return plain.configure(Config.resolve(plain.name(), plain.parameters(), Map.of()));
    }

    @Override
    protected Shape[] inputShapes() {
        return new Shape[] {Shape.image(3, 2, 5), Shape.flat(4)};
    }

    @Test
    void keepsTheValuesAndDropsTheShape() {
        assertEquals(Shape.flat(3136), layer().outputShape(Shape.image(64, 7, 7)));
    }
}
