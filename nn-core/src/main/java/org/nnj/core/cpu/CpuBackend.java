package org.nnj.core.cpu;

import org.nnj.api.spi.Backend;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.Parallelism;

/**
 * {@code cpu}: the framework's own kernels ({@link CpuMatOps}: pure Java, the Vector API where the JVM has it),
 * the backend every network uses unless another is named. Listed so that {@code --backend cpu} works and
 * {@code nn plugins} shows the default beside the installed alternatives.
 */
public final class CpuBackend implements Backend {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "the built-in Java kernels (the default; no native library)";
    }

    @Override
    public MatOps ops(MatOps builtIn, Parallelism parallelism) {
        return builtIn;
    }
}
