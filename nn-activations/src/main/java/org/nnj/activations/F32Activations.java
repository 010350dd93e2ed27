package org.nnj.activations;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

// @twin
/**
 * The bulk loops of the built-in activations on float32 arrays; {@code F64Activations}, their float64 twin, is
 * generated from this file at build time (tools/codegen/Twins.java), so each loop is written once. Values are
 * computed in double and rounded once to the arrays' precision, as the activations' {@code apply} does. Each
 * method reads {@code n} (or {@code rows x cols}) elements from the given offsets and allocates nothing.
 */
final class F32Activations {
    private F32Activations() {
    }

    /** {@code a = max(0, z)}; NaN and -0 give +0. On the Vector API when {@code vector}, the same bits. */
    static void reluForward(boolean vector, float[] z, int zo, float[] a, int ao, int n) {
        int i = vector ? Simd.reluForward(z, zo, a, ao, n) : 0;
        for (; i < n; i++) {
            float v = z[zo + i];
            a[ao + i] = v > 0 ? v : 0f;
        }
    }

    /** {@code gradZ = z > 0 ? gradA : 0}. On the Vector API when {@code vector}, the same bits. */
    static void reluBackward(boolean vector, float[] z, int zo, float[] g, int go, float[] o, int oo, int n) {
        int i = vector ? Simd.reluBackward(z, zo, g, go, o, oo, n) : 0;
        for (; i < n; i++) {
            o[oo + i] = z[zo + i] > 0 ? g[go + i] : 0f;
        }
    }

    /** {@code a = tanh(z)}. */
    static void tanhForward(float[] z, int zo, float[] a, int ao, int n) {
        for (int i = 0; i < n; i++) {
            a[ao + i] = (float) Math.tanh(z[zo + i]);
        }
    }

    /** {@code gradZ = gradA * (1 - a^2)}, from the output a. */
    static void tanhBackward(float[] a, int ao, float[] g, int go, float[] o, int oo, int n) {
        for (int i = 0; i < n; i++) {
            double t = a[ao + i];
            o[oo + i] = (float) (g[go + i] * (1 - t * t));
        }
    }

    /** {@code a = 1 / (1 + e^(-beta z))}, {@link Sigmoid#value}. */
    static void sigmoidForward(double beta, float[] z, int zo, float[] a, int ao, int n) {
        for (int i = 0; i < n; i++) {
            a[ao + i] = (float) Sigmoid.value(beta, z[zo + i]);
        }
    }

    /** {@code gradZ = gradA * beta a (1 - a)}, from the output a. */
    static void sigmoidBackward(double beta, float[] a, int ao, float[] g, int go, float[] o, int oo, int n) {
        for (int i = 0; i < n; i++) {
            double s = a[ao + i];
            o[oo + i] = (float) (g[go + i] * beta * s * (1 - s));
        }
    }

    /** Row-wise softmax of {@code rows x cols} values, shifted by each row's maximum. */
    static void softmaxForward(float[] z, int zOffset, float[] a, int aOffset, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int zo = zOffset + r * cols;
            int ao = aOffset + r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, z[zo + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                double e = Math.exp(z[zo + c] - max);
                a[ao + c] = (float) e;
                sum += e;
            }
            double inv = 1 / sum;
            for (int c = 0; c < cols; c++) {
                a[ao + c] = (float) (a[ao + c] * inv);
            }
        }
    }

    /** Row-wise {@code gradZ_c = a_c (gradA_c - sum_j gradA_j a_j)}. */
    static void softmaxBackward(float[] a, int aOffset, float[] g, int gOffset, float[] o, int oOffset, int rows,
                                int cols) {
        for (int r = 0; r < rows; r++) {
            int ao = aOffset + r * cols;
            int go = gOffset + r * cols;
            int oo = oOffset + r * cols;
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += (double) g[go + c] * a[ao + c];
            }
            for (int c = 0; c < cols; c++) {
                o[oo + c] = (float) (a[ao + c] * (g[go + c] - dot));
            }
        }
    }

    /**
     * The Vector API loops (compare and blend: a branchy scalar loop mispredicts on every other element of a
     * real layer, and C2 does not vectorize its conditional moves); loaded only when asked for. Each returns
     * how many leading elements it did; the scalar loop does the rest.
     */
    static final class Simd {
        private static final VectorSpecies<Float> F = org.nnj.api.simd.Lanes.FLOAT;

        private Simd() {
        }

        static int reluForward(float[] z, int zo, float[] a, int ao, int n) {
            FloatVector zero = FloatVector.zero(F);
            int i = 0;
            for (int end = F.loopBound(n); i < end; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, z, zo + i);
                zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(a, ao + i);
            }
            return i;
        }

        static int reluBackward(float[] z, int zo, float[] g, int go, float[] o, int oo, int n) {
            FloatVector zero = FloatVector.zero(F);
            int i = 0;
            for (int end = F.loopBound(n); i < end; i += F.length()) {
                var m = FloatVector.fromArray(F, z, zo + i).compare(VectorOperators.GT, 0f);
                zero.blend(FloatVector.fromArray(F, g, go + i), m).intoArray(o, oo + i);
            }
            return i;
        }
    }
}
