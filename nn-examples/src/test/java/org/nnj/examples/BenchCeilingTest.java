package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnj.api.Precision;

/** The ceiling {@code nn bench} reports is measured here, on the products the run does, not a constant. */
class BenchCeilingTest {
    @Test
    void theProductsAreTheStepsProductsAndTheirFlopsTheWorkloads() {
        List<int[]> ps = BenchCeiling.products(128, List.of(784, 256, 128, 10));
        assertEquals(8, ps.size(), "3 forward, 3 weight gradients, 2 input gradients (none for the input layer)");
        assertEquals(BenchCommand.FLOPS_PER_SAMPLE * 128, BenchCeiling.flops(ps), 0.0);
        int[] fwd1 = ps.get(0);
        assertEquals(List.of(128, 256, 784, 0, 1), List.of(fwd1[0], fwd1[1], fwd1[2], fwd1[3], fwd1[4]));
    }

    @Test
    void theCeilingIsMeasuredAndSaysByWhat() {
        BenchCeiling c = BenchCeiling.measure(32, List.of(784, 64, 10), Precision.FLOAT32, 1);
        assertTrue(c.samplesPerSecond() > 0 && c.gflops() > 0, c.toString());
        String line = c.describe(1);
        assertTrue(line.contains(c.openBlas() ? "(OpenBLAS: " : "FMA peak"), line);
        assertEquals(c.samplesPerSecond(),
                c.gflops() * 1e9 / BenchCeiling.flops(BenchCeiling.products(32, List.of(784, 64, 10))) * 32,
                c.samplesPerSecond() * 1e-9, "samples/s = GFLOPS / flops per sample");
    }
}
