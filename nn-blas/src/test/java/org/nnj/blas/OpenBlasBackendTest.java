package org.nnj.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nnj.api.PluginException;
import org.nnj.api.Precision;
import org.nnj.api.spi.Backend;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.cpu.CpuMatOps;
import org.nnj.core.internal.threads.WorkerParallelism;
import org.nnj.testkit.ContractFailures;
import org.nnj.testkit.PluginContract;

/**
 * The plugin contract, the refusal messages, and (where an optimized native BLAS is installed) a network trained
 * on this backend against the same network on the built-in kernels.
 */
class OpenBlasBackendTest extends PluginContract<Backend> {
    static {
        // scripts/test unpacks Debian's OpenBLAS (pthread build) and names it here, so that CI runs the native path
        // without installing anything system-wide; the binding reads the property once, on first use.
        String lib = System.getProperty("nnj.test.openblas", "");
        if (!lib.isBlank() && System.getProperty("dev.ludovic.netlib.blas.nativeLibPath") == null) {
            System.setProperty("dev.ludovic.netlib.blas.nativeLibPath", lib);
        }
    }

    @Override
    protected Backend plugin() {
        return new OpenBlasBackend();
    }

    @Override
    protected PluginKind<Backend> kind() {
        return PluginKind.BACKEND;
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("products", "all", "min_side", 8L, "require_optimized", false),
                Map.of("products", "transposed_b"),
                Map.of("products", "measured", "warmup_calls", 0L, "timed_calls", 3L));
    }

    @Override
    protected void assertSameBehaviour(Backend expected, Backend actual, ContractFailures failures) {
        if (!expected.config().equals(actual.config())) {
            failures.add("config " + actual.config() + ", expected " + expected.config());
        }
    }

    /** The native library this JVM loads, or null with the reason it was refused (then the test is skipped). */
    private static MatOps nativeOps() {
        try {
            return new OpenBlasBackend().ops(CpuMatOps.INSTANCE, WorkerParallelism.INSTANCE);
        } catch (PluginException e) {
            assertTrue(e.getMessage().startsWith("backend \"openblas\": "), e.getMessage());
            // Either nothing loads, or what loads is named with what to install or set instead.
            assertTrue(e.getMessage().contains("no native BLAS could be loaded")
                    || e.getMessage().contains("OPENBLAS_NUM_THREADS=1")
                    || e.getMessage().contains("require_optimized=false"), e.getMessage());
            return null;
        }
    }

    @Test
    void refusesWithAMessageOrRuns() {
        MatOps ops = nativeOps();
        Assumptions.assumeTrue(ops != null, "no optimized native BLAS on this machine (the refusal was checked)");
        assertTrue(ops instanceof BlasMatOps);
    }

    @Test
    void aNetworkTrainsToTheSameLossAsOnTheBuiltInKernels() {
        Assumptions.assumeTrue(nativeOps() != null, "no optimized native BLAS on this machine");
        double[][] x = new double[256][40];
        double[][] y = new double[256][3];
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = r.nextDouble(-1, 1);
                s += x[i][j] * (j % 3 - 1);
            }
            y[i][s < -0.5 ? 0 : s < 0.5 ? 1 : 2] = 1;
        }
        // The built-in kernels; every product pinned native; measured, deciding within the first 20 steps.
        double[] losses = new double[3];
        for (int b = 0; b < 3; b++) {
            Nets.NetworkBuilder nb = Nets.network(40).dense(64, "relu").dense(48, "relu").dense(3, "softmax")
                    .loss("categorical_crossentropy").precision(Precision.FLOAT64).seed(3);
            if (b == 1) {
                nb.backend("openblas", "products", "all", "min_side", 3);
            } else if (b == 2) {
                nb.backend("openblas", "warmup_calls", 1, "timed_calls", 3);
            }
            Network net = nb.build();
            var xm = org.nnj.api.Mat.of(Precision.FLOAT64, x);
            var ym = org.nnj.api.Mat.of(Precision.FLOAT64, y);
            Nets.train(net).optimizer("adam", "lr", 0.01).epochs(5).batchSize(64).fit(xm, ym);
            losses[b] = net.evaluate(xm, ym).loss();
        }
        // Float64 sums in a different order: equal to many digits after 5 epochs.
        assertEquals(losses[0], losses[1], 1e-9 * Math.abs(losses[0]), "final loss, cpu vs openblas (all)");
        assertEquals(losses[0], losses[2], 1e-9 * Math.abs(losses[0]), "final loss, cpu vs openblas (measured)");
    }

    /**
     * As nn-core's SteadyStateAllocationTest for the built-in kernels: once the measured route has decided each
     * product (within the first block), the steps allocate nothing, whichever route each product took.
     */
    @Test
    void aTrainingStepOnOpenBlasAllocatesNothingInSteadyState() {
        Assumptions.assumeTrue(nativeOps() != null, "no optimized native BLAS on this machine");
        org.nnj.api.Mat x = org.nnj.api.Mat.zeros(Precision.FLOAT32, 64, 100);
        org.nnj.api.Mat y = org.nnj.api.Mat.zeros(Precision.FLOAT32, 64, 10);
        for (int i = 0; i < 64; i++) {
            x.set(i, i % 100, 1);
            y.set(i, i % 10, 1);
        }
        // The first layer's products are split when native (2 * 64 * 96 * 100 flops > 1M).
        Network net = Nets.network(100).dense(96, "relu").dense(10, "softmax").loss("categorical_crossentropy")
                .backend("openblas").seed(3).build();
        org.nnj.core.Trainer trainer = new org.nnj.core.Trainer(net,
                Nets.train(net).optimizer("adam", "lr", 0.001).options());
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        for (int block = 0; block < 60 && least > 0; block++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200; i++) {
                trainer.step(x, y);
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, least, "bytes allocated by the fewest-allocating block of 200 steps");
    }
}
