package org.nnj.core.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The packed layouts the register tiles read: checked element by element against their definition, for every
 * row count (full panels and a zero-padded last panel) and column counts on both sides of the unrolled loops.
 */
class PackTest {

    @Test
    void sixRowPanelsOfAHoldEachColumnsSixValuesInOrderThenZeros() {
        SplittableRandom r = new SplittableRandom(3);
        for (boolean trans : new boolean[] {false, true}) {
            for (int mc = 0; mc <= 14; mc++) {
                for (int kc : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 392}) {
                    int lda = (trans ? mc + 2 : kc + 3) + 1;
                    int aOff = 2;
                    int i0 = 1;
                    int p0 = 2;
                    float[] a = new float[aOff + (trans ? p0 + kc : i0 + mc) * lda + 5];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (float) r.nextDouble();
                    }
                    int panels = (mc + 5) / 6;
                    float[] expected = new float[panels * 6 * kc + 7];
                    for (int q = 0; q < panels * 6; q++) {
                        for (int p = 0; p < kc; p++) {
                            int row = i0 + q;
                            int col = p0 + p;
                            expected[(q / 6) * 6 * kc + p * 6 + q % 6] = q >= mc ? 0f
                                    : trans ? a[aOff + col * lda + row] : a[aOff + row * lda + col];
                        }
                    }
                    float[] got = new float[expected.length];
                    Pack.a32(trans, a, aOff, lda, i0, mc, p0, kc, 6, got);
                    assertArrayEquals(expected, got, (trans ? "T" : "N") + " mc=" + mc + " kc=" + kc);
                }
            }
        }
    }
}
