package org.nnj.blas;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.PluginException;
import org.nnj.api.spi.Backend;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Parallelism;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code openblas}: matrix products on the system's OpenBLAS, through the JNI binding of dev.ludovic.netlib
 * (which loads {@code libblas.so.3} from the library path, or the file named by
 * {@code -Ddev.ludovic.netlib.blas.nativeLibPath}).
 *
 * <p>Which products go native ({@code products}): by default only those with op(B) transposed, a dense layer's
 * forward pass {@code X W^T}, where OpenBLAS measured faster than the built-in kernels on the Fashion-MNIST
 * network (those kernels pack W transposed on every call; docs/performance.md, rounds I and K); {@code all}
 * sends every product. Products with a side below {@code min_side} stay on the built-in kernels (OpenBLAS runs
 * the output layer's products, a side of 10, at a third of their speed).
 *
 * <p>Refused, with a message that says what was found and what to do: no native BLAS at all; a native BLAS that
 * is not an optimized one (Debian's reference {@code libblas3} multiplies at 2-5 GFLOPS, 30 times slower than
 * the built-in kernels; {@code require_optimized = false} allows it); an OpenBLAS built with threads (pthread or
 * OpenMP) that is not limited to one thread. The framework splits each product over its own threads; an
 * OpenBLAS that starts its own would spin-wait beside them, the slowdown the performance issue warns about
 * (PyTorch's 2-thread row): set {@code OPENBLAS_NUM_THREADS=1} (the {@code nn} launcher does). The serial build
 * ({@code libopenblas0-serial}) is accepted but called one call at a time, since two threads calling it at once
 * got wrong results ({@link NativeLibrary.Kind#OPENBLAS_SERIAL}); the pthread build with one thread is the one to
 * install ({@code libopenblas0-pthread}).
 */
@API(status = API.Status.EXPERIMENTAL)
public final class OpenBlasBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(OpenBlasBackend.class);
    private static final List<Param> PARAMS = List.of(
            Param.string("products", "transposed_b", List.of("transposed_b", "all"),
                    "which products go to the native BLAS: those with op(B) transposed (forward passes), or all"),
            Param.integer("min_side", 32L, "products with m, n or k below this stay on the built-in kernels")
                    .atLeast(1),
            Param.bool("require_optimized", true,
                    "refuse a native BLAS that is not OpenBLAS, MKL or BLIS (the reference BLAS is 30x slower)"));

    private final Config config;

    /** The defaults: forward products with every side at least 32 go native. */
    public OpenBlasBackend() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private OpenBlasBackend(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("blas");
    }

    @Override
    public String description() {
        return "the system's OpenBLAS (dev.ludovic.netlib JNI) for forward products, the built-in kernels for the rest";
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
    public OpenBlasBackend configure(Config config) {
        return new OpenBlasBackend(config);
    }

    @Override
    public MatOps ops(MatOps builtIn, Parallelism parallelism) {
        BLAS blas = load();
        NativeLibrary lib = NativeLibrary.find(NativeLibrary.mappedFiles(), System::getenv);
        String problem = lib.problem(config.bool("require_optimized"));
        if (problem != null) {
            throw new PluginException("backend \"openblas\": " + problem);
        }
        if (!lib.concurrentCallsSafe()) {
            LOG.warn("backend openblas: {} may not be called from two threads at once (no locks in a serial build): "
                    + "one call at a time, on one thread; the pthread build (libopenblas0-pthread, with "
                    + "OPENBLAS_NUM_THREADS=1) lets nnj split products over its threads", lib.describe());
        }
        LOG.info("backend openblas: {} (products: {}, min_side {})", lib.describe(), config.string("products"),
                config.integer("min_side"));
        BlasMatOps.Route route = new BlasMatOps.Route(config.string("products").equals("transposed_b"),
                config.integer("min_side"));
        return new BlasMatOps(blas, builtIn, parallelism, route, Runtime.getRuntime().availableProcessors(),
                lib.concurrentCallsSafe());
    }

    private static BLAS load() {
        try {
            return NativeBLAS.getInstance();
        } catch (RuntimeException | LinkageError e) {
            String path = System.getProperty("dev.ludovic.netlib.blas.nativeLibPath");
            throw new PluginException("backend \"openblas\": no native BLAS could be loaded ("
                    + (path != null ? "-Ddev.ludovic.netlib.blas.nativeLibPath=" + path
                    : "dev.ludovic.netlib looked for libblas.so.3 on the library path") + ": " + e.getMessage()
                    + "). Install OpenBLAS (Debian/Ubuntu: apt-get install libopenblas0-pthread) or point "
                    + "-Ddev.ludovic.netlib.blas.nativeLibPath at a libopenblas.so.0; without --backend the "
                    + "built-in kernels need no native library", e);
        }
    }
}
