package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nnj.api.DataException;
import org.nnj.api.Shape;
import org.nnj.core.Nets;

/**
 * The fashion-cnn example's target. Its full run (10 epochs, about 4 minutes on 2 unloaded cores and far more on
 * a shared CI machine) reaches at least 0.915 test accuracy (the figure is in docs/performance.md); this test runs
 * the first 2 epochs of the same spec and seeds, which must reach 0.88 (PyTorch's run of torch_cnn.py reaches
 * 0.89 after 2 epochs), a bound the full run exceeds. Runs wherever Debian's dataset-fashion-mnist is
 * installed; under CI (CI=true) a missing data set is a failure, not a skip.
 */
class FashionCnnTest {
    static final int SHORT_EPOCHS = 2;
    static final double SHORT_BOUND = 0.88;

    @Test
    void theBundledSpecIsTheNetworkOfTorchCnn() {
        var spec = FashionCnnExample.spec(Nets.registry());
        assertEquals(Shape.image(1, 28, 28), spec.network().inputShape());
        assertEquals(128, spec.training().batchSize());
        assertEquals(10, spec.training().epochs());
        assertEquals(421_642, org.nnj.core.Network.build(spec.network(), Nets.registry()).parameterCount(),
                "the parameter count of torch_cnn.py's model");
    }

    @Test
    void twoEpochsReachTheShortRunsBound() {
        try {
            FashionMnistExample.directory();
        } catch (DataException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must install dataset-fashion-mnist (scripts/test does): " + e.getMessage());
            }
            Assumptions.abort("Fashion-MNIST not installed: " + e.getMessage());
        }
        IrisExample.Outcome o = FashionCnnExample.train(SHORT_EPOCHS, Integer.MAX_VALUE, null);
        assertEquals(10_000, o.test().size(), "the official test set");
        assertTrue(o.evaluation().accuracy() >= SHORT_BOUND, "test accuracy " + o.evaluation().accuracy());
    }
}
