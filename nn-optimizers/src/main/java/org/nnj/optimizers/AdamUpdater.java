package org.nnj.optimizers;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nnj.api.Precision;
import org.nnj.api.spi.Parallelism;

/**
 * The update loop shared by {@link Adam} (coupled weight decay, added to the gradient) and {@link AdamW}
 * (decoupled weight decay, shrinking the weights). The formulas are in those classes' javadoc.
 */
final class AdamUpdater extends LazyUpdater implements Parallelism.Range {
    /**
     * Whether the plain loops run on the Vector API: only when the {@code jdk.incubator.vector} module is present
     * and {@code -Dnnj.simd=false} is not given ({@link Simd} is loaded only then). Each lane does the scalar
     * loop's operations in the same order without fusing, so both paths give the same bits.
     */
    static final boolean SIMD = !"false".equalsIgnoreCase(System.getProperty("nnj.simd", "true"))
            && org.nnj.api.simd.VectorApi.usable();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double coupledDecay;
    private final double decoupledDecay;
    private final boolean amsgrad;
    /** Below this many parameters the update runs in one piece ({@code -Dnnj.optimizer.parallelElements}). */
    static final int MIN_PARALLEL = Integer.getInteger("nnj.optimizer.parallelElements", 65_536);
    /** Runs the plain loop's ranges: the trainer's matrix-multiply threads, or this thread alone. */
    private final Parallelism parallelism;
    /** The arguments of the plain update in progress, for {@link #run(int, int)} (no capturing lambda). */
    private float[] w32;
    private float[] g32;
    private double[] w64;
    private double[] g64;
    private int wo;
    private int go;
    private double b1;
    private double b2;
    private double keep1;
    private double keep2;
    private double stepSize;
    private double bc2Sqrt;

    AdamUpdater(int size, Precision precision, double beta1, double beta2, double eps, double coupledDecay,
                double decoupledDecay, boolean amsgrad, Parallelism parallelism) {
        super(size, precision,
                amsgrad ? new String[] {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"} : new String[] {"exp_avg",
                        "exp_avg_sq"},
                new double[amsgrad ? 3 : 2]);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.coupledDecay = coupledDecay;
        this.decoupledDecay = decoupledDecay;
        this.amsgrad = amsgrad;
        this.parallelism = parallelism == null ? Parallelism.SERIAL : parallelism;
    }

