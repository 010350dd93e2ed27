package org.nnj.core.internal.gemm;

import java.util.Arrays;
import org.nnj.core.internal.simd.Simd;
import org.nnj.core.internal.threads.Workers;

// @twin
/**
 * The float32 multiply of one {@link KernelConfig}: chooses the kernel and the path of each product, splits it
 * between threads and runs it ({@link Gemm} checks the arguments and documents the contract).
 */
final class F32Gemm {
    /**
     * How much longer a flop takes than a float32 one: the float64 kernels do half the flops per second, so a
     * product is worth splitting between threads at half the size.
     */
    private static final int FLOP_COST = 1; // @f64: private static final int FLOP_COST = 2;

    private final KernelConfig cfg;
    /** The kernel of small products ({@link #kernel}). */
    final F32Kernel small;
    /** The kernel of the other products, created (and the 6-row tile warmed up) when a product first needs it. */
    private F32Kernel large;

    F32Gemm(KernelConfig cfg) {
        this.cfg = cfg;
        this.small = create(cfg.smallRows());
    }

    private F32Kernel create(int rows) {
        if (!cfg.simd() || !Simd.ENABLED) {
            return F32ScalarKernel.INSTANCE;
        }
        return F32VectorKernel.create(rows, cfg.warmUpCalls(), cfg.warmUpMillis());
    }

    /**
     * The kernel for an m x n x k product: the small one when m or k is at most {@link KernelConfig#smallSide} (a
     * batch of 64 or less makes every product of a dense network small: the batch is m of the forward and
     * input-gradient products and k of the weight gradients) or n at most {@link KernelConfig#narrowN}, the large
     * one otherwise. Both compute each element with the same FMAs in the same order, so the choice never changes
     * a result.
     *
     * <p>Why: the 6-row tile keeps 15 of AVX2's 16 vector registers busy, and how C2 compiles its loop depends on
     * the profile gathered first: at batch 32 and 64 it comes out in one of two forms, fixed for the life of the
     * process, and the slow one takes about 1.5 times as long ({@code ./nn bench --batch 32} gave anywhere from
     * 47,000 to 65,000 samples/s from one run to the next). The 4-row tile (11 registers) compiled the same way in
     * every run and was as fast as the good form or faster. At batch 128 and 256 the 6-row tile was steady and
     * 4-6% faster. Narrow products (n at most one panel) read op(A) in place with the 4-row tile: the output
     * layer's forward product at batch 128 (n = 10) took 8.1-9.1 us in seven processes of eight with the 6-row
     * tile, 6.0-6.5 us in all eight with the 4-row one.
     */
    F32Kernel kernel(int m, int n, int k) {
        if (Math.min(m, k) <= cfg.smallSide() || n <= cfg.narrowN()) {
            return small;
        }
        F32Kernel l = large;
        if (l == null) {
            // A race creates it twice: the same immutable kernel, the warm-up done once per process.
            l = cfg.largeRows() == 0 && cfg.simd() && Simd.ENABLED
                    ? F32VectorKernel.createForMachine(cfg.largeTileRows(Float.BYTES), cfg.warmUpCalls(),
                    cfg.warmUpMillis())
                    : create(cfg.largeTileRows(Float.BYTES));
            large = l;
        }
        return l;
    }

