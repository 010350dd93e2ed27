package org.nnj.blas;

import dev.ludovic.netlib.blas.BLAS;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.Parallelism;

/**
 * {@link MatOps} that sends some products to a native BLAS and the rest to the framework's own kernels: those
 * the {@link MeasuredRoute} found faster there (per product signature, timed on the first calls), or, on a pinned
 * route, those {@link Route} takes.
 *
 * <p>BLAS is column-major and nnj row-major: a row-major {@code C = op(A) op(B)} is the column-major
 * {@code C^T = op(B)^T op(A)^T}, so the call passes B before A, n before m, and the row strides as leading
 * dimensions; nothing is copied. A large product is split along the longer side of C into one range per
 * processor, run on the framework's {@link Parallelism} (the native library itself must run single-threaded, see
 * {@link OpenBlasBackend}). The split never cuts k and the ranges depend only on the shape and the processor
 * count, not on which thread runs which, so the results are the same for any {@code nnj.threads}; OpenBLAS may
 * round a range differently from the whole product, so a machine with another processor count (or another CPU
 * type, for which OpenBLAS picks other kernels) may differ in the last bits. A bias is added afterwards by the
 * built-in kernels ({@link MatOps#addRowVector}).
 *
 * <p>A library that is not safe to call from two threads at once (a serial OpenBLAS built without locks) gets
 * one call at a time, process-wide: products are not split, and callers on other threads wait.
 *
 * <p>Nothing is allocated per call: each calling thread reuses one {@link Call}, and a measured route's lookup
 * is a probe of a fixed table.
 */
final class BlasMatOps implements MatOps {
    /** Products below this many flops run in one call on the calling thread. */
    static final long PARALLEL_FLOPS = 1_000_000L;
    /** Held around every native call when the library is not safe to call concurrently. */
    private static final Object ONE_AT_A_TIME = new Object();

    private final BLAS blas;
    private final MatOps builtIn;
    private final Parallelism parallelism;
    private final Route route;
    private final MeasuredRoute measured;
    private final int threads;
    private final boolean concurrent;
    private final ThreadLocal<Call> calls;

    /** A pinned route: {@code route} alone decides. */
    BlasMatOps(BLAS blas, MatOps builtIn, Parallelism parallelism, Route route, int threads, boolean concurrent) {
        this(blas, builtIn, parallelism, route, null, threads, concurrent);
    }

    /**
     * @param route      the static rule: the whole route when {@code measured} is null, else the rule for
     *                   signatures beyond {@link MeasuredRoute#CAPACITY}
     * @param measured   the measured route, or null for a pinned one
     * @param threads    how many ranges a large product is split into (the processor count)
     * @param concurrent whether the library may be called from several threads at once; if not, every call
     *                   holds one process-wide lock and products are not split
     */
    BlasMatOps(BLAS blas, MatOps builtIn, Parallelism parallelism, Route route, MeasuredRoute measured, int threads,
               boolean concurrent) {
        this.blas = blas;
        this.builtIn = builtIn;
        this.parallelism = parallelism;
        this.route = route;
        this.measured = measured;
        this.threads = concurrent ? Math.max(1, threads) : 1;
        this.concurrent = concurrent;
        this.calls = ThreadLocal.withInitial(Call::new);
    }

    /** The static rule: which products go to the native library. */
    record Route(boolean transposedBOnly, int minSide) {
        boolean takes(boolean transB, int m, int n, int k) {
            return (transB || !transposedBOnly) && Math.min(m, Math.min(n, k)) >= minSide;
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta, Mat c) {
        gemm(transA, transB, alpha, a, b, beta, c, null);
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta, Mat c, Mat bias) {
        Shapes.requireGemm("gemm", transA, transB, a, b, c, bias);
        int m = c.rows();
        int n = c.cols();
        int k = transA ? a.rows() : a.cols();
        boolean f32 = a instanceof F32Mat && b instanceof F32Mat && c instanceof F32Mat
                && (bias == null || bias instanceof F32Mat);
        boolean f64 = a instanceof F64Mat && b instanceof F64Mat && c instanceof F64Mat
                && (bias == null || bias instanceof F64Mat);
        if (!(f32 || f64)) {
            // Mixed precisions: the built-in kernels reject them with their usual message.
            builtIn.gemm(transA, transB, alpha, a, b, beta, c, bias);
            return;
        }
        MeasuredRoute.Signature s = measured == null ? null
                : measured.find((f64 ? 1 : 0) | (transA ? 2 : 0) | (transB ? 4 : 0), m, n, k);
        boolean toNative;
        int ticket = -1; // a call of an undecided signature: timed, and its time recorded
        if (s == null) {
            toNative = route.takes(transB, m, n, k);
        } else if (s.decision == MeasuredRoute.UNDECIDED) {
            ticket = measured.ticket(s);
            toNative = measured.isNative(ticket);
        } else {
            toNative = s.decision == MeasuredRoute.NATIVE;
        }
        long start = ticket >= 0 ? System.nanoTime() : 0L;
        if (toNative) {
            onNative(transA, transB, alpha, a, b, beta, c, bias, m, n, k);
        } else {
            builtIn.gemm(transA, transB, alpha, a, b, beta, c, bias);
        }
        if (ticket >= 0) {
            measured.record(s, ticket, System.nanoTime() - start);
        }
    }

