package org.nnj.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nnj.activations.Relu;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.core.internal.simd.Finite;

/**
 * The Vector API paths of the non-GEMM parts of a training step against their scalar loops, bit for bit
 * (they must give the same results, not merely close ones). Lives here because nn-benchmarks sees all of them.
 */
class SimdPathsTest {
    private static final int[] SIZES = {0, 1, 7, 8, 9, 31, 33, 1000, 4099};

    @Test
    void vectorApiIsInUseInTheseTests() {
        assertTrue(AdamUpdater.SIMD, "tests run with --add-modules jdk.incubator.vector, so the vector paths must be on");
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
            AdamUpdater.Simd.adam(w, 3, g, 5, m, v, 0, n, b1, b2, k1, k2, step, bc, eps);
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
            AdamUpdater.Simd.adam(w, 1, g, 2, m, v, 0, n, 0.9, 0.999, 0.1, 0.001, 0.01, 0.0316, 1e-8);
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
        AdamUpdater adam = new AdamUpdater(n, org.nnj.api.Precision.FLOAT32, 0.9, 0.999, 1e-8, 0, 0, false, null);
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

    @Test
    void reluMatchesTheScalarDefinitionBitForBitIncludingNanAndSignedZero() {
        Relu relu = new Relu();
        SplittableRandom r = new SplittableRandom(3);
        for (int n : SIZES) {
            float[] z = new float[n];
            float[] ga = new float[n];
            for (int i = 0; i < n; i++) {
                z[i] = switch (r.nextInt(8)) {
                    case 0 -> Float.NaN;
                    case 1 -> -0f;
                    case 2 -> 0f;
                    case 3 -> Float.NEGATIVE_INFINITY;
                    case 4 -> Float.POSITIVE_INFINITY;
                    default -> (float) r.nextGaussian();
                };
                ga[i] = (float) r.nextGaussian();
            }
            F32Mat zm = new F32Mat(z, 0, 1, n);
            F32Mat a = new F32Mat(new float[n], 0, 1, n);
            F32Mat gz = new F32Mat(new float[n], 0, 1, n);
            relu.forward(zm, a);
            relu.backward(zm, a, new F32Mat(ga, 0, 1, n), gz);
            for (int i = 0; i < n; i++) {
                float want = z[i] > 0 ? z[i] : 0f;
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(a.data()[i]), "forward at " + z[i]);
                float wantG = z[i] > 0 ? ga[i] : 0f;
                assertEquals(Float.floatToRawIntBits(wantG), Float.floatToRawIntBits(gz.data()[i]), "backward at " + z[i]);
            }
            double[] zd = new double[n];
            for (int i = 0; i < n; i++) {
                zd[i] = z[i];
            }
            F64Mat ad = new F64Mat(new double[n], 0, 1, n);
            relu.forward(new F64Mat(zd, 0, 1, n), ad);
            for (int i = 0; i < n; i++) {
                double want = zd[i] > 0 ? zd[i] : 0.0;
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(ad.data()[i]));
            }
        }
    }

    @Test
    void finiteCheckFindsEveryNonFiniteValueWherever() {
        for (int n : SIZES) {
            float[] a = new float[n + 2];
            double[] d = new double[n + 2];
            java.util.Arrays.fill(a, 3e38f);
            java.util.Arrays.fill(d, 1.7e308);
            assertTrue(Finite.all(a, 1, n), "huge but finite values whose sum overflows are finite");
            assertTrue(Finite.all(d, 1, n));
            for (int i = 0; i < n; i++) {
                for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                    a[1 + i] = bad;
                    d[1 + i] = bad;
                    assertEquals(false, Finite.all(a, 1, n), "n=" + n + " at " + i);
                    assertEquals(false, Finite.all(d, 1, n), "n=" + n + " at " + i);
                }
                a[1 + i] = 1f;
                d[1 + i] = 1d;
            }
            a[0] = Float.NaN;
            a[n + 1] = Float.NaN;
            assertTrue(Finite.all(a, 1, n), "values outside the range are not read");
        }
    }
}
