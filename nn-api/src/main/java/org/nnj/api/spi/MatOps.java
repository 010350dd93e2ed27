package org.nnj.api.spi;

import org.apiguardian.api.API;
import org.nnj.api.Mat;

/**
 * The matrix kernels the core offers layers. All matrices of one call have the same precision; every
 * method checks shapes and fails naming both.
 *
 * <p>Implementations are thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL)
public interface MatOps {

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c}, where {@code op(x)} is {@code x} or its transpose.
     * With {@code beta == 0} the old contents of {@code c} are ignored (even NaN).
     */
    void gemm(boolean transposeA, boolean transposeB, double alpha, Mat a, Mat b, double beta, Mat c);

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c + bias}: {@link #gemm} with the 1 x n {@code bias} added to every
     * row of {@code c} (a dense layer's forward pass). Implementations fuse the addition into the multiply; this
     * default does it as a second pass. A null {@code bias} adds nothing.
     */
    default void gemm(boolean transposeA, boolean transposeB, double alpha, Mat a, Mat b, double beta, Mat c, Mat bias) {
        gemm(transposeA, transposeB, alpha, a, b, beta, c);
        if (bias != null) {
            addRowVector(bias, c);
        }
    }

    /** Adds the 1 x cols {@code row} to every row of {@code target}. */
    void addRowVector(Mat row, Mat target);

    /** {@code target(1 x cols) = beta * target + sum over rows of source}. */
    void sumRows(Mat source, double beta, Mat target);
}
