package org.nnj.testkit;

import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.ShapeException;
import org.nnj.api.Shapes;
import org.nnj.api.spi.MatOps;

/**
 * The matrix kernels a {@link LayerContract} builds layers with: the textbook loops, each sum accumulated in
 * double in index order and rounded once to the result's precision, so that a layer's contract does not depend on
 * the core. It is the reference the core's fast kernels are themselves tested against, not a kernel to train
 * with (it is neither blocked nor vectorized). Shapes and precisions are checked as the core's kernels check
 * them, with the same messages' content.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class ReferenceMatOps implements MatOps {
    /** The shared instance (stateless, thread-safe). */
    public static final ReferenceMatOps INSTANCE = new ReferenceMatOps();

    private ReferenceMatOps() {
    }

    @Override
    public void gemm(boolean transposeA, boolean transposeB, double alpha, Mat a, Mat b, double beta, Mat c) {
        gemm(transposeA, transposeB, alpha, a, b, beta, c, null);
    }

    @Override
    public void gemm(boolean transposeA, boolean transposeB, double alpha, Mat a, Mat b, double beta, Mat c,
                     Mat bias) {
        Shapes.requireGemm("gemm", transposeA, transposeB, a, b, c, bias);
        samePrecision("gemm", c, a, b, bias);
        int m = c.rows();
        int n = c.cols();
        int k = transposeA ? a.rows() : a.cols();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (transposeA ? a.get(p, i) : a.get(i, p)) * (transposeB ? b.get(j, p) : b.get(p, j));
                }
                double v = alpha * sum + (beta == 0 ? 0 : beta * c.get(i, j));
                c.set(i, j, bias == null ? v : v + bias.get(0, j));
            }
        }
    }

    @Override
    public void addRowVector(Mat row, Mat target) {
        Shapes.requireShape("addRowVector", row, 1, target.cols());
        samePrecision("addRowVector", target, row);
        for (int i = 0; i < target.rows(); i++) {
            for (int j = 0; j < target.cols(); j++) {
                target.set(i, j, target.get(i, j) + row.get(0, j));
            }
        }
    }

    @Override
    public void sumRows(Mat source, double beta, Mat target) {
        Shapes.requireShape("sumRows", target, 1, source.cols());
        samePrecision("sumRows", target, source);
        for (int j = 0; j < source.cols(); j++) {
            double sum = 0;
            for (int i = 0; i < source.rows(); i++) {
                sum += source.get(i, j);
            }
            target.set(0, j, (beta == 0 ? 0 : beta * target.get(0, j)) + sum);
        }
    }

    private static void samePrecision(String where, Mat result, Mat... operands) {
        for (Mat m : operands) {
            if (m != null && m.precision() != result.precision()) {
                throw new ShapeException(where + ": every matrix must have the result's precision "
                        + result.precision() + ", got a " + m.precision() + " " + Shapes.describe(m) + " operand");
            }
        }
    }

    @Override
    public String toString() {
        return "reference loops (nn-testkit)";
    }
}
