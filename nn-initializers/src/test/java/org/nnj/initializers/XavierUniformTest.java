package org.nnj.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nnj.api.Precision;
import org.nnj.api.spi.Initializer;
import org.nnj.testkit.InitializerContract;

class XavierUniformTest extends InitializerContract {

    @Override
    protected Initializer initializer() {
        return new XavierUniform();
    }

    @Override
    protected String expectedName() {
        return "xavier_uniform";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("gain", 5.0 / 3));
    }

    @Test
    void boundIsGainTimesSqrtSixOverFanSum() {
        // torch.nn.init.xavier_uniform_: a = gain * sqrt(6 / (fan_in + fan_out))
        double a = 2.0 * Math.sqrt(6.0 / (30 + 20));
        assertEquals(a, Math.sqrt(3) * XavierUniform.of(Map.of("gain", 2.0)).stdFor(30, 20), 1e-15);
        for (Precision p : Precision.values()) {
            Moments m = Moments.of(XavierUniform.of(Map.of("gain", 2.0)), p, 30, 20, 13);
            m.assertDistribution(0, a * a / 3, "xavier_uniform " + p.id());
            m.assertWithin(-a, a, "xavier_uniform " + p.id());
        }
    }

    @Test
    void glorotIsAnAlias() {
        assertEquals(Set.of("glorot_uniform"), new XavierUniform().aliases());
    }
}
