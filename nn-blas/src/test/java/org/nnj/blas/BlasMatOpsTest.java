package org.nnj.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.ShapeException;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.Parallelism;
import org.nnj.core.cpu.CpuMatOps;
import org.nnj.core.internal.threads.WorkerParallelism;
import org.nnj.testkit.Mats;

/**
 * The row-major to column-major mapping, the offsets of views and the split into ranges, checked on the
 * reference BLAS translated to Java (f2j's {@code org.netlib.blas}, which dev.ludovic.netlib depends on: the same
 * calls the native library gets, so this runs on every machine) against the built-in kernels. Not
 * {@code JavaBLAS.getInstance()}: that also loads the native library, before {@link OpenBlasBackendTest} can say
 * which.
 */
class BlasMatOpsTest {
    private static final BLAS JAVA = reference();
    private static final BlasMatOps.Route ALL = new BlasMatOps.Route(false, 1);

    /** Runs the ranges last to first, one at a time: a split that depends on the order shows up. */
    private static final Parallelism BACKWARDS = (n, chunk, body) -> {
        List<int[]> ranges = new ArrayList<>();
        for (int from = 0; from < n; from += chunk) {
            ranges.add(new int[] {from, Math.min(n, from + chunk)});
        }
        for (int i = ranges.size() - 1; i >= 0; i--) {
            body.run(ranges.get(i)[0], ranges.get(i)[1]);
        }
    };

