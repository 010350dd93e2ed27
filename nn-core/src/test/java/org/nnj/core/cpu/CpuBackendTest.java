package org.nnj.core.cpu;

import org.nnj.core.internal.threads.WorkerParallelism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.nnj.api.spi.Backend;
import org.nnj.api.spi.PluginKind;
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
}
