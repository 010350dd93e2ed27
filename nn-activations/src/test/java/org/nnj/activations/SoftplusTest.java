package org.nnj.activations;


import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class SoftplusTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new Softplus();
    }
}
