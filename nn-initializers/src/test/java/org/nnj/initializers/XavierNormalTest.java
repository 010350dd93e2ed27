package org.nnj.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nnj.api.Precision;
import org.nnj.api.spi.Initializer;
import org.nnj.testkit.InitializerContract;

class XavierNormalTest extends InitializerContract {

    @Override
    protected Initializer initializer() {
        return new XavierNormal();
    }

    @Override
    protected String expectedName() {
        return "xavier_normal";
    }

    @Test
    void varianceIsTwoOverFanSum() {
        for (Precision p : Precision.values()) {
            Moments.of(new XavierNormal(), p, 30, 20, 14).assertDistribution(0, 2.0 / 50, "xavier_normal " + p.id());
            Moments.of(XavierNormal.of(Map.of("gain", 3.0)), p, 30, 20, 14)
                    .assertDistribution(0, 9 * 2.0 / 50, "xavier_normal gain 3 " + p.id());
        }
    }

    @Test
    void glorotIsAnAlias() {
        assertEquals(Set.of("glorot_normal"), new XavierNormal().aliases());
    }
}