    @Test
    void everyTransposeAndPrecisionMatchesTheBuiltInKernels() {
        SplittableRandom r = new SplittableRandom(7);
        // Small products run in one call; those of at least PARALLEL_FLOPS are split, by rows (m >= n) or by
        // columns, into ranges of unequal sizes where the side does not divide evenly.
        int[][] shapes = {{5, 7, 3}, {1, 9, 4}, {128, 10, 128}, {131, 70, 90}, {41, 301, 100}};
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            assertEquals(i >= 3, 2L * s[0] * s[1] * s[2] >= BlasMatOps.PARALLEL_FLOPS, "the last two are split");
        }
        // {threads, concurrent calls allowed}: the last is a library called one call at a time, unsplit.
        int[][] setups = {{1, 1}, {2, 1}, {3, 1}, {2, 0}};
        for (Precision p : Precision.values()) {
            for (int[] setup : setups) {
                MatOps blas = new BlasMatOps(JAVA, CpuMatOps.INSTANCE, BACKWARDS, ALL, setup[0], setup[1] == 1);
                for (int[] s : shapes) {
                    for (boolean tA : new boolean[] {false, true}) {
                        for (boolean tB : new boolean[] {false, true}) {
                            check(blas, p, tA, tB, s[0], s[1], s[2], r,
                                    "threads " + setup[0] + (setup[1] == 1 ? "" : ", one call at a time"));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aLibraryThatIsNotThreadSafeIsNeverEnteredTwiceAtOnce() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        BLAS counting = (BLAS) Proxy.newProxyInstance(BLAS.class.getClassLoader(), new Class<?>[] {BLAS.class},
                (proxy, method, args) -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(1);
                        return method.invoke(JAVA, args);
                    } finally {
                        inside.decrementAndGet();
                    }
                });
        // A Parallelism that fails: an unsplittable library's products must not be handed to other threads.
        Parallelism none = (n, chunk, body) -> {
            throw new AssertionError("split a product of a library that is not thread-safe");
        };
        MatOps blas = new BlasMatOps(counting, CpuMatOps.INSTANCE, none, ALL, 4, false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(1);
                    for (int i = 0; i < 10; i++) {
                        check(blas, Precision.FLOAT32, false, true, 131, 70, 90, r, "concurrent callers");
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
        assertEquals(1, most.get(), "threads inside the library at once");
    }

    @Test
    void viewsWithOffsetsAreReadAndWrittenWhereTheyLie() {
        SplittableRandom r = new SplittableRandom(11);
        MatOps blas = new BlasMatOps(JAVA, CpuMatOps.INSTANCE, WorkerParallelism.INSTANCE, ALL, 2, true);
        for (Precision p : Precision.values()) {
            // Row views of larger matrices: nonzero offsets in A, B and C.
            Mat a = Mats.uniform(p, r, 200, 90, -1, 1).rows(37, 120);
            Mat b = Mats.uniform(p, r, 100, 90, -1, 1).rows(5, 80);
            Mat big = Mats.uniform(p, r, 300, 80, -1, 1);
            Mat expectBig = Mats.copy(big);
            CpuMatOps.INSTANCE.gemm(false, true, 0.5, a, b, 2.0, expectBig.rows(100, 120));
            blas.gemm(false, true, 0.5, a, b, 2.0, big.rows(100, 120));
            assertClose(expectBig.rows(100, 120), big.rows(100, 120), p, "views, alpha 0.5, beta 2");
            // The rows around the view are untouched.
            assertArrayEquals(expectBig.rows(0, 100).toDoubleArray(), big.rows(0, 100).toDoubleArray());
            assertArrayEquals(expectBig.rows(220, 80).toDoubleArray(), big.rows(220, 80).toDoubleArray());
        }
    }

    @Test
    void aBiasIsAddedToEveryRow() {
        SplittableRandom r = new SplittableRandom(3);
        MatOps blas = new BlasMatOps(JAVA, CpuMatOps.INSTANCE, BACKWARDS, ALL, 2, true);
        for (Precision p : Precision.values()) {
            Mat x = Mats.uniform(p, r, 64, 50, -1, 1);
            Mat w = Mats.uniform(p, r, 40, 50, -1, 1);
            Mat bias = Mats.uniform(p, r, 1, 40, -1, 1);
            Mat expect = Mat.zeros(p, 64, 40);
            Mat got = Mat.zeros(p, 64, 40);
            CpuMatOps.INSTANCE.gemm(false, true, 1, x, w, 0, expect, bias);
            blas.gemm(false, true, 1, x, w, 0, got, bias);
            assertClose(expect, got, p, "bias");
        }
    }

    @Test
    void productsOutsideTheRouteGoToTheBuiltInKernelsBitForBit() {
        SplittableRandom r = new SplittableRandom(5);
        // Only A * B^T with every side >= 32 goes native; this BLAS would fail the test if it were called.
        BLAS never = (BLAS) Proxy.newProxyInstance(BLAS.class.getClassLoader(),
                new Class<?>[] {BLAS.class}, (proxy, method, args) -> {
                    throw new AssertionError("native BLAS called: " + method.getName());
                });
        MatOps blas = new BlasMatOps(never, CpuMatOps.INSTANCE, BACKWARDS, new BlasMatOps.Route(true, 32), 2, true);
        Mat x = Mats.uniform(Precision.FLOAT32, r, 128, 64, -1, 1);
        Mat narrow = Mats.uniform(Precision.FLOAT32, r, 10, 64, -1, 1);
        Mat wide = Mats.uniform(Precision.FLOAT32, r, 64, 100, -1, 1);
        Mat expect = Mat.zeros(Precision.FLOAT32, 128, 10);
        Mat got = Mat.zeros(Precision.FLOAT32, 128, 10);
        CpuMatOps.INSTANCE.gemm(false, true, 1, x, narrow, 0, expect);
        blas.gemm(false, true, 1, x, narrow, 0, got); // n = 10 < 32
        assertArrayEquals(expect.toDoubleArray(), got.toDoubleArray());
        Mat expect2 = Mat.zeros(Precision.FLOAT32, 128, 100);
        Mat got2 = Mat.zeros(Precision.FLOAT32, 128, 100);
        CpuMatOps.INSTANCE.gemm(false, false, 1, x, wide, 0, expect2);
        blas.gemm(false, false, 1, x, wide, 0, got2); // op(B) not transposed
        assertArrayEquals(expect2.toDoubleArray(), got2.toDoubleArray());
    }

    @Test
    void theRouteTakesTransposedBProductsWithEverySideLargeEnough() {
        BlasMatOps.Route forward = new BlasMatOps.Route(true, 32);
        assertTrue(forward.takes(true, 128, 256, 784));
        assertTrue(!forward.takes(false, 128, 256, 784));
        assertTrue(!forward.takes(true, 128, 10, 128));
        assertTrue(!forward.takes(true, 31, 256, 784));
        assertTrue(new BlasMatOps.Route(false, 32).takes(false, 32, 32, 32));
    }

    @Test
    void badShapesAreRejectedBeforeAnyCall() {
        MatOps blas = new BlasMatOps(JAVA, CpuMatOps.INSTANCE, BACKWARDS, ALL, 2, true);
        ShapeException e = assertThrows(ShapeException.class, () -> blas.gemm(false, true, 1,
                Mat.zeros(Precision.FLOAT32, 4, 5), Mat.zeros(Precision.FLOAT32, 3, 6), 0,
                Mat.zeros(Precision.FLOAT32, 4, 3)));
        assertTrue(e.getMessage().contains("op(A) is 4 x 5") && e.getMessage().contains("op(B) is 6 x 3"),
                e.getMessage());
        assertThrows(RuntimeException.class, () -> blas.gemm(false, false, 1, Mat.zeros(Precision.FLOAT32, 40, 40),
                Mat.zeros(Precision.FLOAT64, 40, 40), 0, Mat.zeros(Precision.FLOAT32, 40, 40)));
        // A bias of the other precision is rejected before anything is computed: C stays as it was.
        Mat c = Mat.zeros(Precision.FLOAT32, 40, 40);
        c.fill(7);
        assertThrows(RuntimeException.class, () -> blas.gemm(false, true, 1, Mat.zeros(Precision.FLOAT32, 40, 40),
                Mat.zeros(Precision.FLOAT32, 40, 40), 0, c, Mat.zeros(Precision.FLOAT64, 1, 40)));
        assertEquals(7.0, c.get(39, 39));
    }

    private static void check(MatOps blas, Precision p, boolean tA, boolean tB, int m, int n, int k,
                              SplittableRandom r, String what) {
        Mat a = tA ? Mats.uniform(p, r, k, m, -1, 1) : Mats.uniform(p, r, m, k, -1, 1);
        Mat b = tB ? Mats.uniform(p, r, n, k, -1, 1) : Mats.uniform(p, r, k, n, -1, 1);
        Mat expect = Mats.uniform(p, r, m, n, -1, 1);
        Mat got = Mats.copy(expect);
        CpuMatOps.INSTANCE.gemm(tA, tB, 1.5, a, b, 0.25, expect);
        blas.gemm(tA, tB, 1.5, a, b, 0.25, got);
        assertClose(expect, got, p, what + ", " + p + ", " + m + " x " + n + " x " + k + (tA ? ", A^T" : "")
                + (tB ? ", B^T" : ""));
    }

    /** Different orders of addition: within a few units in the last place of the sums' magnitude. */
    private static void assertClose(Mat expect, Mat got, Precision p, String what) {
        double eps = p == Precision.FLOAT32 ? 1e-5 : 1e-13;
        for (int i = 0; i < expect.rows(); i++) {
            for (int j = 0; j < expect.cols(); j++) {
                double e = expect.get(i, j);
                double g = got.get(i, j);
                double tol = eps * Math.max(1, Math.abs(e)) * 10;
                if (!(Math.abs(e - g) <= tol)) {
                    throw new AssertionError(what + ": element (" + i + ", " + j + ") expected " + e + ", got " + g);
                }
            }
        }
    }

    /** {@link BLAS} with sgemm and dgemm (the only calls {@link BlasMatOps} makes) on f2j's reference code. */
    private static BLAS reference() {
        return (BLAS) Proxy.newProxyInstance(BLAS.class.getClassLoader(), new Class<?>[] {BLAS.class},
                (proxy, method, a) -> {
                    if (method.getName().equals("sgemm") && a.length == 16) {
                        org.netlib.blas.Sgemm.sgemm((String) a[0], (String) a[1], (int) a[2], (int) a[3], (int) a[4],
                                (float) a[5], (float[]) a[6], (int) a[7], (int) a[8], (float[]) a[9], (int) a[10],
                                (int) a[11], (float) a[12], (float[]) a[13], (int) a[14], (int) a[15]);
                        return null;
                    }
                    if (method.getName().equals("dgemm") && a.length == 16) {
                        org.netlib.blas.Dgemm.dgemm((String) a[0], (String) a[1], (int) a[2], (int) a[3], (int) a[4],
                                (double) a[5], (double[]) a[6], (int) a[7], (int) a[8], (double[]) a[9], (int) a[10],
                                (int) a[11], (double) a[12], (double[]) a[13], (int) a[14], (int) a[15]);
                        return null;
                    }
                    throw new AssertionError("unexpected BLAS call " + method);
                });
    }
}
