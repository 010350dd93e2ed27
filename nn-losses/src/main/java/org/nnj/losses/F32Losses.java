package org.nnj.losses;

import java.util.function.DoubleBinaryOperator;

// @twin
/**
 * The loops of the built-in losses on float32 arrays; {@code F64Losses}, their float64 twin, is generated from
 * this file at build time (tools/codegen/Twins.java), so each loop is written once. Sums accumulate in double
 * and each result is rounded once to the arrays' precision. {@code o}, {@code t} and {@code g} are the output,
 * the target and the gradient, read and written from the given offsets.
 */
final class F32Losses {
    private F32Losses() {
    }

    /** {@code sum of term(o_i, t_i)} over {@code n} elements. */
    static double sum(DoubleBinaryOperator term, float[] o, int oo, float[] t, int to, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += term.applyAsDouble(o[oo + i], t[to + i]);
        }
        return sum;
    }

    /** {@code g_i = scale * slope(o_i, t_i)} over {@code n} elements. */
    static void gradient(DoubleBinaryOperator slope, double scale, float[] o, int oo, float[] t, int to, float[] g,
                         int go, int n) {
        for (int i = 0; i < n; i++) {
            g[go + i] = (float) (scale * slope.applyAsDouble(o[oo + i], t[to + i]));
        }
    }

    /** {@code sum of (o_i - t_i)^2} over {@code n} elements. */
    static double sumOfSquares(float[] o, int oo, float[] t, int to, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) o[oo + i] - t[to + i];
            sum += d * d;
        }
        return sum;
    }

    /** {@code g_i = scale * (o_i - t_i)} over {@code n} elements. */
    static void scaledDifference(double scale, float[] o, int oo, float[] t, int to, float[] g, int go, int n) {
        for (int i = 0; i < n; i++) {
            g[go + i] = (float) (scale * ((double) o[oo + i] - t[to + i]));
        }
    }

    /**
     * Cross-entropy after softmax, with respect to the pre-activation: row by row of {@code rows x cols},
     * {@code g_c = scale * (o_c * sum_j t_j - t_c)}.
     */
    static void softmaxCrossEntropy(double scale, float[] o, int oOffset, float[] t, int tOffset, float[] g,
                                    int gOffset, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int oo = oOffset + r * cols;
            int to = tOffset + r * cols;
            int go = gOffset + r * cols;
            double mass = 0;
            for (int c = 0; c < cols; c++) {
                mass += t[to + c];
            }
            for (int c = 0; c < cols; c++) {
                g[go + c] = (float) (scale * (o[oo + c] * mass - t[to + c]));
            }
        }
    }
}
