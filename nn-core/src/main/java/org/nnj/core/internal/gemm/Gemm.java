package org.nnj.core.internal.gemm;

import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.ShapeException;
import org.nnj.core.internal.simd.Simd;
import org.nnj.core.internal.threads.Workers;

/**
 * General matrix multiply, row-major: {@code C = alpha * op(A) * op(B) + beta * C} where op(A) is m x k,
 * op(B) is k x n and C is m x n. {@code lda}, {@code ldb}, {@code ldc} are the row strides of the arrays as
 * stored (so for a transposed A, stored k x m, lda >= m). With {@code beta == 0} C is overwritten without
 * being read; with {@code alpha == 0} or {@code k == 0} A and B are not read.
 *
 * <p>The overloads with {@code bias} fuse a bias add into the epilogue: {@code C = alpha*op(A)*op(B) + beta*C
 * + 1 * bias^T}, where {@code bias[biasOff .. biasOff+n)} is added to every row (what a dense layer's forward
 * pass needs, without a second sweep over C).
 *
 * <p>How it runs: a blocked, packed multiply with register tiles (6 x 16 floats or 6 x 8 doubles on the
 * Vector API with FMA; 4 rows on JDK 25 and for products with m or k at most 64 or n at most 16; 4 x 4 in plain
 * Java without the Vector API); transposes are handled while packing. One source for both precisions: the
 * float32 classes ({@code F32*}) are the templates of the float64 ones, generated at build time. A
 * product {@code A * B^T} with at most 32 rows (a dense layer's forward pass at a small batch) is computed as its
 * transpose, so that B's rows are read in place instead of being packed transposed (same bits); a product
 * {@code A^T * B} with 5, 10 or 15 rows (the weight gradient of a layer with that many outputs) is computed in
 * tiles of five rows on A and B in place ({@link NarrowTN}, same bits). One-row
 * products (m == 1, single-sample inference) take a matrix-vector path. Products of at least 100,000 flops, and
 * matrix-vector products over at least 65,536 elements of B, are split over output blocks between the calling
 * thread and parked daemon workers ({@link #setMaxThreads}, default all processors). The split never cuts k, so
 * the result is bit-identical for any number of threads. Steady-state calls allocate nothing. The first
 * product that needs the 6 x 16 tile takes about 0.4 s longer: the tile is run on a long panel first, so that
 * the JIT compiles it in its fast form (see {@link F32VectorKernel#warmUp}). How it runs is a {@link
 * KernelConfig}: the static methods use {@link KernelConfig#DEFAULT}, {@link #of} any other; no choice but the
 * plain-Java kernels ({@link KernelConfig#simd}) changes a result.
 *
 * <p>Thread-safe: any number of threads may call at once (only one of them at a time gets the workers, the
 * others compute alone).
 */
@API(status = API.Status.INTERNAL)
public final class Gemm {
    private static final Gemm DEFAULT = new Gemm(KernelConfig.DEFAULT);

    private final KernelConfig config;
    final F32Gemm f32;
    final F64Gemm f64;

    private Gemm(KernelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.f32 = new F32Gemm(config);
        this.f64 = new F64Gemm(config);
    }

    /** The multiply of {@code config} (the shared default instance for {@link KernelConfig#DEFAULT}). */
    public static Gemm of(KernelConfig config) {
        return config.equals(DEFAULT.config) ? DEFAULT : new Gemm(config);
    }

    /** The multiply of {@link KernelConfig#DEFAULT}, what the static methods run. */
    public static Gemm defaults() {
        return DEFAULT;
    }

    public KernelConfig config() {
        return config;
    }

    /** Whether this configuration runs the Vector API kernels (the module is present and {@code simd} is on). */
    public boolean vectors() {
        return config.simd() && Simd.ENABLED;
    }

    /**
     * What the default configuration runs on this machine for elements of {@code elementBytes} (4: float32, 8:
     * float64), for benchmarks and logs: the vector width, the vector registers, and the large products' tile
     * ({@link TileTable}; after the first large product, the tile its start-up check kept), e.g. "512-bit vectors
     * (16 floats), 32 vector registers, JDK 17: large products on the 8 x 32 float32 tile".
     */
    public static String describeMachine(int elementBytes) {
        if (!simd()) {
            return TileTable.scalarDescription();
        }
        int checked = elementBytes == Double.BYTES ? F64VectorKernel.machineRows() : F32VectorKernel.machineRows();
        return TileTable.machine().describe(elementBytes, checked);
    }

