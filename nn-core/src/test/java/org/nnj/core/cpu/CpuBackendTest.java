package org.nnj.core.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Backend;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.internal.gemm.KernelConfig;
import org.nnj.core.internal.threads.WorkerParallelism;
import org.nnj.core.registry.PluginRegistry;

class CpuBackendTest {
    @Test
    void handsBackTheBuiltInKernels() {
        assertSame(CpuMatOps.INSTANCE, new CpuBackend().ops(CpuMatOps.INSTANCE, WorkerParallelism.INSTANCE));
    }

    @Test
    void isFoundByServiceLoaderAsCpu() {
        assertTrue(ServiceLoader.load(Backend.class).stream().anyMatch(p -> p.type() == CpuBackend.class));
        assertEquals(CpuBackend.class,
                PluginRegistry.discover().get(PluginKind.BACKEND, "cpu").getClass());
    }

    /** A variant is a kernel configuration of its own; those that keep the bits give the default's bits. */
    @Test
    void aVariantRunsItsOwnKernelConfiguration() {
        CpuBackend noSwap = variant("no-swap");
        MatOps ops = noSwap.ops(CpuMatOps.INSTANCE, WorkerParallelism.INSTANCE);
        assertNotSame(CpuMatOps.INSTANCE, ops);
        assertFalse(((CpuMatOps) ops).config().swap());
        assertFalse(((CpuMatOps) variant("scalar").ops(CpuMatOps.INSTANCE, WorkerParallelism.INSTANCE)).config()
                .simd());
        for (Precision p : Precision.values()) {
            Mat x = Mat.zeros(p, 8, 300);
            Mat w = Mat.zeros(p, 64, 300);
            for (int i = 0; i < x.size(); i++) {
                x.setFlat(i, Math.sin(i));
            }
            for (int i = 0; i < w.size(); i++) {
                w.setFlat(i, Math.cos(i) * 0.1);
            }
            Mat viaDefault = Mat.zeros(p, 8, 64);
            Mat viaVariant = Mat.zeros(p, 8, 64);
            CpuMatOps.INSTANCE.gemm(false, true, 1, x, w, 0, viaDefault);
            ops.gemm(false, true, 1, x, w, 0, viaVariant);
            assertArrayEquals(viaDefault.toDoubleArray(), viaVariant.toDoubleArray(), 0.0, p.toString());
        }
    }

    @Test
    void anUnknownVariantFailsListingTheKnownOnes() {
        ConfigException e = assertThrows(ConfigException.class, () -> variant("fast"));
        assertTrue(e.getMessage().contains("variant"), e.getMessage());
        ConfigException direct = assertThrows(ConfigException.class, () -> KernelConfig.variant("fast"));
        assertTrue(direct.getMessage().contains("no-swap"), direct.getMessage());
    }

    private static CpuBackend variant(String name) {
        CpuBackend b = new CpuBackend();
        return b.configure(Config.resolve("backend", b.parameters(), Map.of("variant", name)));
    }
}
