package org.nnj.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.Parallelism;
import org.nnj.core.cpu.CpuMatOps;
import org.nnj.core.internal.threads.WorkerParallelism;
import org.nnj.testkit.Mats;

/**
 * The {@code measured} route: the decision follows the speeds measured on real calls, every call is computed once
 * and correctly during and after the calibration, the steady state allocates nothing, several threads may
 * calibrate one shape at once, and the table of shapes is bounded. No timing is asserted: the two sides differ by
 * a factor of two or more by construction (twice the work, or f2j's scalar loops against the built-in kernels).
 */
class MeasuredRouteTest {
    /** dev.ludovic.netlib's pure-Java BLAS (f2j's translation of the reference BLAS): a real, slow BLAS. */
    private static final BLAS F2J = f2j();
    private static final BlasMatOps.Route TRANSPOSED_B = new BlasMatOps.Route(true, 32);

    /**
     * A real {@link MatOps} doing twice the work of {@code inner}: each product is computed once into a scratch
     * matrix, then again into C.
     */
    private static final class Twice implements MatOps {
        private final MatOps inner;
        private Mat scratch;

        Twice(MatOps inner) {
            this.inner = inner;
        }

        @Override
        public void gemm(boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta, Mat c) {
            gemm(transA, transB, alpha, a, b, beta, c, null);
        }

        @Override
        public synchronized void gemm(boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta,
                                      Mat c, Mat bias) {
            if (scratch == null || scratch.precision() != c.precision() || scratch.rows() != c.rows()
                    || scratch.cols() != c.cols()) {
                scratch = Mats.zerosLike(c);
            }
            inner.gemm(transA, transB, alpha, a, b, 0, scratch);
            inner.gemm(transA, transB, alpha, a, b, beta, c, bias);
        }

        @Override
        public void addRowVector(Mat row, Mat target) {
            inner.addRowVector(row, target);
        }

        @Override
        public void sumRows(Mat source, double beta, Mat target) {
            inner.sumRows(source, beta, target);
        }
    }

    @Test
    void aSlowNativeLibraryLosesToTheBuiltInKernels() {
        // 128 x 256 x 784, the first layer's forward product: f2j's loops against the built-in kernels.
        MeasuredRoute measured = new MeasuredRoute(2, 5, "transposed_b");
        MatOps ops = new BlasMatOps(F2J, CpuMatOps.INSTANCE, WorkerParallelism.INSTANCE, TRANSPOSED_B, measured, 2,
                true);
        SplittableRandom r = new SplittableRandom(1);
        Mat x = Mats.uniform(Precision.FLOAT32, r, 128, 784, -1, 1);
        Mat w = Mats.uniform(Precision.FLOAT32, r, 256, 784, -1, 1);
        Mat bias = Mats.uniform(Precision.FLOAT32, r, 1, 256, -1, 1);
        MeasuredRoute.Signature s = measured.find(4, 128, 256, 784);
        int calls = 0;
        while (s.decision == MeasuredRoute.UNDECIDED) {
            checkProduct(ops, false, true, x, w, bias, r, "call " + calls);
            assertTrue(++calls <= 14, "undecided after " + calls + " calls (2 + 2 untimed, 2 x 5 timed)");
        }
        assertEquals(14, calls, "calls until decided");
        assertEquals(MeasuredRoute.BUILT_IN, s.decision);
        double[] medians = s.medians();
        assertTrue(medians[0] > medians[1], "native median " + medians[0] + " ns, built-in " + medians[1]);
        // Decided: later calls are bit for bit the built-in kernels'.
        for (int i = 0; i < 3; i++) {
            Mat c = Mats.uniform(Precision.FLOAT32, r, 128, 256, -1, 1);
            Mat expect = Mats.copy(c);
            CpuMatOps.INSTANCE.gemm(false, true, 0.5, x, w, 1, expect, bias);
            ops.gemm(false, true, 0.5, x, w, 1, c, bias);
            assertArrayEquals(expect.toDoubleArray(), c.toDoubleArray());
        }
    }

