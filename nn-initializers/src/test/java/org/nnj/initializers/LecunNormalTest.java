package org.nnj.initializers;

import org.junit.jupiter.api.Test;
import org.nnj.api.Precision;
import org.nnj.api.spi.Initializer;
import org.nnj.testkit.InitializerContract;

class LecunNormalTest extends InitializerContract {

    @Override
    protected Initializer initializer() {
        return new LecunNormal();
    }

    @Override
    protected String expectedName() {
        return "lecun_normal";
    }

    @Test
    void varianceIsOneOverFanIn() {
        for (Precision p : Precision.values()) {
            Moments.of(new LecunNormal(), p, 25, 10, 18).assertDistribution(0, 1.0 / 25, "lecun_normal " + p.id());
        }
    }
}
