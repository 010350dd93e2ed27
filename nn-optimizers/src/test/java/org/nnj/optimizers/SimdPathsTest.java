package org.nnj.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nnj.api.F32Mat;
import org.nnj.api.Precision;
import org.nnj.api.simd.VectorApi;
import org.nnj.api.spi.Parallelism;

/**
 * Plain Adam's Vector API loop against its scalar loop (the path taken where the Vector API is absent), bit for
 * bit: they must give the same results, not merely close ones.
 */
class SimdPathsTest {
    private static final int[] SIZES = {0, 1, 7, 8, 9, 31, 33, 1000, 4099};

    @Test
    void vectorApiIsInUseInTheseTests() {
        assertTrue(VectorApi.usable(), "tests run with --add-modules jdk.incubator.vector, so the vector paths must be on");
        assertTrue(new AdamUpdater(4, Precision.FLOAT32, 0.9, 0.999, 1e-8, 0, 0, false, null).vector(),
                "the optimizers' updaters take the vector loop where it is usable");
        assertFalse(new AdamUpdater(4, Precision.FLOAT32, 0.9, 0.999, 1e-8, 0, 0, false, null, false).vector());
    }

    @Test
    void adamVectorLoopMatchesScalarLoopBitForBit() {
        SplittableRandom r = new SplittableRandom(1);
        for (int n : SIZES) {
            float[] w = new float[n + 3];
            float[] g = new float[n + 5];
            float[] m = new float[n];
            float[] v = new float[n];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-8, 3)));
            }
            for (int i = 0; i < n; i++) {
                m[i] = (float) (r.nextGaussian() * 1e-3);
                v[i] = (float) (r.nextDouble() * 1e-4);
            }
            float[] w2 = w.clone();
            float[] m2 = m.clone();
            float[] v2 = v.clone();
            float b1 = 0.9f, b2 = 0.999f, k1 = 0.1f, k2 = 0.001f, step = 1e-3f / 0.1f, bc = 0.0316f, eps = 1e-8f;
            F32Updates.Simd.adam(w, 3, g, 5, m, v, 0, n, b1, b2, k1, k2, step, bc, eps);
            for (int i = 0; i < n; i++) {
                float d = g[5 + i];
                float mi = m2[i] * b1 + k1 * d;
                float vi = v2[i] * b2 + k2 * d * d;
                m2[i] = mi;
                v2[i] = vi;
                w2[3 + i] = w2[3 + i] - step * mi / ((float) Math.sqrt(vi) / bc + eps);
            }
            assertArrayEquals(w2, w, 0f, "weights, n=" + n);
            assertArrayEquals(m2, m, 0f, "exp_avg, n=" + n);
            assertArrayEquals(v2, v, 0f, "exp_avg_sq, n=" + n);
        }
    }

    @Test
    void adamVectorLoopMatchesScalarLoopBitForBitInFloat64() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : SIZES) {
            double[] w = r.doubles(n + 1).toArray();
            double[] g = r.doubles(n + 2, -1, 1).toArray();
            double[] m = new double[n];
            double[] v = new double[n];
            double[] w2 = w.clone();
            double[] m2 = m.clone();
            double[] v2 = v.clone();
            F64Updates.Simd.adam(w, 1, g, 2, m, v, 0, n, 0.9, 0.999, 0.1, 0.001, 0.01, 0.0316, 1e-8);
            for (int i = 0; i < n; i++) {
                double d = g[2 + i];
                double mi = m2[i] * 0.9 + 0.1 * d;
                double vi = v2[i] * 0.999 + 0.001 * d * d;
                m2[i] = mi;
                v2[i] = vi;
                w2[1 + i] = w2[1 + i] - 0.01 * mi / (Math.sqrt(vi) / 0.0316 + 1e-8);
            }
            assertArrayEquals(w2, w, 0d, "weights, n=" + n);
        }
    }

    @Test
    void adamSplitOverTwoThreadsMatchesTheScalarLoopBitForBit() {
        int n = 300_001;
        SplittableRandom r = new SplittableRandom(4);
        float[] w = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) r.nextGaussian();
        }
        float[] w2 = w.clone();
        float[] m2 = new float[n];
        float[] v2 = new float[n];
        AdamUpdater adam = new AdamUpdater(n, Precision.FLOAT32, 0.9, 0.999, 1e-8, 0, 0, false, twoThreads());
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < n; i++) {
                g[i] = (float) (r.nextGaussian() * 1e-2);
            }
            adam.update(new F32Mat(w, 0, 1, n), new F32Mat(g, 0, 1, n), 1e-3);
            float b1 = 0.9f;
            float b2 = 0.999f;
            float k1 = (float) (1 - 0.9);
            float k2 = (float) (1 - 0.999);
            float step = (float) (1e-3 / (1 - Math.pow(0.9, t)));
            float bc = (float) Math.sqrt(1 - Math.pow(0.999, t));
            float eps = 1e-8f;
            for (int i = 0; i < n; i++) {
                float d = g[i];
                float mi = m2[i] * b1 + k1 * d;
                float vi = v2[i] * b2 + k2 * d * d;
                m2[i] = mi;
                v2[i] = vi;
                w2[i] = w2[i] - step * mi / ((float) Math.sqrt(vi) / bc + eps);
            }
            assertArrayEquals(w2, w, 0f, "step " + t);
        }
    }

    /** The updater on the scalar loop (as where the Vector API is absent) and on the vector loop: same bits. */
    @Test
    void adamUpdaterOnTheScalarLoopMatchesTheVectorLoopBitForBit() {
        for (int n : new int[] {1, 9, 4099, AdamUpdater.MIN_PARALLEL + 17}) {
            for (Precision p : Precision.values()) {
                AdamUpdater scalar = new AdamUpdater(n, p, 0.9, 0.999, 1e-8, 0, 0, false, twoThreads(), false);
                AdamUpdater vector = new AdamUpdater(n, p, 0.9, 0.999, 1e-8, 0, 0, false, twoThreads(), true);
                SplittableRandom r = new SplittableRandom(n);
                double[] w0 = r.doubles(n, -1, 1).toArray();
                var ws = org.nnj.api.Mat.zeros(p, 1, n);
                var wv = org.nnj.api.Mat.zeros(p, 1, n);
                var g = org.nnj.api.Mat.zeros(p, 1, n);
                for (int i = 0; i < n; i++) {
                    ws.setFlat(i, w0[i]);
                    wv.setFlat(i, w0[i]);
                }
                for (int t = 0; t < 4; t++) {
                    for (int i = 0; i < n; i++) {
                        g.setFlat(i, r.nextGaussian() * Math.pow(10, r.nextInt(-6, 2)));
                    }
                    scalar.update(ws, g, 1e-3);
                    vector.update(wv, g, 1e-3);
                }
                assertArrayEquals(ws.toDoubleArray(), wv.toDoubleArray(), 0d, p + " weights, n=" + n);
                for (int k = 0; k < scalar.state().size(); k++) {
                    assertArrayEquals(scalar.state().get(k).value().toDoubleArray(),
                            vector.state().get(k).value().toDoubleArray(), 0d,
                            p + " " + scalar.state().get(k).name() + ", n=" + n);
                }
            }
        }
    }

    /** Ranges run on two threads at once, as the trainer's matrix-multiply threads do. */
    private static Parallelism twoThreads() {
        return (n, chunk, body) -> {
            Thread other = new Thread(() -> {
                for (int from = chunk; from < n; from += 2 * chunk) {
                    body.run(from, Math.min(n, from + chunk));
                }
            });
            other.start();
            for (int from = 0; from < n; from += 2 * chunk) {
                body.run(from, Math.min(n, from + chunk));
            }
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }
}