    @Test
    void aBuiltInRouteDoingTwiceTheWorkLosesToTheNativeLibrary() {
        // Both sides run f2j's gemm; the "built-in" side computes every product twice.
        BlasMatOps f2jEverywhere = new BlasMatOps(F2J, CpuMatOps.INSTANCE, Parallelism.SERIAL,
                new BlasMatOps.Route(false, 1), 1, true);
        MeasuredRoute measured = new MeasuredRoute(3, 7, "transposed_b");
        MatOps ops = new BlasMatOps(F2J, new Twice(f2jEverywhere), Parallelism.SERIAL, TRANSPOSED_B, measured, 1,
                true);
        SplittableRandom r = new SplittableRandom(2);
        for (Precision p : Precision.values()) {
            // A^T B, a weight gradient's product: not one the transposed_b rule would send native.
            Mat a = Mats.uniform(p, r, 70, 48, -1, 1);
            Mat b = Mats.uniform(p, r, 70, 90, -1, 1);
            // f2j's loops compiled first: with both sides still interpreted or in C1, a JIT compilation landing
            // in one side's few timed calls decided the shape on JDK 25 (float64 went built-in once in CI).
            Mat warm = Mat.zeros(p, 48, 90);
            for (int i = 0; i < 400; i++) {
                f2jEverywhere.gemm(true, false, 1, a, b, 0, warm);
            }
            MeasuredRoute.Signature s = measured.find(p == Precision.FLOAT64 ? 3 : 2, 48, 90, 70);
            int calls = 0;
            while (s.decision == MeasuredRoute.UNDECIDED) {
                checkProduct(ops, true, false, a, b, calls % 3 == 0 ? Mats.uniform(p, r, 1, 90, -1, 1) : null, r,
                        p + ", call " + calls);
                assertTrue(++calls <= 19, "undecided after " + calls + " calls");
            }
            assertEquals(2 + 3 + 2 * 7, calls, "calls until decided");
            assertEquals(MeasuredRoute.NATIVE, s.decision, p.toString());
            for (int i = 0; i < 3; i++) {
                checkProduct(ops, true, false, a, b, null, r, p + ", decided");
            }
        }
        assertEquals(2, measured.size());
    }

    @Test
    void callsAlternateAfterTheWarmUpOfEachRoute() {
        MeasuredRoute measured = new MeasuredRoute(3, 4, "transposed_b");
        StringBuilder order = new StringBuilder();
        for (int t = 0; t < 12; t++) {
            order.append(measured.isNative(t) ? 'N' : 'B');
        }
        assertEquals("NNBBBNBNBNBN", order.toString());
        // No warm-up at all: native first, then in turn.
        MeasuredRoute none = new MeasuredRoute(0, 4, "transposed_b");
        assertTrue(none.isNative(0) && !none.isNative(1) && none.isNative(2));
        assertThrows(IllegalArgumentException.class, () -> new MeasuredRoute(-1, 4, "x"));
        assertThrows(IllegalArgumentException.class, () -> new MeasuredRoute(0, 0, "x"));
    }

    @Test
    void theSteadyStateAllocatesNothing() {
        // One shape decided native (twice the work on the other side), one built-in (f2j against the kernels);
        // then the decided calls, lookups included, allocate nothing.
        BlasMatOps f2jEverywhere = new BlasMatOps(F2J, CpuMatOps.INSTANCE, Parallelism.SERIAL,
                new BlasMatOps.Route(false, 1), 1, true);
        MeasuredRoute toNative = new MeasuredRoute(1, 3, "transposed_b");
        MatOps nativeOps = new BlasMatOps(F2J, new Twice(f2jEverywhere), WorkerParallelism.INSTANCE, TRANSPOSED_B,
                toNative, 2, true);
        MeasuredRoute toBuiltIn = new MeasuredRoute(1, 3, "transposed_b");
        MatOps builtInOps = new BlasMatOps(F2J, CpuMatOps.INSTANCE, WorkerParallelism.INSTANCE, TRANSPOSED_B,
                toBuiltIn, 2, true);
        SplittableRandom r = new SplittableRandom(3);
        Mat x = Mats.uniform(Precision.FLOAT32, r, 64, 100, -1, 1);
        Mat w = Mats.uniform(Precision.FLOAT32, r, 96, 100, -1, 1);
        Mat bias = Mats.uniform(Precision.FLOAT32, r, 1, 96, -1, 1);
        Mat c = Mat.zeros(Precision.FLOAT32, 64, 96);
        Mat big = Mats.uniform(Precision.FLOAT32, r, 300, 400, -1, 1);
        Mat bigC = Mat.zeros(Precision.FLOAT32, 300, 300);
        for (int i = 0; i < 20; i++) {
            nativeOps.gemm(false, true, 1, x, w, 0, c, bias);
            builtInOps.gemm(false, true, 1, big, big, 0, bigC);
        }
        assertEquals(MeasuredRoute.NATIVE, toNative.find(4, 64, 96, 100).decision);
        assertEquals(MeasuredRoute.BUILT_IN, toBuiltIn.find(4, 300, 300, 400).decision);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        for (int block = 0; block < 40 && least > 0; block++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20; i++) {
                nativeOps.gemm(false, true, 1, x, w, 0, c, bias);
                builtInOps.gemm(false, true, 1, big, big, 0, bigC);
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, least, "bytes allocated by the fewest-allocating block of 20 decided calls of each");
    }

