package org.nnj.core.internal.gemm;

// @twin
/**
 * The float32 inner kernels the blocked driver calls: a register-tile micro-kernel over packed panels, its
 * epilogue, and the two matrix-vector products used when op(A) has one row. Two implementations: {@link
 * F32VectorKernel} (Vector API, FMA) and {@link F32ScalarKernel} (plain Java).
 *
 * <p>Every output element's arithmetic depends only on its own inputs and on {@code k}, never on where the
 * element sits in a tile or which thread computes it; so results are the same for any thread count.
 */
abstract class F32Kernel {
    /** Rows and columns of the register tile. */
    final int mr;
    final int nr;

    F32Kernel(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    /** Human-readable name for benchmarks and logs. */
    abstract String name();

    /**
     * {@code c[co + r*ldc + j] = sum over p < kc of ap[ao + p*mr + r] * bp[bo + p*nr + j]} for the whole
     * mr x nr tile (the packed panels are zero-padded). The driver passes the tile buffer (ldc = nr) and then
     * {@link #store}s it, or, for a full tile that needs no epilogue (alpha 1, beta 0, no bias), C itself.
     */
    abstract void tile(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc);

    /** Whether op(B) panels ({@link #nr} = two vectors) may be packed with vector copies ({@link F32VectorCopy}). */
    boolean copiesWithVectors() {
        return false;
    }

    /** Whether {@link #tileDirect} is implemented (then the driver does not pack full panels of op(A)). */
    boolean direct() {
        return false;
    }

    /** {@link #tile} on mr unpacked rows of op(A); see {@link F32VectorKernel#tileDirect}. */
    void tileDirect(int kc, float[] a, int ao, int lda, boolean trans, float[] bp, int bo, float[] c, int co, int ldc) {
        throw new UnsupportedOperationException("tileDirect");
    }

    /**
     * Rows of the tile of {@link #tileTN}, the in-place kernel for {@code A^T * B} with few rows ({@link F32NarrowTN});
     * 0 when this kernel has none.
     */
    int tnRows() {
        return 0;
    }

    /**
     * {@code c[co + r*ldc + j] = sum over p < kc of a[ao + p*lda + r] * b[bo + p*ldb + j]} for
     * {@code r < }{@link #tnRows()} and {@code j < nr}: a tile of {@code A^T * B} read where A and B lie (A stored
     * k x m, B stored k x n), with the same FMAs in the same order as {@link #tile} on packed copies.
     */
    void tileTN(int kc, float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co, int ldc) {
        throw new UnsupportedOperationException("tileTN");
    }

    /**
     * Writes {@code rows x cols} of a tile (row stride {@code ts}) to C:
     * {@code c = alpha*t [+ beta*c when beta != 0] [+ bias[j] when bias != null]}, each operation rounded.
     */
    void store(float[] tile, int ts, int rows, int cols, float[] c, int co, int ldc,
               float alpha, float beta, float[] bias, int biasOff) {
        for (int r = 0; r < rows; r++) {
            int t = r * ts;
            int ci = co + r * ldc;
            for (int j = 0; j < cols; j++) {
                float v = tile[t + j] * alpha;
                if (beta != 0f) {
                    v = v + c[ci + j] * beta;
                }
                if (bias != null) {
                    v = v + bias[biasOff + j];
                }
                c[ci + j] = v;
            }
        }
    }

    /**
     * {@code c[cOff+j] = alpha * sum_p x[xOff+p] * b[bOff + p*ldb + j] (+ beta*c) (+ bias)} for
     * {@code j0 <= j < j1}, {@code j0} a multiple of 32 so that the work can be split without changing results.
     */
    abstract void gemvN(int k, int j0, int j1, float alpha, float[] x, int xOff, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, float[] bias, int biasOff, float[] tile);

    /** {@code c[cOff+j] = alpha * sum_p x[xOff+p] * b[bOff + j*ldb + p] (+ beta*c) (+ bias)}, j0 <= j < j1. */
    abstract void gemvT(int k, int j0, int j1, float alpha, float[] x, int xOff, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, float[] bias, int biasOff, float[] tile);
}
