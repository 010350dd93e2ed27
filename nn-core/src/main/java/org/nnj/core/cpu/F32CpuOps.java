package org.nnj.core.cpu;

import org.nnj.api.F32Mat;
import org.nnj.core.internal.gemm.Gemm;

// @twin
/** {@link CpuMatOps} on float32 matrices (shapes already checked). */
final class F32CpuOps {
    private F32CpuOps() {
    }

    static void gemm(Gemm gemm, boolean transA, boolean transB, int m, int n, int k, double alpha, F32Mat a,
                     F32Mat b, double beta, F32Mat c, F32Mat bias) {
        if (bias == null) {
            gemm.multiply(transA, transB, m, n, k, (float) alpha, a.data(), a.offset(), a.cols(), b.data(),
                    b.offset(), b.cols(), (float) beta, c.data(), c.offset(), c.cols());
        } else {
            gemm.multiply(transA, transB, m, n, k, (float) alpha, a.data(), a.offset(), a.cols(), b.data(),
                    b.offset(), b.cols(), (float) beta, c.data(), c.offset(), c.cols(), bias.data(), bias.offset());
        }
    }

    static void addRowVector(F32Mat row, F32Mat target) {
        int rows = target.rows();
        int cols = target.cols();
        float[] r = row.data();
        float[] t = target.data();
        int ro = row.offset();
        for (int i = 0; i < rows; i++) {
            int to = target.offset() + i * cols;
            for (int j = 0; j < cols; j++) {
                t[to + j] += r[ro + j];
            }
        }
    }

    static void sumRows(F32Mat source, double beta, F32Mat target) {
        int rows = source.rows();
        int cols = source.cols();
        float[] s = source.data();
        float[] t = target.data();
        int to = target.offset();
        for (int j = 0; j < cols; j++) {
            t[to + j] = beta == 0 ? 0f : (float) (beta * t[to + j]); // @f64: t[to + j] = beta == 0 ? 0d : beta * t[to + j];
        }
        for (int i = 0; i < rows; i++) {
            int so = source.offset() + i * cols;
            for (int j = 0; j < cols; j++) {
                t[to + j] += s[so + j];
            }
        }
    }
}