    @Test
    void severalThreadsCalibratingOneShapeGetCorrectResultsAndOneDecision() throws Exception {
        MeasuredRoute measured = new MeasuredRoute(2, 6, "transposed_b");
        AtomicInteger nativeCalls = new AtomicInteger();
        MatOps ops = new BlasMatOps(counting(F2J, nativeCalls), CpuMatOps.INSTANCE, WorkerParallelism.INSTANCE,
                TRANSPOSED_B, measured, 2, true);
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    Mat a = Mats.uniform(Precision.FLOAT32, r, 40, 64, -1, 1);
                    Mat b = Mats.uniform(Precision.FLOAT32, r, 50, 64, -1, 1);
                    Mat a2 = Mats.uniform(Precision.FLOAT64, r, 64, 33, -1, 1);
                    Mat b2 = Mats.uniform(Precision.FLOAT64, r, 64, 20, -1, 1);
                    start.await();
                    for (int i = 0; i < 25; i++) {
                        checkProduct(ops, false, true, a, b, null, r, "thread " + seed + ", call " + i);
                        checkProduct(ops, true, false, a2, b2, null, r, "thread " + seed + ", call " + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, measured.size());
        int decided = 0;
        for (MeasuredRoute.Signature s : new MeasuredRoute.Signature[] {measured.find(4, 40, 50, 64),
                measured.find(3, 33, 20, 64)}) {
            assertTrue(s.decision != MeasuredRoute.UNDECIDED, s + " undecided after 100 calls");
            decided++;
        }
        assertEquals(2, decided);
        // Each shape's calibration took at least its 2 + 6 native calls.
        assertTrue(nativeCalls.get() >= 16, "native calls " + nativeCalls.get());
    }

    @Test
    void afterTheMostShapesNewOnesTakeTheStaticRule() {
        MeasuredRoute measured = new MeasuredRoute(1, 2, "transposed_b");
        List<MeasuredRoute.Signature> kept = new ArrayList<>();
        for (int i = 0; i < MeasuredRoute.CAPACITY; i++) {
            kept.add(measured.find(i % 8, 1 + i, 2, 3));
        }
        assertEquals(MeasuredRoute.CAPACITY, measured.size());
        for (int i = 0; i < MeasuredRoute.CAPACITY; i++) {
            assertSame(kept.get(i), measured.find(i % 8, 1 + i, 2, 3), "signature " + i);
        }
        assertNull(measured.find(0, 1000, 2, 3), "a shape beyond the table");
        assertEquals(MeasuredRoute.CAPACITY, measured.size());
        // Through the MatOps: a new A B product stays built-in (the rule), a new A B^T goes native.
        AtomicInteger nativeCalls = new AtomicInteger();
        MatOps ops = new BlasMatOps(counting(F2J, nativeCalls), CpuMatOps.INSTANCE, Parallelism.SERIAL,
                TRANSPOSED_B, measured, 1, true);
        SplittableRandom r = new SplittableRandom(4);
        Mat a = Mats.uniform(Precision.FLOAT32, r, 40, 50, -1, 1);
        checkProduct(ops, false, false, a, Mats.uniform(Precision.FLOAT32, r, 50, 60, -1, 1), null, r, "A B, table full");
        assertEquals(0, nativeCalls.get());
        checkProduct(ops, false, true, a, Mats.uniform(Precision.FLOAT32, r, 60, 50, -1, 1), null, r, "A B^T, table full");
        assertEquals(1, nativeCalls.get());
        assertEquals(MeasuredRoute.CAPACITY, measured.size());
    }

    @Test
    void aSignatureReadsAsInTheLogLine() {
        MeasuredRoute measured = new MeasuredRoute(1, 2, "transposed_b");
        assertEquals("128 x 256 x 784 (A B^T, float32)", measured.find(4, 128, 256, 784).toString());
        assertEquals("256 x 784 x 128 (A^T B, float64)", measured.find(3, 256, 784, 128).toString());
        assertTrue(Double.isNaN(measured.find(0, 1, 1, 1).medians()[0]), "no median before the decision");
    }

    @Test
    void theParametersAndTheirErrors() {
        OpenBlasBackend backend = new OpenBlasBackend();
        assertEquals("measured", backend.config().string("products"));
        assertEquals(OpenBlasBackend.WARMUP_CALLS, backend.config().integer("warmup_calls"));
        assertEquals(OpenBlasBackend.TIMED_CALLS, backend.config().integer("timed_calls"));
        for (String pinned : List.of("transposed_b", "all")) {
            Config c = Config.resolve("backend", backend.parameters(), Map.of("products", pinned));
            assertEquals(pinned, c.string("products"));
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.resolve("backend", backend.parameters(), Map.of("products", "fastest")));
        assertTrue(e.getMessage().contains("\"fastest\"")
                && e.getMessage().contains("expected one of measured, transposed_b, all"), e.getMessage());
        ConfigException t = assertThrows(ConfigException.class,
                () -> Config.resolve("backend", backend.parameters(), Map.of("timed_calls", 0L)));
        assertTrue(t.getMessage().contains("timed_calls") && t.getMessage().contains("0"), t.getMessage());
        ConfigException w = assertThrows(ConfigException.class,
                () -> Config.resolve("backend", backend.parameters(), Map.of("warmup_calls", -1L)));
        assertTrue(w.getMessage().contains("warmup_calls") && w.getMessage().contains("-1"), w.getMessage());
    }

    /** One product through {@code ops} against the built-in kernels, C starting random (beta 0.75). */
    private static void checkProduct(MatOps ops, boolean tA, boolean tB, Mat a, Mat b, Mat bias, SplittableRandom r,
                                     String what) {
        Precision p = a.precision();
        int m = tA ? a.cols() : a.rows();
        int n = tB ? b.rows() : b.cols();
        Mat c = Mats.uniform(p, r, m, n, -1, 1);
        Mat expect = Mats.copy(c);
        CpuMatOps.INSTANCE.gemm(tA, tB, 1.25, a, b, 0.75, expect, bias);
        ops.gemm(tA, tB, 1.25, a, b, 0.75, c, bias);
        double eps = p == Precision.FLOAT32 ? 1e-5 : 1e-13;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double e = expect.get(i, j);
                double g = c.get(i, j);
                if (!(Math.abs(e - g) <= 10 * eps * Math.max(1, Math.abs(e)))) {
                    throw new AssertionError(what + ": element (" + i + ", " + j + ") expected " + e + ", got " + g);
                }
            }
        }
    }

    /** {@code blas} counting its sgemm and dgemm calls (a proxy: it allocates, so not for the allocation test). */
    private static BLAS counting(BLAS blas, AtomicInteger calls) {
        return (BLAS) Proxy.newProxyInstance(BLAS.class.getClassLoader(), new Class<?>[] {BLAS.class},
                (proxy, method, args) -> {
                    if (method.getName().endsWith("gemm")) {
                        calls.incrementAndGet();
                    }
                    return method.invoke(blas, args);
                });
    }

    /**
     * dev.ludovic.netlib's {@code F2jBLAS} (package-private; {@code JavaBLAS.getInstance()} would also load the
     * native library, before {@link OpenBlasBackendTest} can say which).
     */
    private static BLAS f2j() {
        try {
            Method get = Class.forName("dev.ludovic.netlib.blas.F2jBLAS").getDeclaredMethod("getInstance");
            get.setAccessible(true);
            BLAS blas = (BLAS) get.invoke(null);
            assertNotNull(blas);
            return blas;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("dev.ludovic.netlib's F2jBLAS", e);
        }
    }
}
