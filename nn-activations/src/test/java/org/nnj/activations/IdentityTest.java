package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class IdentityTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new Identity();
    }

    @Test
    void answersToLinear() {
        assertEquals(java.util.Set.of("linear"), activation().aliases());
    }
}
