package org.nnj.benchmarks;

import java.util.SplittableRandom;
import org.nnj.core.internal.gemm.Gemm;

/**
 * One training step of the MLP 784-256-128-10 (ReLU, softmax cross-entropy, Adam) written directly on
 * {@link Gemm}, float32: forward with the bias fused into the multiply, backward without materializing any
 * transpose, Adam over one flat parameter array. All buffers are made once; a step allocates nothing.
 * It is the floor under the framework's own training step (which adds its layer plumbing).
 */
// @twin
final class MlpStepF32 {
    private static final int[] SIZES = {784, 256, 128, 10};
    private final int batch;
    private final float[] params;
    private final float[] grads;
    private final float[] m1;
    private final float[] m2;
    private final int[] wOff = new int[3];
    private final int[] bOff = new int[3];
    private final float[] x;
    private final int[] labels;
    private final float[][] h = new float[4][];
    private final float[][] d = new float[4][];
    private int t;

    MlpStepF32(int batch, long seed) {
        this.batch = batch;
        SplittableRandom r = new SplittableRandom(seed);
        int total = 0;
        for (int l = 0; l < 3; l++) {
            wOff[l] = total;
            total += SIZES[l] * SIZES[l + 1];
            bOff[l] = total;
            total += SIZES[l + 1];
        }
        params = new float[total];
        grads = new float[total];
        m1 = new float[total];
        m2 = new float[total];
        for (int l = 0; l < 3; l++) {
            float scale = (float) Math.sqrt(2.0 / SIZES[l]);
            for (int i = 0; i < SIZES[l] * SIZES[l + 1]; i++) {
                params[wOff[l] + i] = (float) (r.nextGaussian() * scale);
            }
        }
        x = new float[batch * SIZES[0]];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(10);
        }
        h[0] = x;
        for (int l = 1; l < 4; l++) {
            h[l] = new float[batch * SIZES[l]];
            d[l] = new float[batch * SIZES[l]];
        }
    }

    /** One step; returns the mean loss so the work cannot be optimized away. */
    float step() {
        // Forward: h[l+1] = act(h[l] * W^T + b).
        for (int l = 0; l < 3; l++) {
            int in = SIZES[l];
            int out = SIZES[l + 1];
            Gemm.sgemm(false, true, batch, out, in, 1f, h[l], 0, in, params, wOff[l], in, 0f, h[l + 1], 0, out,
                    params, bOff[l]);
            if (l < 2) {
                float[] z = h[l + 1];
                for (int i = 0; i < z.length; i++) {
                    z[i] = Math.max(z[i], 0f);
                }
            }
        }
        // Softmax cross-entropy: d[3] = (softmax(z) - onehot) / batch.
        float loss = 0f;
        float[] z = h[3];
        float[] dz = d[3];
        for (int i = 0; i < batch; i++) {
            int o = i * 10;
            float max = z[o];
            for (int j = 1; j < 10; j++) {
                max = Math.max(max, z[o + j]);
            }
            float sum = 0f;
            for (int j = 0; j < 10; j++) {
                float e = (float) Math.exp(z[o + j] - max);
                dz[o + j] = e;
                sum += e;
            }
            loss += (float) Math.log(sum) + max - z[o + labels[i]];
            float inv = 1f / (sum * batch);
            for (int j = 0; j < 10; j++) {
                dz[o + j] *= inv;
            }
            dz[o + labels[i]] -= 1f / batch;
        }
        // Backward.
        for (int l = 2; l >= 0; l--) {
            int in = SIZES[l];
            int out = SIZES[l + 1];
            float[] g = d[l + 1];
            // dW = dZ^T * H (out x in), db = column sums of dZ.
            Gemm.sgemm(true, false, out, in, batch, 1f, g, 0, out, h[l], 0, in, 0f, grads, wOff[l], in);
            int bo = bOff[l];
            for (int j = 0; j < out; j++) {
                grads[bo + j] = 0f;
            }
            for (int i = 0; i < batch; i++) {
                for (int j = 0; j < out; j++) {
                    grads[bo + j] += g[i * out + j];
                }
            }
            if (l > 0) {
                // dH = dZ * W (batch x in), then through ReLU.
                float[] dh = d[l];
                Gemm.sgemm(false, false, batch, in, out, 1f, g, 0, out, params, wOff[l], in, 0f, dh, 0, in);
                float[] act = h[l];
                for (int i = 0; i < dh.length; i++) {
                    if (act[i] <= 0f) {
                        dh[i] = 0f;
                    }
                }
            }
        }
        adam();
        return loss / batch;
    }

    private void adam() {
        t++;
        float b1 = 0.9f;
        float b2 = 0.999f;
        float lr = 1e-3f;
        float c1 = (float) (1 / (1 - Math.pow(b1, t)));
        float c2 = (float) (1 / (1 - Math.pow(b2, t)));
        for (int i = 0; i < params.length; i++) {
            float g = grads[i];
            float a = b1 * m1[i] + (1 - b1) * g;
            float v = b2 * m2[i] + (1 - b2) * g * g;
            m1[i] = a;
            m2[i] = v;
            params[i] -= lr * (a * c1) / ((float) Math.sqrt(v * c2) + 1e-8f);
        }
    }
}
