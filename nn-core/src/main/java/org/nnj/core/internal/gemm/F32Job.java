package org.nnj.core.internal.gemm;

import org.nnj.core.internal.threads.Workers;

// @twin
/**
 * The parameters of one float32 multiply, split into parts over output blocks (never over k). One instance per
 * calling thread ({@link Workspace}) is reused for every call, so handing work to the {@link Workers} allocates
 * nothing; each part runs with the scratch of the thread that runs it.
 */
final class F32Job implements Workers.Job {
    static final int GEMM = 0;
    static final int GEMV = 1;
    /** Packs op(A) once for the parts of a GEMM that follows ({@link F32Blocked#packShared}). */
    static final int PACK_A = 2;
    /** {@code A^T * B} with few rows, parts over column panels ({@link F32Blocked#narrowTN}). */
    static final int GEMM_TN = 3;
    /** Column alignment of gemv parts; a multiple of every gemv chunk width so splits keep results equal. */
    static final int GEMV_UNIT = 32;

    int kind;
    KernelConfig cfg;
    F32Kernel kern;
    boolean tA;
    boolean tB;
    int m;
    int n;
    int k;
    int parts;
    boolean splitRows;
    /** The job computes C's transpose (operands swapped by {@link F32Gemm}); see {@link F32Blocked}. */
    boolean transC;
    float alpha;
    float beta;
    float[] a;
    float[] b;
    float[] c;
    float[] bias;
    int aOff;
    int lda;
    int bOff;
    int ldb;
    int cOff;
    int ldc;
    int biasOff;
    /** GEMM with op(A) packed beforehand by a PACK_A job (else null), and its rows rounded up to panels. */
    float[] sharedA;
    int sharedMPad;
    /** PACK_A: the row ranges per k block. */
    int packRowParts;

    @Override
    public void run(int part) {
        F32Scratch ws = Workspace.local().f32;
        switch (kind) {
            case GEMM -> runGemm(part, ws);
            case GEMM_TN -> {
                int j0 = bound(n, kern.nr, part);
                int j1 = bound(n, kern.nr, part + 1);
                if (j0 < j1) {
                    F32Blocked.narrowTN(cfg, kern, m, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                            bias, biasOff, j0, j1, ws);
                }
            }
            case PACK_A -> F32Blocked.packShared(cfg.kc(), kern.mr, tA, a, aOff, lda, m, k, part, packRowParts,
                    sharedA, sharedMPad);
            case GEMV -> {
                int j0 = bound(n, GEMV_UNIT, part);
                int j1 = bound(n, GEMV_UNIT, part + 1);
                if (tB) {
                    kern.gemvT(k, j0, j1, alpha, a, aOff, b, bOff, ldb, beta, c, cOff, bias, biasOff, ws.tile);
                } else {
                    kern.gemvN(k, j0, j1, alpha, a, aOff, b, bOff, ldb, beta, c, cOff, bias, biasOff, ws.tile);
                }
            }
            default -> throw new IllegalStateException("unknown job kind " + kind);
        }
    }

    private void runGemm(int part, F32Scratch ws) {
        int i0 = 0;
        int i1 = m;
        int j0 = 0;
        int j1 = n;
        if (splitRows) {
            i0 = bound(m, kern.mr, part);
            i1 = bound(m, kern.mr, part + 1);
        } else {
            j0 = bound(n, kern.nr, part);
            j1 = bound(n, kern.nr, part + 1);
        }
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        F32Blocked.gemm(cfg, kern, tA, tB, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff,
                i0, i1, j0, j1, transC, ws, sharedA, sharedMPad);
    }

    /** Start of part {@code part} of {@code dim}, in whole units except at the end. */
    private int bound(int dim, int unit, int part) {
        int units = (dim + unit - 1) / unit;
        return Math.min(dim, (int) ((long) units * part / parts) * unit);
    }

    /** Drops the references to the caller's arrays once the call is over. */
    void clear() {
        transC = false;
        sharedA = null;
        a = null;
        b = null;
        c = null;
        bias = null;
    }
}
