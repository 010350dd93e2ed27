package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Layer;
import org.nnj.testkit.LayerContract;

class DropoutTest extends LayerContract {
    @Override
    protected Layer layer() {
        return new Dropout();
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("rate", 0.2), Map.of("rate", 0.0));
    }

    @Test
    void isTheIdentityAtInferenceAndDropsAboutRateWhileTraining() {
        Built b = build(configured(Map.of("rate", 0.25)), 1000, Precision.FLOAT64, 1);
        Mat x = Mat.zeros(Precision.FLOAT64, 4, 1000);
        x.fill(1);
        Mat out = Mat.zeros(Precision.FLOAT64, 4, 1000);
        b.runtime.forward(x, out, b.runtime.newState(4), false);
        assertEquals(x, out, "dropout must be the identity at inference");
        b.runtime.forward(x, out, b.runtime.newState(4), true);
        int dropped = 0;
        double sum = 0;
        for (int i = 0; i < out.size(); i++) {
            double v = out.getFlat(i);
            assertTrue(v == 0 || Math.abs(v - 1 / 0.75) < 1e-15, "kept elements are scaled by 1/(1-rate): " + v);
            dropped += v == 0 ? 1 : 0;
            sum += v;
        }
        assertEquals(0.25, dropped / 4000.0, 0.03, "fraction dropped");
        assertEquals(1.0, sum / 4000, 0.05, "inverted dropout keeps the expected value");
    }
}
