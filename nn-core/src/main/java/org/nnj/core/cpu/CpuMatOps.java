package org.nnj.core.cpu;

import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.ShapeException;
import org.nnj.api.Shapes;
import org.nnj.api.spi.MatOps;
import org.nnj.core.internal.gemm.Gemm;

/** {@link MatOps} on the CPU through {@link Gemm}. Thread-safe and stateless. */
public final class CpuMatOps implements MatOps {
    /** The shared instance. */
    public static final CpuMatOps INSTANCE = new CpuMatOps();

    private CpuMatOps() {
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta, Mat c) {
        gemm(transA, transB, alpha, a, b, beta, c, null);
    }

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c + bias}, the 1 x n {@code bias} added to every row in the
     * multiply's epilogue (no second pass over {@code c}): what a dense layer's forward pass needs. With a
     * {@code null} bias this is {@link #gemm(boolean, boolean, double, Mat, Mat, double, Mat)}.
     */
    public void gemm(boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta, Mat c, Mat bias) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int n = transB ? b.rows() : b.cols();
        Shapes.requireGemm("gemm", transA, transB, a, b, c, bias);
        if (a instanceof F32Mat af && b instanceof F32Mat bf && c instanceof F32Mat cf
                && (bias == null || bias instanceof F32Mat)) {
            if (bias == null) {
                Gemm.sgemm(transA, transB, m, n, k, (float) alpha, af.data(), af.offset(), a.cols(),
                        bf.data(), bf.offset(), b.cols(), (float) beta, cf.data(), cf.offset(), c.cols());
            } else {
                F32Mat bs = (F32Mat) bias;
                Gemm.sgemm(transA, transB, m, n, k, (float) alpha, af.data(), af.offset(), a.cols(),
                        bf.data(), bf.offset(), b.cols(), (float) beta, cf.data(), cf.offset(), c.cols(),
                        bs.data(), bs.offset());
            }
        } else if (a instanceof F64Mat ad && b instanceof F64Mat bd && c instanceof F64Mat cd
                && (bias == null || bias instanceof F64Mat)) {
            if (bias == null) {
                Gemm.dgemm(transA, transB, m, n, k, alpha, ad.data(), ad.offset(), a.cols(),
                        bd.data(), bd.offset(), b.cols(), beta, cd.data(), cd.offset(), c.cols());
            } else {
                F64Mat bs = (F64Mat) bias;
                Gemm.dgemm(transA, transB, m, n, k, alpha, ad.data(), ad.offset(), a.cols(),
                        bd.data(), bd.offset(), b.cols(), beta, cd.data(), cd.offset(), c.cols(),
                        bs.data(), bs.offset());
            }
        } else {
            throw bias == null ? mixed("gemm", a, b, c) : mixed("gemm", a, b, c, bias);
        }
    }

    @Override
    public void addRowVector(Mat row, Mat target) {
        Shapes.requireShape("addRowVector", row, 1, target.cols());
        int rows = target.rows();
        int cols = target.cols();
        if (row instanceof F32Mat rf && target instanceof F32Mat tf) {
            float[] r = rf.data();
            float[] t = tf.data();
            int ro = rf.offset();
            for (int i = 0; i < rows; i++) {
                int to = tf.offset() + i * cols;
                for (int j = 0; j < cols; j++) {
                    t[to + j] += r[ro + j];
                }
            }
        } else if (row instanceof F64Mat rd && target instanceof F64Mat td) {
            double[] r = rd.data();
            double[] t = td.data();
            int ro = rd.offset();
            for (int i = 0; i < rows; i++) {
                int to = td.offset() + i * cols;
                for (int j = 0; j < cols; j++) {
                    t[to + j] += r[ro + j];
                }
            }
        } else {
            throw mixed("addRowVector", row, target);
        }
    }

    @Override
    public void sumRows(Mat source, double beta, Mat target) {
        Shapes.requireShape("sumRows", target, 1, source.cols());
        int rows = source.rows();
        int cols = source.cols();
        if (source instanceof F32Mat sf && target instanceof F32Mat tf) {
            float[] s = sf.data();
            float[] t = tf.data();
            int to = tf.offset();
            for (int j = 0; j < cols; j++) {
                t[to + j] = beta == 0 ? 0f : (float) (beta * t[to + j]);
            }
            for (int i = 0; i < rows; i++) {
                int so = sf.offset() + i * cols;
                for (int j = 0; j < cols; j++) {
                    t[to + j] += s[so + j];
                }
            }
        } else if (source instanceof F64Mat sd && target instanceof F64Mat td) {
            double[] s = sd.data();
            double[] t = td.data();
            int to = td.offset();
            for (int j = 0; j < cols; j++) {
                t[to + j] = beta == 0 ? 0d : beta * t[to + j];
            }
            for (int i = 0; i < rows; i++) {
                int so = sd.offset() + i * cols;
                for (int j = 0; j < cols; j++) {
                    t[to + j] += s[so + j];
                }
            }
        } else {
            throw mixed("sumRows", source, target);
        }
    }

    private static ShapeException mixed(String op, Mat... mats) {
        StringBuilder sb = new StringBuilder(op).append(": all matrices must have one precision, got");
        for (Mat m : mats) {
            sb.append(' ').append(m.precision().id());
        }
        return new ShapeException(sb.toString());
    }
}
