package org.nnj.core.internal.gemm;

import org.nnj.core.internal.simd.Simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The packed layouts the register tiles read: checked element by element against their definition, for every
 * row count (full panels and a zero-padded last panel) and column counts on both sides of the unrolled loops,
 * for each panel height the kernels use, and op(B) panels copied with vectors and with {@code arraycopy}.
 */
class PackTest {

    @Test
    void rowPanelsOfAHoldEachColumnsValuesInOrderThenZeros() {
        SplittableRandom r = new SplittableRandom(3);
        for (int mr : new int[] {4, 6, 8, 5}) {
            for (boolean trans : new boolean[] {false, true}) {
                for (int mc = 0; mc <= 14; mc++) {
                    for (int kc : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 392}) {
                        int lda = (trans ? mc + 2 : kc + 3) + 1;
                        int aOff = 2;
                        int i0 = 1;
                        int p0 = 2;
                        float[] a = random(r, aOff + (trans ? p0 + kc : i0 + mc) * lda + 5);
                        int panels = (mc + mr - 1) / mr;
                        float[] expected = new float[panels * mr * kc + 7];
                        for (int q = 0; q < panels * mr; q++) {
                            for (int p = 0; p < kc; p++) {
                                int row = i0 + q;
                                int col = p0 + p;
                                expected[(q / mr) * mr * kc + p * mr + q % mr] = q >= mc ? 0f
                                        : trans ? a[aOff + col * lda + row] : a[aOff + row * lda + col];
                            }
                        }
                        float[] got = new float[expected.length];
                        Arrays.fill(got, Float.NaN); // every element must be written
                        Arrays.fill(got, panels * mr * kc, got.length, 0f);
                        F32Pack.a(trans, a, aOff, lda, i0, mc, p0, kc, mr, got);
                        assertArrayEquals(expected, got,
                                "mr=" + mr + " " + (trans ? "T" : "N") + " mc=" + mc + " kc=" + kc);
                    }
                }
            }
        }
    }

    @Test
    void columnPanelsOfBHoldEachRowsValuesInOrderThenZerosWithEitherCopy() {
        SplittableRandom r = new SplittableRandom(5);
        {
            for (boolean vector : Simd.ENABLED ? new boolean[] {false, true} : new boolean[] {false}) {
                for (boolean trans : new boolean[] {false, true}) {
                    for (int nc : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40}) {
                        for (int kc : new int[] {1, 2, 5, 10, 128}) {
                            int ldb = (trans ? kc + 3 : nc + 2) + 1;
                            int bOff = 3;
                            int p0 = 1;
                            int j0 = 2;
                            float[] b = random(r, bOff + (trans ? j0 + nc : p0 + kc) * ldb + 5);
                            double[] b64 = new double[b.length];
                            for (int i = 0; i < b.length; i++) {
                                b64[i] = b[i] + 0.25 * r.nextDouble();
                            }
                            String where = "vector=" + vector + " " + (trans ? "T" : "N") + " nc=" + nc + " kc=" + kc;
                            // The vector kernels' panels (two vectors: 8, 16 or 32 floats) when they run, else 16.
                            int nr = Simd.ENABLED ? 2 * F32VectorKernel.L : 16;
                            int nr64 = Simd.ENABLED ? 2 * F64VectorKernel.L : 8;
                            float[] expected = new float[panelsB(nc, nr) * kc];
                            double[] expected64 = new double[panelsB(nc, nr64) * kc];
                            for (int p = 0; p < kc; p++) {
                                for (int j = 0; j < nc; j++) {
                                    int src = trans ? bOff + (j0 + j) * ldb + p0 + p : bOff + (p0 + p) * ldb + j0 + j;
                                    expected[(j / nr) * nr * kc + p * nr + j % nr] = b[src];
                                    expected64[(j / nr64) * nr64 * kc + p * nr64 + j % nr64] = b64[src];
                                }
                            }
                            float[] got = new float[expected.length];
                            Arrays.fill(got, Float.NaN);
                            F32Pack.b(trans, b, bOff, ldb, p0, kc, j0, nc, nr, got, vector);
                            assertArrayEquals(expected, got, where);
                            double[] got64 = new double[expected64.length];
                            Arrays.fill(got64, Double.NaN);
                            F64Pack.b(trans, b64, bOff, ldb, p0, kc, j0, nc, nr64, got64, vector);
                            assertArrayEquals(expected64, got64, "float64 " + where);
                        }
                    }
                }
            }
        }
    }

    /** Panels of {@code nr} columns for {@code nc} columns, times {@code nr}: the packed row length. */
    private static int panelsB(int nc, int nr) {
        return (nc + nr - 1) / nr * nr;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble();
        }
        return a;
    }
}