    /** The product on the native library, split over the threads when large enough; then the bias. */
    private void onNative(boolean transA, boolean transB, double alpha, Mat a, Mat b, double beta, Mat c, Mat bias,
                          int m, int n, int k) {
        Call call = calls.get();
        if (call.busy) {
            call = new Call(); // re-entered from a range of this thread's own call: never the case in practice
        }
        call.set(blas, transA, transB, m, n, k, alpha, a, b, beta, c);
        try {
            long flops = 2L * m * n * k;
            int parts = flops < PARALLEL_FLOPS ? 1 : threads;
            int units = call.byRows ? m : n;
            if (concurrent) {
                parallelism.forRanges(units, (units + parts - 1) / parts, call);
            } else {
                synchronized (ONE_AT_A_TIME) {
                    call.run(0, units);
                }
            }
        } finally {
            call.clear();
        }
        if (bias != null) {
            builtIn.addRowVector(bias, c);
        }
    }

    @Override
    public void addRowVector(Mat row, Mat target) {
        builtIn.addRowVector(row, target);
    }

    @Override
    public void sumRows(Mat source, double beta, Mat target) {
        builtIn.sumRows(source, beta, target);
    }

    /** One product in flight; {@link #run} computes the rows (or columns) {@code [from, to)} of C. */
    private static final class Call implements Parallelism.Range {
        BLAS blas;
        boolean busy;
        boolean transA;
        boolean transB;
        boolean byRows;
        int m;
        int n;
        int k;
        double alpha;
        double beta;
        Mat a;
        Mat b;
        Mat c;

        void set(BLAS blas, boolean transA, boolean transB, int m, int n, int k, double alpha, Mat a, Mat b,
                 double beta, Mat c) {
            this.blas = blas;
            this.busy = true;
            this.transA = transA;
            this.transB = transB;
            this.byRows = m >= n;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.b = b;
            this.c = c;
        }

        void clear() {
            busy = false;
            a = null;
            b = null;
            c = null;
        }

        @Override
        public void run(int from, int to) {
            int lda = a.cols();
            int ldb = b.cols();
            int ldc = c.cols();
            // Rows [from, to) of C need rows [from, to) of op(A); columns need columns of op(B).
            int rows = byRows ? to - from : m;
            int cols = byRows ? n : to - from;
            int aShift = byRows ? (transA ? from : from * lda) : 0;
            int bShift = byRows ? 0 : (transB ? from * ldb : from);
            int cShift = byRows ? from * ldc : from;
            String ta = transA ? "T" : "N";
            String tb = transB ? "T" : "N";
            if (c instanceof F32Mat cf) {
                F32Mat af = (F32Mat) a;
                F32Mat bf = (F32Mat) b;
                blas.sgemm(tb, ta, cols, rows, k, (float) alpha, bf.data(), bf.offset() + bShift, ldb,
                        af.data(), af.offset() + aShift, lda, (float) beta, cf.data(), cf.offset() + cShift, ldc);
            } else {
                F64Mat cd = (F64Mat) c;
                F64Mat ad = (F64Mat) a;
                F64Mat bd = (F64Mat) b;
                blas.dgemm(tb, ta, cols, rows, k, alpha, bd.data(), bd.offset() + bShift, ldb,
                        ad.data(), ad.offset() + aShift, lda, beta, cd.data(), cd.offset() + cShift, ldc);
            }
        }
    }
}
