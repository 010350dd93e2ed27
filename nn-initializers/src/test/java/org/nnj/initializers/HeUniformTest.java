package org.nnj.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Initializer;
import org.nnj.testkit.InitializerContract;

class HeUniformTest extends InitializerContract {

    @Override
    protected Initializer initializer() {
        return new HeUniform();
    }

    @Override
    protected String expectedName() {
        return "he_uniform";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("negative_slope", 0.01, "mode", "fan_out"));
    }

    @Test
    void boundIsSqrtSixOverFanInForRelu() {
        // torch.nn.init.kaiming_uniform_(mode="fan_in", nonlinearity="relu"): bound = sqrt(6 / fan_in)
        double b = Math.sqrt(6.0 / 40);
        assertEquals(b, Math.sqrt(3) * new HeUniform().stdFor(40, 10), 1e-15);
        for (Precision p : Precision.values()) {
            Moments m = Moments.of(new HeUniform(), p, 40, 10, 15);
            m.assertDistribution(0, b * b / 3, "he_uniform " + p.id());
            m.assertWithin(-b, b, "he_uniform " + p.id());
        }
    }

    @Test
    void leakySlopeAndFanOutChangeTheScale() {
        double gain = Math.sqrt(2.0 / (1 + 0.2 * 0.2));
        assertEquals(gain / Math.sqrt(10), HeUniform.of(Map.of("negative_slope", 0.2, "mode", "fan_out"))
                .stdFor(40, 10), 1e-15);
    }

    @Test
    void aZeroFanIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HeUniform()
                .initialize(Mat.zeros(Precision.FLOAT64, 1, 1), 0, 1, generator(1)));
        assertEquals("fanIn must be > 0 to scale the initial weights, got 0", e.getMessage());
    }
}