    @Override
    void update32(float[] w, int wo, float[] g, int go, double lr, long t) {
        final int n = size();
        final float shrink = (float) (1 - lr * decoupledDecay);
        final float lambda = (float) coupledDecay;
        final float b1 = (float) beta1;
        final float b2 = (float) beta2;
        final float keep1 = (float) (1 - beta1);
        final float keep2 = (float) (1 - beta2);
        final float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        final float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, t));
        final float epsilon = (float) eps;
        final float[] m = f32[0];
        final float[] v = f32[1];
        final float[] vMax = amsgrad ? f32[2] : null;
        if (decoupledDecay == 0 && lambda == 0 && vMax == null) {
            // Plain Adam: the same operations in the same order as the general loop below, so the same
            // results; on the Vector API when present (C2 leaves this scalar loop unvectorized).
            if (SIMD) {
                plain(w, wo, g, go, null, 0, null, 0, b1, b2, keep1, keep2, stepSize, bc2Sqrt);
                return;
            }
            for (int i = 0; i < n; i++) {
                float d = g[go + i];
                float mi = m[i] * b1 + keep1 * d;
                float vi = v[i] * b2 + keep2 * d * d;
                m[i] = mi;
                v[i] = vi;
                w[wo + i] = w[wo + i] - stepSize * mi / ((float) Math.sqrt(vi) / bc2Sqrt + epsilon);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            float wi = w[wo + i];
            if (decoupledDecay != 0) {
                wi *= shrink;
            }
            float d = g[go + i];
            if (lambda != 0) {
                d += lambda * wi;
            }
            float mi = m[i] * b1 + keep1 * d;
            float vi = v[i] * b2 + keep2 * d * d;
            m[i] = mi;
            v[i] = vi;
            if (vMax != null) {
                vi = Math.max(vMax[i], vi);
                vMax[i] = vi;
            }
            w[wo + i] = wi - stepSize * mi / ((float) Math.sqrt(vi) / bc2Sqrt + epsilon);
        }
    }

    @Override
    void update64(double[] w, int wo, double[] g, int go, double lr, long t) {
        final int n = size();
        final double shrink = 1 - lr * decoupledDecay;
        final double lambda = coupledDecay;
        final double keep1 = 1 - beta1;
        final double keep2 = 1 - beta2;
        final double stepSize = lr / (1 - Math.pow(beta1, t));
        final double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        final double[] m = f64[0];
        final double[] v = f64[1];
        final double[] vMax = amsgrad ? f64[2] : null;
        final double b1 = beta1;
        final double b2 = beta2;
        final double epsilon = eps;
        if (decoupledDecay == 0 && lambda == 0 && vMax == null) {
            if (SIMD) {
                plain(null, 0, null, 0, w, wo, g, go, b1, b2, keep1, keep2, stepSize, bc2Sqrt);
                return;
            }
            for (int i = 0; i < n; i++) {
                double d = g[go + i];
                double mi = m[i] * b1 + keep1 * d;
                double vi = v[i] * b2 + keep2 * d * d;
                m[i] = mi;
                v[i] = vi;
                w[wo + i] = w[wo + i] - stepSize * mi / (Math.sqrt(vi) / bc2Sqrt + epsilon);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            double wi = w[wo + i];
            if (decoupledDecay != 0) {
                wi *= shrink;
            }
            double d = g[go + i];
            if (lambda != 0) {
                d += lambda * wi;
            }
            double mi = m[i] * beta1 + keep1 * d;
            double vi = v[i] * beta2 + keep2 * d * d;
            m[i] = mi;
            v[i] = vi;
            if (vMax != null) {
                vi = Math.max(vMax[i], vi);
                vMax[i] = vi;
            }
            w[wo + i] = wi - stepSize * mi / (Math.sqrt(vi) / bc2Sqrt + eps);
        }
    }

    /**
     * Plain Adam on the Vector API over {@code [0, size)}, split into about eight ranges run by the given
     * {@link Parallelism} when large; the constants arrive already rounded to the parameters' precision.
     */
    private void plain(float[] w32, int wo32, float[] g32, int go32, double[] w64, int wo64, double[] g64, int go64,
                       double b1, double b2, double keep1, double keep2, double stepSize, double bc2Sqrt) {
        this.w32 = w32;
        this.g32 = g32;
        this.w64 = w64;
        this.g64 = g64;
        this.wo = w32 != null ? wo32 : wo64;
        this.go = w32 != null ? go32 : go64;
        this.b1 = b1;
        this.b2 = b2;
        this.keep1 = keep1;
        this.keep2 = keep2;
        this.stepSize = stepSize;
        this.bc2Sqrt = bc2Sqrt;
        try {
            int n = size();
            if (n < MIN_PARALLEL) {
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

    /** One chunk of {@link #plain}: elements {@code [from, to)}. */
    @Override
    public void run(int from, int to) {
        if (w32 != null) {
            Simd.adam(w32, wo + from, g32, go + from, f32[0], f32[1], from, to - from, (float) b1, (float) b2,
                    (float) keep1, (float) keep2, (float) stepSize, (float) bc2Sqrt, (float) eps);
        } else {
            Simd.adam(w64, wo + from, g64, go + from, f64[0], f64[1], from, to - from, b1, b2, keep1, keep2,
                    stepSize, bc2Sqrt, eps);
        }
    }

    /** The Vector API loops of plain Adam; loaded only when the incubator module is present. */
    static final class Simd {
        private static final VectorSpecies<Float> F = org.nnj.api.simd.Lanes.FLOAT;
        private static final VectorSpecies<Double> D = org.nnj.api.simd.Lanes.DOUBLE;

        private Simd() {
        }

        static void adam(float[] w, int wo, float[] g, int go, float[] m, float[] v, int so, int n, float b1,
                         float b2, float keep1, float keep2, float stepSize, float bc2Sqrt, float eps) {
            int i = 0;
            for (int end = F.loopBound(n); i < end; i += F.length()) {
                FloatVector d = FloatVector.fromArray(F, g, go + i);
                FloatVector mi = FloatVector.fromArray(F, m, so + i).mul(b1).add(d.mul(keep1));
                FloatVector vi = FloatVector.fromArray(F, v, so + i).mul(b2).add(d.mul(keep2).mul(d));
                mi.intoArray(m, so + i);
                vi.intoArray(v, so + i);
                FloatVector wi = FloatVector.fromArray(F, w, wo + i);
                wi.sub(mi.mul(stepSize).div(vi.sqrt().div(bc2Sqrt).add(eps))).intoArray(w, wo + i);
            }
            for (; i < n; i++) {
                float d = g[go + i];
                float mi = m[so + i] * b1 + keep1 * d;
                float vi = v[so + i] * b2 + keep2 * d * d;
                m[so + i] = mi;
                v[so + i] = vi;
                w[wo + i] = w[wo + i] - stepSize * mi / ((float) Math.sqrt(vi) / bc2Sqrt + eps);
            }
        }

        static void adam(double[] w, int wo, double[] g, int go, double[] m, double[] v, int so, int n, double b1,
                         double b2, double keep1, double keep2, double stepSize, double bc2Sqrt, double eps) {
            int i = 0;
            for (int end = D.loopBound(n); i < end; i += D.length()) {
                DoubleVector d = DoubleVector.fromArray(D, g, go + i);
                DoubleVector mi = DoubleVector.fromArray(D, m, so + i).mul(b1).add(d.mul(keep1));
                DoubleVector vi = DoubleVector.fromArray(D, v, so + i).mul(b2).add(d.mul(keep2).mul(d));
                mi.intoArray(m, so + i);
                vi.intoArray(v, so + i);
                DoubleVector wi = DoubleVector.fromArray(D, w, wo + i);
                wi.sub(mi.mul(stepSize).div(vi.sqrt().div(bc2Sqrt).add(eps))).intoArray(w, wo + i);
            }
            for (; i < n; i++) {
                double d = g[go + i];
                double mi = m[so + i] * b1 + keep1 * d;
                double vi = v[so + i] * b2 + keep2 * d * d;
                m[so + i] = mi;
                v[so + i] = vi;
                w[wo + i] = w[wo + i] - stepSize * mi / (Math.sqrt(vi) / bc2Sqrt + eps);
            }
        }
    }
}
