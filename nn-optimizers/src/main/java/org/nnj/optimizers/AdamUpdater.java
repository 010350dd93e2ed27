package org.nnj.optimizers;

import org.nnj.api.Precision;

/**
 * The update loop shared by {@link Adam} (coupled weight decay, added to the gradient) and {@link AdamW}
 * (decoupled weight decay, shrinking the weights). The formulas are in those classes' javadoc.
 */
final class AdamUpdater extends LazyUpdater {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double coupledDecay;
    private final double decoupledDecay;
    private final boolean amsgrad;

    AdamUpdater(int size, Precision precision, double beta1, double beta2, double eps, double coupledDecay,
                double decoupledDecay, boolean amsgrad) {
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
}