    /** {@code C = alpha * op(A) * op(B) + beta * C (+ bias)} with {@code kern} on at most {@code threads} threads. */
    void gemm(F32Kernel kern, int threads, boolean tA, boolean tB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        Gemm.checkDims(m, n, k);
        if (m == 0 || n == 0) {
            return;
        }
        Gemm.checkView("C", c == null ? -1 : c.length, cOff, m, n, ldc);
        if (bias != null) {
            Gemm.checkView("bias", bias.length, biasOff, 1, n, n);
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
        Gemm.checkView("A", a == null ? -1 : a.length, aOff, tA ? k : m, tA ? m : k, lda);
        Gemm.checkView("B", b == null ? -1 : b.length, bOff, tB ? n : k, tB ? k : n, ldb);
        Workspace ws = Workspace.local();
        F32Job job = ws.f32Job;
        job.cfg = cfg;
        job.kern = kern;
        job.tA = tA;
        job.tB = tB;
        job.m = m;
        job.n = n;
        job.k = k;
        job.alpha = alpha;
        job.beta = beta;
        job.b = b;
        job.bOff = bOff;
        job.ldb = ldb;
        job.c = c;
        job.cOff = cOff;
        job.ldc = ldc;
        job.bias = bias;
        job.biasOff = biasOff;
        int parts;
        if (m == 1) {
            job.kind = F32Job.GEMV;
            if (tA && k > 1 && lda != 1) {
                float[] x = ws.f32.vec(k);
                for (int p = 0; p < k; p++) {
                    x[p] = a[aOff + p * lda];
                }
                job.a = x;
                job.aOff = 0;
            } else {
                job.a = a;
                job.aOff = aOff;
            }
            parts = (long) n * k < cfg.parallelGemv() ? 1
                    : Math.min(threads, (n + F32Job.GEMV_UNIT - 1) / F32Job.GEMV_UNIT);
        } else if (F32Blocked.narrowTNApplies(cfg, kern, tA, tB, m)) {
            job.kind = F32Job.GEMM_TN;
            job.a = a;
            job.aOff = aOff;
            job.lda = lda;
            parts = threads <= 1 || 2L * m * n * k * FLOP_COST < cfg.parallelFlops() ? 1
                    : Math.min(threads, (n + kern.nr - 1) / kern.nr);
        } else {
            job.kind = F32Job.GEMM;
            job.a = a;
            job.aOff = aOff;
            job.lda = lda;
            job.transC = swap(kern, tA, tB, m, n);
            if (job.transC) {
                // C^T = op(B)^T op(A)^T: B (stored n x k) becomes the left operand, read in place by rows.
                job.tA = false;
                job.tB = true;
                job.m = n;
                job.n = m;
                job.a = b;
                job.aOff = bOff;
                job.lda = ldb;
                job.b = a;
                job.bOff = aOff;
                job.ldb = lda;
                parts = split(job, threads, n, m, k, kern.mr, kern.nr);
            } else {
                parts = split(job, threads, m, n, k, kern.mr, kern.nr);
            }
        }
        job.parts = parts;
        try {
            if (job.kind == F32Job.GEMM && parts > 1 && !job.splitRows && !job.transC
                    && sharesA(kern, m, n, k, parts)) {
                // Split by columns, every part would pack all of op(A): pack it once, in shares, first.
                int mPad = F32Blocked.roundUp(m, kern.mr);
                int rowParts = Math.min(parts, mPad / kern.mr);
                job.kind = F32Job.PACK_A;
                job.sharedA = ws.f32.sharedA(mPad * k);
                job.sharedMPad = mPad;
                job.packRowParts = rowParts;
                Workers.run(job, F32Blocked.kBlocks(k, cfg.kc()) * rowParts);
                job.kind = F32Job.GEMM;
            }
            Workers.run(job, parts);
        } finally {
            job.clear();
        }
    }

    /**
     * Whether the parts of a column split should share one packed op(A): not when they would read it in place
     * (direct kernels with at most {@link F32Blocked#directMaxCols} panels per part), nor when it is larger than
     * 4 M elements. FWD1 of the Fashion-MNIST network at batch 128 (each of two parts packed all of the
     * 128 x 784 input, about 50 us) is the product this is for. Same packed values, so the same results.
     */
    private boolean sharesA(F32Kernel kern, int m, int n, int k, int parts) {
        if (!cfg.sharedPack() || cfg.mc() % kern.mr != 0 || (long) F32Blocked.roundUp(m, kern.mr) * k > 1L << 22) {
            return false;
        }
        int narrowest = (n + kern.nr - 1) / kern.nr / parts;
        return !(cfg.directA() && kern.direct()) || narrowest > F32Blocked.directMaxCols(cfg, kern);
    }

    /**
     * Whether to compute {@code A * B^T} (B stored n x k: a dense layer's forward pass, X times the weights
     * transposed) as its transpose {@code B * A^T}. Packing op(B) = B^T means gathering each panel column by
     * column from n rows of B, the slowest copy of the multiply (about 100 us for the 256 x 784 weights of
     * the Fashion-MNIST network, as much as the arithmetic at batch 32); swapped, B's rows are read in place by
     * the direct kernel and only the m x k input is packed. Worth it when m is well below n and the kernel reads
     * its left operand unpacked. Same operations per element, so the same bits.
     */
    private boolean swap(F32Kernel kern, boolean tA, boolean tB, int m, int n) {
        return cfg.swap() && tB && !tA && kern.direct() && cfg.directA() && m <= cfg.swapMaxRows() && 2 * m <= n;
    }

    /**
     * Chooses how many parts and along which side of C. Splitting the rows makes every part pack all of op(B)
     * (k x n), splitting the columns makes every part pack all of op(A) (m x k): split the side that duplicates
     * less, unless it has too few register tiles to share. A two-part fork/join of the awake workers costs about
     * 0.2 us, so splitting pays from {@link KernelConfig#parallelFlops} (100,000 flops: a few microseconds) on.
     */
    private int split(F32Job job, int threads, int m, int n, long k, int mr, int nr) {
        long flops = 2L * m * n * k * FLOP_COST;
        if (threads <= 1 || flops < cfg.parallelFlops()) {
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
}
