package org.nnj.activations;

import java.util.List;
import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class SeluTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new Selu();
    }

    @Override
    protected List<Double> edgePoints(Activation instance) {
        return List.of(0.0);
    }
}
