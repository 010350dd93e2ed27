package org.nnj.optimizers;

import org.nnj.api.Precision;
import org.nnj.api.simd.VectorApi;
import org.nnj.api.spi.Parallelism;

/**
 * The update shared by {@link Adam} (coupled weight decay, added to the gradient) and {@link AdamW} (decoupled
 * weight decay, shrinking the weights). The formulas are in those classes' javadoc, the loops in
 * {@link F32Updates} (and its generated float64 twin).
 */
final class AdamUpdater extends LazyUpdater implements Parallelism.Range {
    /**
     * Below this many parameters plain Adam runs in one piece on the calling thread, from it up in about eight
     * ranges on the matrix-multiply threads. Guarded by nn-benchmarks' {@code AdamUpdateBench} ({@code parallel}
     * true against false across {@code size}, and the fixed cost of a split, {@code dispatch}); see
     * docs/performance.md for the figures.
     */
    static final int MIN_PARALLEL = 65_536;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double coupledDecay;
    private final double decoupledDecay;
    private final boolean amsgrad;
    /** Runs the plain loop's ranges: the trainer's matrix-multiply threads, or this thread alone. */
    private final Parallelism parallelism;
    /** Whether plain Adam runs on the Vector API; the scalar loop gives the same bits. */
    private final boolean vector;
    /** The arguments of the plain update in progress, for {@link #run(int, int)} (no capturing lambda). */
    private float[] w32;
    private float[] g32;
    private double[] w64;
    private double[] g64;
    private int wo;
    private int go;
    private double lr;
    private long t;

    AdamUpdater(int size, Precision precision, double beta1, double beta2, double eps, double coupledDecay,
                double decoupledDecay, boolean amsgrad, Parallelism parallelism) {
        this(size, precision, beta1, beta2, eps, coupledDecay, decoupledDecay, amsgrad, parallelism,
                VectorApi.usable());
    }

    /** {@code vector}: plain Adam on the Vector API (only where it is usable) or on the scalar loop. */
    AdamUpdater(int size, Precision precision, double beta1, double beta2, double eps, double coupledDecay,
                double decoupledDecay, boolean amsgrad, Parallelism parallelism, boolean vector) {
        super(size, precision,
                amsgrad ? new String[] {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"} : new String[] {"exp_avg",
                        "exp_avg_sq"},
                new double[amsgrad ? 3 : 2]);
        if (vector && !VectorApi.usable()) {
            throw new IllegalStateException("the Vector API is not usable in this JVM (no --add-modules "
                    + "jdk.incubator.vector): the vector loop cannot be asked for");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.coupledDecay = coupledDecay;
        this.decoupledDecay = decoupledDecay;
        this.amsgrad = amsgrad;
        this.parallelism = parallelism == null ? Parallelism.SERIAL : parallelism;
        this.vector = vector;
    }

    /** Whether plain Adam runs on the Vector API. */
    boolean vector() {
        return vector;
    }

    @Override
    void update32(float[] w, int wo, float[] g, int go, double lr, long t) {
        update(w, g, null, null, wo, go, lr, t);
    }

    @Override
    void update64(double[] w, int wo, double[] g, int go, double lr, long t) {
        update(null, null, w, g, wo, go, lr, t);
    }

    /**
     * One update over {@code [0, size)}: plain Adam (no weight decay, no AMSGrad) from {@link #MIN_PARALLEL}
     * parameters up in about eight ranges run by the given {@link Parallelism}, anything else in one piece.
     */
    private void update(float[] w32, float[] g32, double[] w64, double[] g64, int wo, int go, double lr, long t) {
        this.w32 = w32;
        this.g32 = g32;
        this.w64 = w64;
        this.g64 = g64;
        this.wo = wo;
        this.go = go;
        this.lr = lr;
        this.t = t;
        try {
            int n = size();
            if (n < MIN_PARALLEL || decoupledDecay != 0 || coupledDecay != 0 || amsgrad) {
                run(0, n);
            } else {
                // About an eighth per range, a multiple of 64 elements: a late thread leaves little to wait for.
                parallelism.forRanges(n, ((n + 7) / 8 + 63) & ~63, this);
            }
        } finally {
            this.w32 = null;
            this.g32 = null;
            this.w64 = null;
            this.g64 = null;
        }
    }

    /** One range of {@link #update}: elements {@code [from, to)}. */
    @Override
    public void run(int from, int to) {
        if (w32 != null) {
            F32Updates.adam(vector, w32, wo, g32, go, f32[0], f32[1], amsgrad ? f32[2] : null, from, to, lr, beta1,
                    beta2, eps, coupledDecay, decoupledDecay, t);
        } else {
            F64Updates.adam(vector, w64, wo, g64, go, f64[0], f64[1], amsgrad ? f64[2] : null, from, to, lr, beta1,
                    beta2, eps, coupledDecay, decoupledDecay, t);
        }
    }
}
