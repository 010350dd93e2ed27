package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nnj.api.DataException;
import org.nnj.api.Precision;

/**
 * Accuracy must not suffer for speed (performance issue): after 5 epochs of the benchmark workload
 * (Fashion-MNIST, 784-256-128-10, ReLU, softmax cross-entropy, Adam 1e-3, batch 128, same seed) the float32
 * path reaches the float64 path's test accuracy within 0.5 points. Not timed. Costs about 10 s (float32) plus
 * 20 s (float64) on 2 cores. Runs wherever Debian's dataset-fashion-mnist is installed; under CI (CI=true) a
 * missing data set is a failure, not a skip.
 */
class Float32AccuracyTest {

    @Test
    void float32ReachesFloat64TestAccuracyWithinHalfAPointAfter5Epochs() {
        try {
            FashionMnistExample.directory();
        } catch (DataException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must install dataset-fashion-mnist (scripts/test does): " + e.getMessage());
            }
            Assumptions.abort("Fashion-MNIST not installed: " + e.getMessage());
        }
        List<Integer> hidden = List.of(256, 128);
        BenchCommand.Result f32 = BenchCommand.run(5, 128, Precision.FLOAT32, null, hidden, 5, null);
        BenchCommand.Result f64 = BenchCommand.run(5, 128, Precision.FLOAT64, null, hidden, 5, null);
        double gap = Math.abs(f32.testAccuracy() - f64.testAccuracy());
        assertTrue(f64.testAccuracy() > 0.85, "float64 test accuracy " + f64.testAccuracy());
        assertTrue(gap <= 0.005, "float32 test accuracy " + f32.testAccuracy() + " vs float64 "
                + f64.testAccuracy() + ": " + 100 * gap + " points apart (at most 0.5 allowed)");
    }
}
