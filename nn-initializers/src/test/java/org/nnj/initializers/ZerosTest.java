package org.nnj.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nnj.api.Precision;
import org.nnj.api.spi.Initializer;
import org.nnj.testkit.InitializerContract;

class ZerosTest extends InitializerContract {

    @Override
    protected Initializer initializer() {
        return new Zeros();
    }

    @Override
    protected String expectedName() {
        return "zeros";
    }

    @Override
    protected boolean isRandom(Initializer initializer) {
        return false;
    }

    @Test
    void everyWeightIsZero() {
        Moments m = Moments.of(new Zeros(), Precision.FLOAT32, 10, 10, 1);
        assertEquals(0.0, m.min());
        assertEquals(0.0, m.max());
    }
}
