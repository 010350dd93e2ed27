package org.nnj.core.cpu;

import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.ShapeException;
import org.nnj.api.Shapes;
import org.nnj.api.spi.MatOps;
import org.nnj.core.internal.gemm.Gemm;
import org.nnj.core.internal.gemm.KernelConfig;

/** {@link MatOps} on the CPU through {@link Gemm}, with one {@link KernelConfig}. Thread-safe and stateless. */
@API(status = API.Status.INTERNAL)
public final class CpuMatOps implements MatOps {
    /** The shared instance, with {@link KernelConfig#DEFAULT}. */
    public static final CpuMatOps INSTANCE = new CpuMatOps(Gemm.defaults());

    private final Gemm gemm;

    private CpuMatOps(Gemm gemm) {
        this.gemm = gemm;
    }

    /** The operations with {@code config} ({@link #INSTANCE} for the default). */
    public static CpuMatOps of(KernelConfig config) {
        Gemm g = Gemm.of(Objects.requireNonNull(config, "config"));
        return g == Gemm.defaults() ? INSTANCE : new CpuMatOps(g);
    }

    public KernelConfig config() {
        return gemm.config();
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
            F32CpuOps.gemm(gemm, transA, transB, m, n, k, alpha, af, bf, beta, cf, (F32Mat) bias);
        } else if (a instanceof F64Mat ad && b instanceof F64Mat bd && c instanceof F64Mat cd
                && (bias == null || bias instanceof F64Mat)) {
            F64CpuOps.gemm(gemm, transA, transB, m, n, k, alpha, ad, bd, beta, cd, (F64Mat) bias);
        } else {
            throw bias == null ? mixed("gemm", a, b, c) : mixed("gemm", a, b, c, bias);
        }
    }

    @Override
    public void addRowVector(Mat row, Mat target) {
        Shapes.requireShape("addRowVector", row, 1, target.cols());
        if (row instanceof F32Mat rf && target instanceof F32Mat tf) {
            F32CpuOps.addRowVector(rf, tf);
        } else if (row instanceof F64Mat rd && target instanceof F64Mat td) {
            F64CpuOps.addRowVector(rd, td);
        } else {
            throw mixed("addRowVector", row, target);
        }
    }

    @Override
    public void sumRows(Mat source, double beta, Mat target) {
        Shapes.requireShape("sumRows", target, 1, source.cols());
        if (source instanceof F32Mat sf && target instanceof F32Mat tf) {
            F32CpuOps.sumRows(sf, beta, tf);
        } else if (source instanceof F64Mat sd && target instanceof F64Mat td) {
            F64CpuOps.sumRows(sd, beta, td);
        } else {
            throw mixed("sumRows", source, target);
        }
    }

    @Override
    public String toString() {
        return "cpu" + (gemm == Gemm.defaults() ? "" : " " + gemm.config());
    }

    private static ShapeException mixed(String op, Mat... mats) {
        StringBuilder sb = new StringBuilder(op).append(": all matrices must have one precision, got");
        for (Mat m : mats) {
            sb.append(' ').append(m.precision().id());
        }
        return new ShapeException(sb.toString());
    }
}
