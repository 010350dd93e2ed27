package org.nnj.benchmarks;

import java.util.SplittableRandom;
import org.nnj.core.internal.gemm.Gemm;

/**
 * One training step of the MLP 784-256-128-10 (ReLU, softmax cross-entropy, Adam) written directly on
 * {@link Gemm}, float64: forward with the bias fused into the multiply, backward without materializing any
 * transpose, Adam over one flat parameter array. All buffers are made once; a step allocates nothing.
 * It is the floor under the framework's own training step (which adds its layer plumbing).
 */
final class MlpStep64 {
    private static final int[] SIZES = {784, 256, 128, 10};
    private final int batch;
    private final double[] params;
    private final double[] grads;
    private final double[] m1;
    private final double[] m2;
    private final int[] wOff = new int[3];
    private final int[] bOff = new int[3];
    private final double[] x;
    private final int[] labels;
    private final double[][] h = new double[4][];
    private final double[][] d = new double[4][];
    private int t;

    MlpStep64(int batch, long seed) {
        this.batch = batch;
        SplittableRandom r = new SplittableRandom(seed);
        int total = 0;
        for (int l = 0; l < 3; l++) {
            wOff[l] = total;
            total += SIZES[l] * SIZES[l + 1];
            bOff[l] = total;
            total += SIZES[l + 1];
        }
        params = new double[total];
        grads = new double[total];
        m1 = new double[total];
        m2 = new double[total];
        for (int l = 0; l < 3; l++) {
            double scale = Math.sqrt(2.0 / SIZES[l]);
            for (int i = 0; i < SIZES[l] * SIZES[l + 1]; i++) {
                params[wOff[l] + i] = (r.nextGaussian() * scale);
            }
        }
        x = new double[batch * SIZES[0]];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble();
        }
        labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(10);
        }
        h[0] = x;
        for (int l = 1; l < 4; l++) {
            h[l] = new double[batch * SIZES[l]];
            d[l] = new double[batch * SIZES[l]];
        }
    }

    /** One step; returns the mean loss so the work cannot be optimized away. */
    double step() {
        // Forward: h[l+1] = act(h[l] * W^T + b).
        for (int l = 0; l < 3; l++) {
            int in = SIZES[l];
            int out = SIZES[l + 1];
            Gemm.dgemm(false, true, batch, out, in, 1.0, h[l], 0, in, params, wOff[l], in, 0.0, h[l + 1], 0, out,
                    params, bOff[l]);
            if (l < 2) {
                double[] z = h[l + 1];
                for (int i = 0; i < z.length; i++) {
                    z[i] = Math.max(z[i], 0.0);
                }
            }
        }
        // Softmax cross-entropy: d[3] = (softmax(z) - onehot) / batch.
        double loss = 0.0;
        double[] z = h[3];
        double[] dz = d[3];
        for (int i = 0; i < batch; i++) {
            int o = i * 10;
            double max = z[o];
            for (int j = 1; j < 10; j++) {
                max = Math.max(max, z[o + j]);
            }
            double sum = 0.0;
            for (int j = 0; j < 10; j++) {
                double e = Math.exp(z[o + j] - max);
                dz[o + j] = e;
                sum += e;
            }
            loss += Math.log(sum) + max - z[o + labels[i]];
            double inv = 1.0 / (sum * batch);
            for (int j = 0; j < 10; j++) {
                dz[o + j] *= inv;
            }
            dz[o + labels[i]] -= 1.0 / batch;
        }
        // Backward.
        for (int l = 2; l >= 0; l--) {
            int in = SIZES[l];
            int out = SIZES[l + 1];
            double[] g = d[l + 1];
            // dW = dZ^T * H (out x in), db = column sums of dZ.
            Gemm.dgemm(true, false, out, in, batch, 1.0, g, 0, out, h[l], 0, in, 0.0, grads, wOff[l], in);
            int bo = bOff[l];
            for (int j = 0; j < out; j++) {
                grads[bo + j] = 0.0;
            }
            for (int i = 0; i < batch; i++) {
                for (int j = 0; j < out; j++) {
                    grads[bo + j] += g[i * out + j];
                }
            }
            if (l > 0) {
                // dH = dZ * W (batch x in), then through ReLU.
                double[] dh = d[l];
                Gemm.dgemm(false, false, batch, in, out, 1.0, g, 0, out, params, wOff[l], in, 0.0, dh, 0, in);
                double[] act = h[l];
                for (int i = 0; i < dh.length; i++) {
                    if (act[i] <= 0.0) {
                        dh[i] = 0.0;
                    }
                }
            }
        }
        adam();
        return loss / batch;
    }

    private void adam() {
        t++;
        double b1 = 0.9;
        double b2 = 0.999;
        double lr = 1e-3;
        double c1 = (1 / (1 - Math.pow(b1, t)));
        double c2 = (1 / (1 - Math.pow(b2, t)));
        for (int i = 0; i < params.length; i++) {
            double g = grads[i];
            double a = b1 * m1[i] + (1 - b1) * g;
            double v = b2 * m2[i] + (1 - b2) * g * g;
            m1[i] = a;
            m2[i] = v;
            params[i] -= lr * (a * c1) / (Math.sqrt(v * c2) + 1e-8);
        }
    }
}
