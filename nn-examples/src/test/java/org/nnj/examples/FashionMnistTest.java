package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nnj.api.DataException;

/**
 * The Fashion-MNIST target: at least 0.89 test accuracy within 20 epochs. Runs wherever Debian's
 * dataset-fashion-mnist is installed; under CI (CI=true) a missing data set is a failure, not a skip.
 */
class FashionMnistTest {

    @Test
    void mlpReachesAtLeast089TestAccuracyWithin20Epochs() {
        try {
            FashionMnistExample.directory();
        } catch (DataException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must install dataset-fashion-mnist (scripts/test does): " + e.getMessage());
            }
            Assumptions.abort("Fashion-MNIST not installed: " + e.getMessage());
        }
        IrisExample.Outcome o = FashionMnistExample.train(FashionMnistExample.EPOCHS, null);
        assertEquals(10_000, o.test().size(), "the official test set");
        assertTrue(o.evaluation().accuracy() >= 0.89, "test accuracy " + o.evaluation().accuracy());
    }
}
