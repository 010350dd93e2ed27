package org.nnj.activations;

import java.util.List;
import java.util.Map;
import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class EluTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new Elu();
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("alpha", 0.5), Map.of("alpha", 2.0));
    }

    @Override
    protected List<Double> edgePoints(Activation instance) {
        return List.of(0.0);
    }
}