    /** Whether the default configuration runs the Vector API kernels. */
    public static boolean simd() {
        return DEFAULT.vectors();
    }

    /** Threads (the caller included) a multiply may use. */
    public static int maxThreads() {
        return Workers.maxThreads();
    }

    /**
     * Sets the number of threads (the caller included) a multiply may use, for benchmarks and experiments;
     * {@code 1} keeps all work on the calling thread. Results do not depend on it.
     */
    public static void setMaxThreads(int threads) {
        Workers.setMaxThreads(threads);
    }

    /** {@code C = alpha * op(A) * op(B) + beta * C} in float32, with this configuration. */
    public void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc) {
        f32.gemm(f32.kernel(m, n, k), Workers.maxThreads(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff,
                ldb, beta, c, cOff, ldc, null, 0);
    }

    /** The same plus {@code bias[biasOff + j]} added to column j of every row. */
    public void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        f32.gemm(f32.kernel(m, n, k), Workers.maxThreads(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff,
                ldb, beta, c, cOff, ldc, Objects.requireNonNull(bias, "bias"), biasOff);
    }

    /** {@code C = alpha * op(A) * op(B) + beta * C} in float64, with this configuration. */
    public void multiply(boolean transA, boolean transB, int m, int n, int k, double alpha,
                         double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                         double beta, double[] c, int cOff, int ldc) {
        f64.gemm(f64.kernel(m, n, k), Workers.maxThreads(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff,
                ldb, beta, c, cOff, ldc, null, 0);
    }

    /** The same plus {@code bias[biasOff + j]} added to column j of every row. */
    public void multiply(boolean transA, boolean transB, int m, int n, int k, double alpha,
                         double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                         double beta, double[] c, int cOff, int ldc, double[] bias, int biasOff) {
        f64.gemm(f64.kernel(m, n, k), Workers.maxThreads(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff,
                ldb, beta, c, cOff, ldc, Objects.requireNonNull(bias, "bias"), biasOff);
    }

    /** {@link #multiply} in float32 with the default configuration. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        DEFAULT.multiply(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@link #multiply} in float32 with the default configuration, plus a bias added to every row. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        DEFAULT.multiply(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias,
                biasOff);
    }

    /** {@link #multiply} in float64 with the default configuration. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        DEFAULT.multiply(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@link #multiply} in float64 with the default configuration, plus a bias added to every row. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc, double[] bias, int biasOff) {
        DEFAULT.multiply(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias,
                biasOff);
    }

    /** The default configuration's float32 multiply with a given kernel and thread count (tests). */
    static void sgemm(F32Kernel kern, int threads, boolean tA, boolean tB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        DEFAULT.f32.gemm(kern, threads, tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias,
                biasOff);
    }

    /** The default configuration's float64 multiply with a given kernel and thread count (tests). */
    static void dgemm(F64Kernel kern, int threads, boolean tA, boolean tB, int m, int n, int k, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc, double[] bias, int biasOff) {
        DEFAULT.f64.gemm(kern, threads, tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias,
                biasOff);
    }

    static void checkDims(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new ShapeException("gemm: sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    /** Checks that a rows x cols view with row stride ld starting at off lies inside an array of length len. */
    static void checkView(String name, int len, int off, int rows, int cols, int ld) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (len < 0) {
            throw new ShapeException("gemm: " + name + " must be a " + rows + " x " + cols + " array view, got null");
        }
        if (ld < cols && rows > 1) {
            throw new ShapeException("gemm: the leading dimension of " + name + " must be at least " + cols
                    + " (the elements of its stored rows), got " + ld);
        }
        long end = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || end > len) {
            throw new ShapeException("gemm: " + name + " (" + rows + " x " + cols + ", offset " + off
                    + ", leading dimension " + ld + ") needs elements up to " + end + " but the array has " + len);
        }
    }
}
