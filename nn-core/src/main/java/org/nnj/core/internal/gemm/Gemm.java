package org.nnj.core.internal.gemm;

import org.nnj.core.internal.simd.Simd;

import java.util.Arrays;
import java.util.Objects;
import org.nnj.api.ShapeException;
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
 * Vector API with FMA; 4 rows on JDK 25 and for products with m or k at most 64 or n at most 16, see {@link
 * Kernels#f32}; 4 x 4 in plain Java otherwise, see {@link #simd()}); transposes are handled while packing. A
 * product {@code A * B^T} with at most 32 rows (a dense layer's forward pass at a small batch) is computed as its
 * transpose, so that B's rows are read in place instead of being packed transposed (same bits); a product
 * {@code A^T * B} with 5, 10 or 15 rows (the weight gradient of a layer with that many outputs) is computed in
 * tiles of five rows on A and B in place ({@link NarrowTN}, same bits). One-row
 * products (m == 1, single-sample inference) take a matrix-vector path. Products of at least
 * {@code nnj.gemm.parallelFlops} (default 100,000) flops, and matrix-vector products over at least {@code
 * nnj.gemv.parallelElements} (default 65,536) elements of B, are split over output blocks between the calling
 * thread and parked daemon workers ({@code nnj.threads}, default all processors). The split never cuts k, so
 * the result is bit-identical for any number of threads. Steady-state calls allocate nothing. The first
 * product that needs the 6 x 16 tile takes about 0.4 s longer: the tile is run on a long panel first, so that
 * the JIT compiles it in its fast form (see {@link F32VectorKernel#warmUp}).
 *
 * <p>Thread-safe: any number of threads may call at once (only one of them at a time gets the workers, the
 * others compute alone).
 */
public final class Gemm {
    /**
     * Products of at least this many flops are split between the threads ({@code -Dnnj.gemm.parallelFlops};
     * volatile for interleaved A/B runs). A two-part fork/join of the awake workers costs about 0.2 us, so
     * splitting pays from a few microseconds of work on. Whole training steps, the old 2,000,000 against
     * 300,000, interleaved in one process ({@code tools/probes StepAB ... flops:A:B}): batch 128 +1.5-2.1% (the
     * three products with a side of 10, 0.33 MFLOP each; against 100,000 later -0.2 to +1.2%, the noise level),
     * batch 16 +10.7%, batch 8 +8.5%, batch 32 and 64 the same; 300,000 against 100,000: batch 4 +5.3%.
     */
    static volatile long parallelFlops = Long.getLong("nnj.gemm.parallelFlops", 100_000L);
    private static final long PARALLEL_GEMV = Long.getLong("nnj.gemv.parallelElements", 65_536L);
    static volatile boolean swapEnabled = !"false".equals(System.getProperty("nnj.gemm.swap"));
    private static final int SWAP_MAX_ROWS = Integer.getInteger("nnj.gemm.swapMaxRows", 32);
    /**
     * Whether a float32 multiply split by columns packs op(A) once, each thread packing a share of it, before
     * the parts run ({@code -Dnnj.gemm.sharedPack=false}: every part packs all of op(A) for itself, as before).
     * Same packed values either way, so the same results.
     */
    static volatile boolean sharedPack = !"false".equals(System.getProperty("nnj.gemm.sharedPack"));
    /** Largest shared packed op(A), in floats (16 MB); larger ones are packed per part. */
    private static final long SHARED_MAX = 1L << 22;

    private Gemm() {
    }

    /** Whether the Vector API kernels are in use (module present, 256-bit vectors, not {@code -Dnnj.simd=false}). */
    public static boolean simd() {
        return Simd.ENABLED;
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

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(Kernels.f32(m, n, k), Workers.maxThreads(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, null, 0);
    }

    /** {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)} plus {@code bias[biasOff + j]} added to column j of every row. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        sgemm(Kernels.f32(m, n, k), Workers.maxThreads(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, Objects.requireNonNull(bias, "bias"), biasOff);
    }

    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        dgemm(Kernels.f64(m, k), Workers.maxThreads(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, null, 0);
    }

    /** {@link #dgemm(boolean, boolean, int, int, int, double, double[], int, int, double[], int, int, double, double[], int, int)} plus {@code bias[biasOff + j]} added to column j of every row. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc, double[] bias, int biasOff) {
        dgemm(Kernels.f64(m, k), Workers.maxThreads(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, Objects.requireNonNull(bias, "bias"), biasOff);
    }

    static void sgemm(F32Kernel kern, int threads, boolean tA, boolean tB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        checkDims(m, n, k);
        if (m == 0 || n == 0) {
            return;
        }
        checkView("C", c == null ? -1 : c.length, cOff, m, n, ldc);
        if (bias != null) {
            checkView("bias", bias.length, biasOff, 1, n, n);
        }
        if (k == 0 || alpha == 0f) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                if (beta == 0f) {
                    Arrays.fill(c, ci, ci + n, 0f);
                } else if (beta != 1f) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] *= beta;
                    }
                }
                if (bias != null) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += bias[biasOff + j];
                    }
                }
            }
            return;
        }
        checkView("A", a == null ? -1 : a.length, aOff, tA ? k : m, tA ? m : k, lda);
        checkView("B", b == null ? -1 : b.length, bOff, tB ? n : k, tB ? k : n, ldb);
        Workspace ws = Workspace.local();
        GemmJob job = ws.job;
        job.k32 = kern;
        job.tA = tA;
        job.tB = tB;
        job.m = m;
        job.n = n;
        job.k = k;
        job.alpha32 = alpha;
        job.beta32 = beta;
        job.b32 = b;
        job.bOff = bOff;
        job.ldb = ldb;
        job.c32 = c;
        job.cOff = cOff;
        job.ldc = ldc;
        job.bias32 = bias;
        job.biasOff = biasOff;
        int parts;
        if (m == 1) {
            job.kind = GemmJob.SGEMV;
            if (tA && k > 1 && lda != 1) {
                float[] x = ws.vec32(k);
                for (int p = 0; p < k; p++) {
                    x[p] = a[aOff + p * lda];
                }
                job.a32 = x;
                job.aOff = 0;
            } else {
                job.a32 = a;
                job.aOff = aOff;
            }
            parts = (long) n * k < PARALLEL_GEMV ? 1
                    : Math.min(threads, (n + GemmJob.GEMV_UNIT - 1) / GemmJob.GEMV_UNIT);
        } else if (NarrowTN.applies(kern, tA, tB, m)) {
            job.kind = GemmJob.SGEMM_TN;
            job.a32 = a;
            job.aOff = aOff;
            job.lda = lda;
            parts = threads <= 1 || 2L * m * n * k < parallelFlops ? 1 : Math.min(threads, (n + kern.nr - 1) / kern.nr);
        } else {
            job.kind = GemmJob.SGEMM;
            job.a32 = a;
            job.aOff = aOff;
            job.lda = lda;
            job.transC = swap(kern, tA, tB, m, n);
            if (job.transC) {
                // C^T = op(B)^T op(A)^T: B (stored n x k) becomes the left operand, read in place by rows.
                job.tA = false;
                job.tB = true;
                job.m = n;
                job.n = m;
                job.a32 = b;
                job.aOff = bOff;
                job.lda = ldb;
                job.b32 = a;
                job.bOff = aOff;
                job.ldb = lda;
                parts = split(job, threads, n, m, k, kern.mr, kern.nr);
            } else {
                parts = split(job, threads, m, n, k, kern.mr, kern.nr);
            }
        }
        job.parts = parts;
        try {
            if (job.kind == GemmJob.SGEMM && parts > 1 && !job.splitRows && !job.transC
                    && sharesA(kern, m, n, k, parts)) {
                // Split by columns, every part would pack all of op(A): pack it once, in shares, first.
                int mPad = Blocked.roundUp(m, kern.mr);
                int rowParts = Math.min(parts, mPad / kern.mr);
                job.kind = GemmJob.PACK_A32;
                job.sharedA32 = ws.sharedA32(mPad * k);
                job.sharedMPad = mPad;
                job.packRowParts = rowParts;
                Workers.run(job, Blocked.kBlocks(k, Blocked.KC) * rowParts);
                job.kind = GemmJob.SGEMM;
            }
            Workers.run(job, parts);
        } finally {
            job.clear();
        }
    }

    /**
     * Whether the parts of a column split should share one packed op(A): not when they would read it in place
     * (direct kernels with at most {@link Blocked#directMaxCols} panels per part), nor when it is very large.
     * FWD1 of the Fashion-MNIST network at batch 128 (each of two parts packed all of the 128 x 784 input,
     * about 50 us) is the product this is for.
     */
    private static boolean sharesA(F32Kernel kern, int m, int n, int k, int parts) {
        if (!sharedPack || Blocked.MC % kern.mr != 0 || (long) Blocked.roundUp(m, kern.mr) * k > SHARED_MAX) {
            return false;
        }
        int narrowest = (n + kern.nr - 1) / kern.nr / parts;
        return !(Blocked.DIRECT_A && kern.direct()) || narrowest > Blocked.directMaxCols(kern);
    }

    static void dgemm(F64Kernel kern, int threads, boolean tA, boolean tB, int m, int n, int k, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc, double[] bias, int biasOff) {
        checkDims(m, n, k);
        if (m == 0 || n == 0) {
            return;
        }
        checkView("C", c == null ? -1 : c.length, cOff, m, n, ldc);
        if (bias != null) {
            checkView("bias", bias.length, biasOff, 1, n, n);
        }
        if (k == 0 || alpha == 0d) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                if (beta == 0d) {
                    Arrays.fill(c, ci, ci + n, 0d);
                } else if (beta != 1d) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] *= beta;
                    }
                }
                if (bias != null) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += bias[biasOff + j];
                    }
                }
            }
            return;
        }
        checkView("A", a == null ? -1 : a.length, aOff, tA ? k : m, tA ? m : k, lda);
        checkView("B", b == null ? -1 : b.length, bOff, tB ? n : k, tB ? k : n, ldb);
        Workspace ws = Workspace.local();
        GemmJob job = ws.job;
        job.k64 = kern;
        job.tA = tA;
        job.tB = tB;
        job.m = m;
        job.n = n;
        job.k = k;
        job.alpha64 = alpha;
        job.beta64 = beta;
        job.b64 = b;
        job.bOff = bOff;
        job.ldb = ldb;
        job.c64 = c;
        job.cOff = cOff;
        job.ldc = ldc;
        job.bias64 = bias;
        job.biasOff = biasOff;
        int parts;
        if (m == 1) {
            job.kind = GemmJob.DGEMV;
            if (tA && k > 1 && lda != 1) {
                double[] x = ws.vec64(k);
                for (int p = 0; p < k; p++) {
                    x[p] = a[aOff + p * lda];
                }
                job.a64 = x;
                job.aOff = 0;
            } else {
                job.a64 = a;
                job.aOff = aOff;
            }
            parts = (long) n * k < PARALLEL_GEMV ? 1
                    : Math.min(threads, (n + GemmJob.GEMV_UNIT - 1) / GemmJob.GEMV_UNIT);
        } else {
            job.kind = GemmJob.DGEMM;
            job.a64 = a;
            job.aOff = aOff;
            job.lda = lda;
            // Half the flops per second: split at half the size.
            parts = split(job, threads, m, n, 2 * k, kern.mr, kern.nr);
        }
        job.parts = parts;
        try {
            Workers.run(job, parts);
        } finally {
            job.clear();
        }
    }

    /**
     * Whether to compute {@code A * B^T} (B stored n x k: a dense layer's forward pass, X times the weights
     * transposed) as its transpose {@code B * A^T}. Packing op(B) = B^T means gathering each panel column by
     * column from n rows of B, the slowest copy of the multiply (about 100 us for the 256 x 784 weights of
     * the Fashion-MNIST network, as much as the arithmetic at batch 32); swapped, B's rows are read in place by
     * the direct kernel and only the m x k input is packed. Worth it when m is well below n and the kernel reads
     * its left operand unpacked. Same operations per element, so the same bits ({@code -Dnnj.gemm.swap=false}
     * turns it off).
     */
    private static boolean swap(F32Kernel kern, boolean tA, boolean tB, int m, int n) {
        return swapEnabled && tB && !tA && kern.direct() && Blocked.DIRECT_A && m <= SWAP_MAX_ROWS && 2 * m <= n;
    }

    /**
     * Chooses how many parts and along which side of C. Splitting the rows makes every part pack all of op(B)
     * (k x n), splitting the columns makes every part pack all of op(A) (m x k): split the side that duplicates
     * less, unless it has too few register tiles to share.
     */
    private static int split(GemmJob job, int threads, int m, int n, long k, int mr, int nr) {
        long flops = 2L * m * n * k;
        if (threads <= 1 || flops < parallelFlops) {
            job.splitRows = false;
            return 1;
        }
        int rowUnits = (m + mr - 1) / mr;
        int colUnits = (n + nr - 1) / nr;
        boolean rows = m > n;
        if (rows && rowUnits < threads && colUnits > rowUnits) {
            rows = false;
        } else if (!rows && colUnits < threads && rowUnits > colUnits) {
            rows = true;
        }
        job.splitRows = rows;
        return Math.max(1, Math.min(threads, rows ? rowUnits : colUnits));
    }

    private static void checkDims(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new ShapeException("gemm: sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    /** Checks that a rows x cols view with row stride ld starting at off lies inside an array of length len. */
    private static void checkView(String name, int len, int off, int rows, int cols, int ld) {
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

    /** The default kernels, chosen once. Kept apart so the Vector API classes load only when used. */
    static final class Kernels {
        /**
         * The float32 kernel for the other products, in a class of its own so that it is created (and the 6 x 16
         * tile warmed up, {@link F32VectorKernel#warmUp}) only when a product first needs it.
         */
        static final class Large {
            static final F32Kernel F32 = Simd.ENABLED ? F32VectorKernel.create() : F32ScalarKernel.INSTANCE;

            private Large() {
            }
        }

        /** The float32 kernel for small products ({@link #f32}); {@link Large#F32} unless that has 6 rows. */
        static final F32Kernel F32_SMALL = Simd.ENABLED ? F32VectorKernel.createSmall() : F32ScalarKernel.INSTANCE;
        static final F64Kernel F64 = Simd.ENABLED ? F64VectorKernel.create() : F64ScalarKernel.INSTANCE;
        /** The float64 kernel for small products ({@link #f64}); the same as {@link #F64} unless that has 6 rows. */
        static final F64Kernel F64_SMALL = Simd.ENABLED ? F64VectorKernel.createSmall() : F64ScalarKernel.INSTANCE;

        private Kernels() {
        }

        /**
         * Products with m or k at most this ({@code -Dnnj.gemm.smallSide}, default 64) use {@link #F32_SMALL}.
         * The 6 x 16 tile keeps 15 of AVX2's 16 vector registers busy, and how C2 compiles its loop depends on
         * the profile gathered first: at batch 32 and 64 (the batch is k of the weight gradients and m of the
         * other products) it comes out in one of two forms, fixed for the life of the process, and the slow one
         * takes about 1.5 times as long. One-thread training steps, separate runs of one program: batch 32,
         * forward 266-272 against 414-440 us, backward 298-318 against 458-495 us; batch 64, whole steps 1,365-1,419
         * against 1,992-2,080 us (in JFR the kernels' samples double). {@code ./nn bench --batch 32} gave anywhere
         * from 47,000 to 65,000 samples/s from one run to the next, {@code --batch 64} 62,000 to 83,000. The
         * 4 x 16 tile (11 registers) compiled the same way in every run and was as fast as the good form or
         * faster: batch 32 at 65,000-72,000, batch 64 at 78,000-86,000. At batch 128 and 256 the 6 x 16 tile was
         * steady in every run and 4-6% faster, so it stays there.
         */
        static final int SMALL_SIDE = Integer.getInteger("nnj.gemm.smallSide", 64);

        /**
         * The float32 kernel for an m x n x k product: {@link #F32_SMALL} when m or k is at most
         * {@link #SMALL_SIDE} (a batch of 64 or less makes every product of a dense network small: the batch is m
         * of the forward and input-gradient products and k of the weight gradients) or n at most {@link #NARROW_N},
         * {@link Large#F32} otherwise. Both compute each element with the same FMAs in the same order, so the choice
         * never changes a result.
         */
        static F32Kernel f32(int m, int n, int k) {
            return Math.min(m, k) <= SMALL_SIDE || n <= NARROW_N ? F32_SMALL : Large.F32;
        }

        /**
         * Products at most this wide ({@code -Dnnj.gemm.narrowN}, default 16: one column panel) use
         * {@link #F32_SMALL}, which reads op(A) in place with the same compiled loop in every process. The 6 x 16
         * tile no longer reads it in place ({@link Blocked#DIRECT_MAX_COLS_6}), and packing op(A) for a product of
         * one panel costs more than the multiply saves: the output layer's forward product at batch 128 (n = 10)
         * took 8.1-9.1 us in seven processes of eight that way, 6.0-6.5 us in all eight with the 4 x 16 tile
         * (two threads; the 6 x 16 tile reading in place: 5.6 or 8.2-9.4 us, by process).
         */
        static final int NARROW_N = Integer.getInteger("nnj.gemm.narrowN", 16);

        /**
         * {@link #f32} for float64: the 6 x 8 tile has the same twelve accumulators and the same two forms
         * ({@code ./nn bench --precision float64 --batch 32}: 23,363 in one run of three, 35,864-36,114 in the
         * others; with the 4 x 8 tile 34,677-35,085 in all three).
         */
        static F64Kernel f64(int m, int k) {
            return Math.min(m, k) <= SMALL_SIDE ? F64_SMALL : F64;
        }
    }
}
