package org.nnj.core.internal.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The trainer's check of every gradient: every non-finite value found, wherever it is, and nothing outside. */
class FiniteTest {
    private static final int[] SIZES = {0, 1, 7, 8, 9, 31, 33, 1000, 4099};

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
