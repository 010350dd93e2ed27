package org.nnj.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nnj.api.F64Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Initializer;
import org.nnj.testkit.InitializerContract;

class UniformTest extends InitializerContract {

    @Override
    protected Initializer initializer() {
        return new Uniform();
    }

    @Override
    protected String expectedName() {
        return "uniform";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("low", 1.0, "high", 3.0));
    }

    @Override
    protected List<InvalidParameters> invalidParameters() {
        return List.of(new InvalidParameters("high", Map.of("low", 1.0, "high", 1.0)),
                new InvalidParameters("high", Map.of("low", 1.0, "high", -1.0)));
    }

    @Test
    void statisticsAndBounds() {
        for (Precision p : Precision.values()) {
            Moments m = Moments.of(Uniform.of(Map.of("low", 1.0, "high", 3.0)), p, 5, 5, 11);
            m.assertDistribution(2.0, 4.0 / 12, "U[1, 3) " + p.id());
            m.assertWithin(1.0, 3.0, "U[1, 3) " + p.id());
        }
    }

    @Test
    void drawsNextDoubleInRowMajorOrder() {
        F64Mat w = new F64Mat(2, 3);
        new Uniform().initialize(w, 3, 2, new SplittableRandom(9));
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 6; i++) {
            assertEquals(-0.05 + 0.1 * r.nextDouble(), w.data()[i], "element " + i);
        }
    }
}
