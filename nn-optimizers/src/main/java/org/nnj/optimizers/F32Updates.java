package org.nnj.optimizers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

// @twin
/**
 * The update loops of the built-in optimizers on float32 arrays; {@code F64Updates}, their float64 twin, is
 * generated from this file at build time (tools/codegen/Twins.java), so each rule is written once. The
 * formulas are in the optimizers' javadoc; hyperparameters arrive as doubles and are rounded here, once, to the
 * parameters' precision. Each method updates {@code w[wo .. wo+n)} from {@code g[go .. go+n)} and the state
 * arrays (indexed from 0) in place and allocates nothing.
 */
final class F32Updates {
    private F32Updates() {
    }

    /** {@link Sgd}'s rule; {@code b} is the momentum buffer, or null without momentum. */
    static void sgd(float[] w, int wo, float[] g, int go, int n, float[] b, double learningRate,
                    double weightDecay, double momentum, double dampening, boolean nesterov, long t) {
        final float eta = (float) learningRate;
        final float lambda = (float) weightDecay;
        final float mu = (float) momentum;
        final float keep = (float) (1 - dampening);
        if (lambda == 0 && (b == null || (t > 1 && !nesterov))) {
            // Branch-free loops C2 vectorizes; the same operations as the general loop below.
            if (b == null) {
                for (int i = 0; i < n; i++) {
                    w[wo + i] -= eta * g[go + i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    float bi = b[i] * mu + keep * g[go + i];
                    b[i] = bi;
                    w[wo + i] -= eta * bi;
                }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            float d = g[go + i];
            if (lambda != 0) {
                d += lambda * w[wo + i];
            }
            if (b != null) {
                float bi = t == 1 ? d : b[i] * mu + keep * d;
                b[i] = bi;
                d = nesterov ? d + mu * bi : bi;
            }
            w[wo + i] -= eta * d;
        }
    }

    /** {@link Adagrad}'s rule; {@code s} is the running sum of squared gradients. */
    static void adagrad(float[] w, int wo, float[] g, int go, int n, float[] s, double learningRate,
                        double lrDecay, double weightDecay, double eps, long t) {
        final float clr = (float) (learningRate / (1 + (t - 1) * lrDecay));
        final float lambda = (float) weightDecay;
        final float epsilon = (float) eps;
        for (int i = 0; i < n; i++) {
            float d = g[go + i];
            if (lambda != 0) {
                d += lambda * w[wo + i];
            }
            float si = s[i] + d * d;
            s[i] = si;
            w[wo + i] -= clr * d / ((float) Math.sqrt(si) + epsilon);
        }
    }

    /**
     * {@link RmsProp}'s rule; {@code v} is the square average, {@code a} the gradient average (null unless
     * centered), {@code b} the momentum buffer (null without momentum).
     */
    static void rmsprop(float[] w, int wo, float[] g, int go, int n, float[] v, float[] a, float[] b,
                        double learningRate, double alpha, double weightDecay, double eps, double momentum) {
        final float eta = (float) learningRate;
        final float rho = (float) alpha;
        final float keep = (float) (1 - alpha);
        final float lambda = (float) weightDecay;
        final float epsilon = (float) eps;
        final float mu = (float) momentum;
        if (lambda == 0 && a == null && b == null) {
            // Plain RMSprop: a branch-free loop C2 vectorizes; the same operations as the general loop.
            for (int i = 0; i < n; i++) {
                float d = g[go + i];
                float vi = v[i] * rho + keep * d * d;
                v[i] = vi;
                float r = (float) Math.sqrt(vi) + epsilon;
                w[wo + i] -= eta * d / r;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            float d = g[go + i];
            if (lambda != 0) {
                d += lambda * w[wo + i];
            }
            float vi = v[i] * rho + keep * d * d;
            v[i] = vi;
            float r;
            if (a != null) {
                float ai = a[i] * rho + keep * d;
                a[i] = ai;
                r = (float) Math.sqrt(vi - ai * ai) + epsilon;
            } else {
                r = (float) Math.sqrt(vi) + epsilon;
            }
            if (b != null) {
                float bi = b[i] * mu + d / r;
                b[i] = bi;
                w[wo + i] -= eta * bi;
            } else {
                w[wo + i] -= eta * d / r;
            }
        }
    }

    /**
     * {@link Adam}'s and {@link AdamW}'s rule over elements {@code [from, to)} of the state, the parameters and the
     * gradient starting at {@code wo} and {@code go}: weight decay coupled ({@code coupledDecay}, added to the
     * gradient) or decoupled ({@code decoupledDecay}, shrinking the weights), AMSGrad when {@code vMax} is not
     * null. Plain Adam (none of these) runs on the Vector API when {@code vector} (each lane does the scalar
     * loop's operations in the same order without fusing, so both give the same bits), else on its scalar loop
     * (C2 leaves it unvectorized); the general loop gives the same results for it too.
     */
    static void adam(boolean vector, float[] w, int wo, float[] g, int go, float[] m, float[] v, float[] vMax,
                     int from, int to, double learningRate, double beta1, double beta2, double eps,
                     double coupledDecay, double decoupledDecay, long t) {
        final float shrink = (float) (1 - learningRate * decoupledDecay);
        final float lambda = (float) coupledDecay;
        final float b1 = (float) beta1;
        final float b2 = (float) beta2;
        final float keep1 = (float) (1 - beta1);
        final float keep2 = (float) (1 - beta2);
        final float stepSize = (float) (learningRate / (1 - Math.pow(beta1, t)));
        final float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, t));
        final float epsilon = (float) eps;
        if (decoupledDecay == 0 && lambda == 0 && vMax == null) {
            if (vector) {
                Simd.adam(w, wo + from, g, go + from, m, v, from, to - from, b1, b2, keep1, keep2, stepSize,
                        bc2Sqrt, epsilon);
            } else {
                adamScalar(w, wo + from, g, go + from, m, v, from, 0, to - from, b1, b2, keep1, keep2, stepSize,
                        bc2Sqrt, epsilon);
            }
            return;
        }
        for (int i = from; i < to; i++) {
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

    /** Plain Adam's scalar loop over {@code i = [i, n)}: {@code w[wo + i]}, {@code g[go + i]}, state {@code so + i}. */
    static void adamScalar(float[] w, int wo, float[] g, int go, float[] m, float[] v, int so, int i, int n,
                           float b1, float b2, float keep1, float keep2, float stepSize, float bc2Sqrt, float eps) {
        for (; i < n; i++) {
            float d = g[go + i];
            float mi = m[so + i] * b1 + keep1 * d;
            float vi = v[so + i] * b2 + keep2 * d * d;
            m[so + i] = mi;
            v[so + i] = vi;
            w[wo + i] = w[wo + i] - stepSize * mi / ((float) Math.sqrt(vi) / bc2Sqrt + eps);
        }
    }

    /** The Vector API loops; loaded only when the incubator module is present and asked for. */
    static final class Simd {
        private static final VectorSpecies<Float> F = org.nnj.api.simd.Lanes.FLOAT;

        private Simd() {
        }

        /** Plain Adam over {@code n} elements, {@link #adamScalar}'s operations lane by lane. */
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
            adamScalar(w, wo, g, go, m, v, so, i, n, b1, b2, keep1, keep2, stepSize, bc2Sqrt, eps);
        }
    }
}
