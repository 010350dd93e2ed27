package org.nnj.initializers;

import org.junit.jupiter.api.Test;
import org.nnj.api.Precision;
import org.nnj.api.spi.Initializer;
import org.nnj.testkit.InitializerContract;

class LecunUniformTest extends InitializerContract {

    @Override
    protected Initializer initializer() {
        return new LecunUniform();
    }

    @Override
    protected String expectedName() {
        return "lecun_uniform";
    }

    @Test
    void boundIsSqrtThreeOverFanIn() {
        double b = Math.sqrt(3.0 / 25);
        for (Precision p : Precision.values()) {
            Moments m = Moments.of(new LecunUniform(), p, 25, 10, 17);
            m.assertDistribution(0, 1.0 / 25, "lecun_uniform " + p.id());
            m.assertWithin(-b, b, "lecun_uniform " + p.id());
        }
    }
}
