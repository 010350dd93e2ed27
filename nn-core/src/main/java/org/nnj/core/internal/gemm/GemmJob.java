package org.nnj.core.internal.gemm;

import org.nnj.core.internal.threads.Workers;

/**
 * The parameters of one multiply, split into parts over output blocks (never over k). One instance per
 * calling thread is reused for every call, so handing work to the {@link Workers} allocates nothing.
 */
final class GemmJob implements Workers.Job {
    /** The workspace of the thread that runs a part. */
    private static Workspace ws() {
        return Workspace.local();
    }

    static final int SGEMM = 0;
    static final int DGEMM = 1;
    static final int SGEMV = 2;
    static final int DGEMV = 3;
    /** Packs op(A) once for the parts of an SGEMM that follows ({@link Blocked#packShared32}). */
    static final int PACK_A32 = 4;
    /** float32 {@code A^T * B} with few rows, parts over column panels ({@link NarrowTN}). */
    static final int SGEMM_TN = 5;
    /** Column alignment of gemv parts; a multiple of every gemv chunk width so splits keep results equal. */
    static final int GEMV_UNIT = 32;

    int kind;
    boolean tA;
    boolean tB;
    int m;
    int n;
    int k;
    int parts;
    boolean splitRows;
    /** float32 only: the job computes C's transpose (operands swapped by {@link Gemm}); see {@link Blocked}. */
    boolean transC;
    F32Kernel k32;
    F64Kernel k64;
    float alpha32;
    float beta32;
    double alpha64;
    double beta64;
    float[] a32;
    float[] b32;
    float[] c32;
    float[] bias32;
    double[] a64;
    double[] b64;
    double[] c64;
    double[] bias64;
    int aOff;
    int lda;
    int bOff;
    int ldb;
    int cOff;
    int ldc;
    int biasOff;
    /** SGEMM with op(A) packed beforehand by a PACK_A32 job (else null), and its rows rounded up to panels. */
    float[] sharedA32;
    int sharedMPad;
    /** PACK_A32: the row ranges per k block. */
    int packRowParts;

    @Override
    public void run(int part) {
        Workspace ws = ws();
        switch (kind) {
            case SGEMM, DGEMM -> runGemm(part, ws);
            case SGEMM_TN -> {
                int j0 = bound(n, k32.nr, part);
                int j1 = bound(n, k32.nr, part + 1);
                if (j0 < j1) {
                    NarrowTN.sgemm(k32, m, k, alpha32, a32, aOff, lda, b32, bOff, ldb, beta32, c32, cOff, ldc,
                            bias32, biasOff, j0, j1, ws);
                }
            }
            case PACK_A32 -> Blocked.packShared32(k32.mr, tA, a32, aOff, lda, m, k, part, packRowParts, sharedA32,
                    sharedMPad);
            case SGEMV -> {
                int j0 = bound(n, GEMV_UNIT, part);
                int j1 = bound(n, GEMV_UNIT, part + 1);
                if (tB) {
                    k32.gemvT(k, j0, j1, alpha32, a32, aOff, b32, bOff, ldb, beta32, c32, cOff, bias32, biasOff,
                            ws.tile32);
                } else {
                    k32.gemvN(k, j0, j1, alpha32, a32, aOff, b32, bOff, ldb, beta32, c32, cOff, bias32, biasOff,
                            ws.tile32);
                }
            }
            case DGEMV -> {
                int j0 = bound(n, GEMV_UNIT, part);
                int j1 = bound(n, GEMV_UNIT, part + 1);
                if (tB) {
                    k64.gemvT(k, j0, j1, alpha64, a64, aOff, b64, bOff, ldb, beta64, c64, cOff, bias64, biasOff,
                            ws.tile64);
                } else {
                    k64.gemvN(k, j0, j1, alpha64, a64, aOff, b64, bOff, ldb, beta64, c64, cOff, bias64, biasOff,
                            ws.tile64);
                }
            }
            default -> throw new IllegalStateException("unknown job kind " + kind);
        }
    }

    private void runGemm(int part, Workspace ws) {
        int mr = kind == SGEMM ? k32.mr : k64.mr;
        int nr = kind == SGEMM ? k32.nr : k64.nr;
        int i0 = 0;
        int i1 = m;
        int j0 = 0;
        int j1 = n;
        if (splitRows) {
            i0 = bound(m, mr, part);
            i1 = bound(m, mr, part + 1);
        } else {
            j0 = bound(n, nr, part);
            j1 = bound(n, nr, part + 1);
        }
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        if (kind == SGEMM) {
            Blocked.sgemm(k32, tA, tB, k, alpha32, a32, aOff, lda, b32, bOff, ldb, beta32, c32, cOff, ldc,
                    bias32, biasOff, i0, i1, j0, j1, transC, ws, sharedA32, sharedMPad);
        } else {
            Blocked.dgemm(k64, tA, tB, k, alpha64, a64, aOff, lda, b64, bOff, ldb, beta64, c64, cOff, ldc,
                    bias64, biasOff, i0, i1, j0, j1, ws);
        }
    }

    /** Start of part {@code part} of {@code dim}, in whole units except at the end. */
    private int bound(int dim, int unit, int part) {
        int units = (dim + unit - 1) / unit;
        return Math.min(dim, (int) ((long) units * part / parts) * unit);
    }

    /** Drops the references to the caller's arrays once the call is over. */
    void clear() {
        transC = false;
        sharedA32 = null;
        a32 = null;
        b32 = null;
        c32 = null;
        bias32 = null;
        a64 = null;
        b64 = null;
        c64 = null;
        bias64 = null;
    }
}
