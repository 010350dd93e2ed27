package org.nnj.core.cpu;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.spi.Backend;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Parallelism;
import org.nnj.core.internal.gemm.KernelConfig;

/**
 * {@code cpu}: the framework's own kernels ({@link CpuMatOps}: pure Java, the Vector API where the JVM has it),
 * the backend every network uses unless another is named. Listed so that {@code --backend cpu} works and
 * {@code nn plugins} shows the default beside the installed alternatives. Its one parameter, {@code variant},
 * picks a {@link KernelConfig#variant kernel configuration} other than the default, for comparisons (e.g.
 * {@code --backend cpu:variant=scalar}); none but {@code scalar} changes a result.
 */
@API(status = API.Status.INTERNAL)
public final class CpuBackend implements Backend {
    private static final List<Param> PARAMS = List.of(Param.string("variant", "default", KernelConfig.VARIANTS,
            "the kernel configuration: the default, or the default without one of its shortcuts (for comparisons)"));

    private final Config config;

    public CpuBackend() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private CpuBackend(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "the built-in Java kernels (the default; no native library)";
    }

    @Override
    public List<Param> parameters() {
        return PARAMS;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public CpuBackend configure(Config config) {
        return new CpuBackend(config);
    }

    /** The kernel configuration this backend runs. */
    public KernelConfig kernelConfig() {
        return KernelConfig.variant(config.string("variant"));
    }

    @Override
    public MatOps ops(MatOps builtIn, Parallelism parallelism) {
        KernelConfig kc = kernelConfig();
        return kc.equals(KernelConfig.DEFAULT) ? builtIn : CpuMatOps.of(kc);
    }
}
