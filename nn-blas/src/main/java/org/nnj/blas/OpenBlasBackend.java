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
 * <p>Which products go native ({@code products}):
 * <ul>
 * <li>{@code measured} (the default): those where the native library is faster on the machine at hand. For each
 * product signature (precision, op(A), op(B), m, n, k) its first calls go to the native library and to the
 * built-in kernels, each call computed once, by one of the two: untimed, 2 native calls (first touch) and
 * {@code warmup_calls} built-in calls (the JIT compiling the kernels' code for the shape); then the two in turn,
 * {@code timed_calls} calls of each timed (the whole product, its split over the threads included); the route with
 * the smaller median takes the signature for the rest of the process, and an INFO line says which, with both
 * medians. With the defaults a signature is decided at its 176th call: training the Fashion-MNIST MLP (batch 128,
 * 469 steps an epoch), every product of a step is decided after 176 steps, 38% of the first epoch. The warm-up is
 * that long because the JIT is slow to bring some of the kernels' paths to speed (on the 2-core Zen 5 of
 * docs/performance.md: the large products after 20-40 calls, later when the machine is busy, and the
 * {@code 10 x 128 x 128} {@code A^T B} product only after 100-150); it costs nothing against the {@code cpu}
 * backend, whose kernels it runs (and a shape called fewer times, e.g. an evaluation batch, stays on them after
 * its first 2 calls). Which route wins depends on the CPU, the JVM's vector width (e.g.
 * {@code -XX:UseAVX=2}), the shape and the OpenBLAS build, so it is measured rather than guessed (docs/performance.md
 * has the decisions on one machine). The
 * first 256 signatures are measured; later ones take the {@code transposed_b} rule.
 * The timing decides only the route, but OpenBLAS rounds differently from the built-in kernels, so two runs on the
 * same machine may differ in the last bits where a close decision went the other way; a pinned route is
 * reproducible (the same bits on every run on the same machine).</li>
 * <li>{@code transposed_b} (pinned): products with op(B) transposed, a dense layer's forward pass {@code X W^T},
 * which OpenBLAS ran faster than the built-in kernels on the old Zen 3 (AVX2) machine (those kernels then packed
 * W transposed on every call).</li>
 * <li>{@code all} (pinned): every product.</li>
 * </ul>
 * On the pinned routes products with a side below {@code min_side} stay on the built-in kernels (OpenBLAS ran the
 * output layer's products, a side of 10, at a third of their speed on the Zen 3 machine); the measured route
 * measures those too.
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
    /** Untimed calls of each route per signature (docs/performance.md: how they were chosen). */
    static final int WARMUP_CALLS = 150;
    /** Timed calls of each route per signature. */
    static final int TIMED_CALLS = 12;
    private static final List<Param> PARAMS = List.of(
            Param.string("products", "measured", List.of("measured", "transposed_b", "all"),
                    "which products go to the native BLAS: measured (each product shape timed on its first calls "
                            + "on both, the faster takes it; results may differ in the last bits from run to run), "
                            + "or pinned: transposed_b (op(B) transposed: forward passes) or all"),
            Param.integer("min_side", 32L, "on the pinned routes (and for shapes beyond the measured "
                    + MeasuredRoute.CAPACITY + "), products with m, n or k below this stay on the built-in kernels")
                    .atLeast(1),
            Param.integer("warmup_calls", (long) WARMUP_CALLS,
                    "measured: the first calls of the built-in kernels per product shape, not timed (the JIT "
                            + "compiling them); the native library's first 2 (fewer if this is less) are not "
                            + "timed either")
                    .atLeast(0).atMost(10_000),
            Param.integer("timed_calls", (long) TIMED_CALLS,
                    "measured: the calls of each route timed per product shape; the smaller median wins")
                    .atLeast(1).atMost(10_000),
            Param.bool("require_optimized", true,
                    "refuse a native BLAS that is not OpenBLAS, MKL or BLIS (the reference BLAS is 30x slower)"));

    private final Config config;

    /** The defaults: the route is measured per product shape. */
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
        return "the system's OpenBLAS (dev.ludovic.netlib JNI) for the products it runs faster (timed on their "
                + "first calls), the built-in kernels for the rest";
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
        String products = config.string("products");
        boolean pinned = !products.equals("measured");
        if (pinned) {
            LOG.info("backend openblas: {} (products: {}, min_side {})", lib.describe(), products,
                    config.integer("min_side"));
        } else {
            LOG.info("backend openblas: {} (products: measured, {} untimed and {} timed calls of each route per "
                    + "product shape)", lib.describe(), config.integer("warmup_calls"), config.integer("timed_calls"));
        }
        BlasMatOps.Route route = new BlasMatOps.Route(!products.equals("all"), config.integer("min_side"));
        MeasuredRoute measured = pinned ? null : new MeasuredRoute(config.integer("warmup_calls"),
                config.integer("timed_calls"), "transposed_b (op(B) transposed, every side >= "
                + config.integer("min_side") + ")");
        return new BlasMatOps(blas, builtIn, parallelism, route, measured, Runtime.getRuntime().availableProcessors(),
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
