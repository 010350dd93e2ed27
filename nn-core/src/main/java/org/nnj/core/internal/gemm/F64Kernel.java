package org.nnj.core.internal.gemm;

/**
 * The float64 inner kernels the blocked driver calls: a register-tile micro-kernel over packed panels, its
 * epilogue, and the two matrix-vector products used when op(A) has one row. Two implementations: {@link
 * F64VectorKernel} (Vector API, FMA) and {@link F64ScalarKernel} (plain Java).
 *
 * <p>Every output element's arithmetic depends only on its own inputs and on {@code k}, never on where the
 * element sits in a tile or which thread computes it; so results are the same for any thread count.
 */
abstract class F64Kernel {
    /** Rows and columns of the register tile. */
    final int mr;
    final int nr;

    F64Kernel(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    /** Human-readable name for benchmarks and logs. */
    abstract String name();

    /**
     * {@code tile[r*nr + j] = sum over p < kc of ap[ao + p*mr + r] * bp[bo + p*nr + j]} for the whole
     * mr x nr tile (the packed panels are zero-padded).
     */
    abstract void tile(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile);

    /** Whether {@link #tileDirect} is implemented (then the driver does not pack full panels of op(A)). */
    boolean direct() {
        return false;
    }

    /** {@link #tile} on six unpacked rows of op(A); see {@link F32VectorKernel#tileDirect}. */
    void tileDirect(int kc, double[] a, int ao, int lda, boolean trans, double[] bp, int bo, double[] tile) {
        throw new UnsupportedOperationException("tileDirect");
    }

    /**
     * Writes {@code rows x cols} of a tile (row stride {@code ts}) to C:
     * {@code c = alpha*t [+ beta*c when beta != 0] [+ bias[j] when bias != null]}, each operation rounded.
     */
    void store(double[] tile, int ts, int rows, int cols, double[] c, int co, int ldc,
               double alpha, double beta, double[] bias, int biasOff) {
        for (int r = 0; r < rows; r++) {
            int t = r * ts;
            int ci = co + r * ldc;
            for (int j = 0; j < cols; j++) {
                double v = tile[t + j] * alpha;
                if (beta != 0d) {
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
    abstract void gemvN(int k, int j0, int j1, double alpha, double[] x, int xOff, double[] b, int bOff, int ldb,
                        double beta, double[] c, int cOff, double[] bias, int biasOff, double[] tile);

    /** {@code c[cOff+j] = alpha * sum_p x[xOff+p] * b[bOff + j*ldb + p] (+ beta*c) (+ bias)}, j0 <= j < j1. */
    abstract void gemvT(int k, int j0, int j1, double alpha, double[] x, int xOff, double[] b, int bOff, int ldb,
                        double beta, double[] c, int cOff, double[] bias, int biasOff, double[] tile);
}
