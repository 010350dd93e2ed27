package org.nnj.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nnj.api.Precision;
import org.nnj.api.spi.Initializer;
import org.nnj.testkit.InitializerContract;

class HeNormalTest extends InitializerContract {

    @Override
    protected Initializer initializer() {
        return new HeNormal();
    }

    @Override
    protected String expectedName() {
        return "he_normal";
    }

    @Test
    void varianceIsTwoOverFanIn() {
        for (Precision p : Precision.values()) {
            Moments.of(new HeNormal(), p, 40, 10, 16).assertDistribution(0, 2.0 / 40, "he_normal " + p.id());
        }
    }

    @Test
    void kaimingIsAnAlias() {
        assertEquals(Set.of("kaiming_normal"), new HeNormal().aliases());
    }
}
