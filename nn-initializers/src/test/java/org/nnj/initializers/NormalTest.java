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

class NormalTest extends InitializerContract {

    @Override
    protected Initializer initializer() {
        return new Normal();
    }

    @Override
    protected String expectedName() {
        return "normal";
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("mean", 1.0, "std", 2.0));
    }

    @Test
    void statistics() {
        for (Precision p : Precision.values()) {
            Moments.of(Normal.of(Map.of("mean", 1.0, "std", 2.0)), p, 5, 5, 12)
                    .assertDistribution(1.0, 4.0, "N(1, 4) " + p.id());
        }
    }

    @Test
    void drawsNextGaussianInRowMajorOrder() {
        F64Mat w = new F64Mat(3, 2);
        Normal.of(Map.of("mean", 1.0, "std", 2.0)).initialize(w, 2, 3, new SplittableRandom(9));
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 6; i++) {
            assertEquals(1.0 + 2.0 * r.nextGaussian(), w.data()[i], "element " + i);
        }
    }
}
