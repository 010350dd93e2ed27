package org.nnj.core.internal.gemm;

// @twin
/**
 * Copies blocks of op(A) and op(B) into the contiguous panel layout the micro-kernels read, doing any
 * transpose on the way (so no transposed matrix is ever materialized).
 *
 * <p>op(A) rows {@code [i0, i0+mc)} x columns {@code [p0, p0+kc)} become panels of {@code mr} rows: element
 * (i, p) of panel q lands at {@code q*kc*mr + p*mr + (i - q*mr)}. op(B) rows {@code [p0, p0+kc)} x columns
 * {@code [j0, j0+nc)} become panels of {@code nr} columns: element (p, j) of panel q lands at
 * {@code q*kc*nr + p*nr + (j - q*nr)}. Partial panels are padded with zeros.
 */
final class F32Pack {
    private F32Pack() {
    }

    static void a(boolean trans, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, int mr,
                    float[] dst) {
        a(trans, a, aOff, lda, i0, mc, p0, kc, mr, dst, 0);
    }

    /**
     * {@link #a(boolean, float[], int, int, int, int, int, int, int, float[])} written from {@code dst[dOff]}. Panels
     * of the vector kernels' 4, 6 and 8 rows are packed by {@code F32Panels}' unrolled loops (constant strides let
     * the JIT drop bounds checks and unroll), generated at build time by {@code tools/codegen/Tiles.java}, which
     * says why each has its form.
     */
    static void a(boolean trans, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, int mr,
                    float[] dst, int dOff) {
        if (mr == 6) {
            F32Panels.a6(trans, a, aOff, lda, i0, mc, p0, kc, dst, dOff);
        } else if (mr == 4) {
            F32Panels.a4(trans, a, aOff, lda, i0, mc, p0, kc, dst, dOff);
        } else if (mr == 8) {
            F32Panels.a8(trans, a, aOff, lda, i0, mc, p0, kc, dst, dOff);
        } else {
            generalA(trans, a, aOff, lda, i0, mc, p0, kc, mr, dst, dOff);
        }
    }

    /** Any {@code mr}; also the rest of {@code F32Panels}' fast paths. */
    static void generalA(boolean trans, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, int mr,
                           float[] dst, int dOff) {
        for (int q = 0; q < mc; q += mr) {
            int rows = Math.min(mr, mc - q);
            int base = dOff + q * kc;
            if (!trans) {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (i0 + q + r) * lda + p0;
                    int d = base + r;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * mr] = a[src + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + q;
                    int d = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = a[src + r];
                    }
                }
            }
            for (int r = rows; r < mr; r++) {
                for (int p = 0; p < kc; p++) {
                    dst[base + p * mr + r] = 0f;
                }
            }
        }
    }

    /**
     * op(B) rows {@code [p0, p0+kc)} x columns {@code [j0, j0+nc)} into panels of {@code nr} columns; with
     * {@code vectorCopy} (only for a kernel whose panels are two vectors wide, {@link F32Kernel#copiesWithVectors})
     * whole rows of a non-transposed op(B) are copied with vectors ({@link F32VectorCopy}) instead of
     * {@code System.arraycopy}. Same values either way.
     */
    static void b(boolean trans, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, int nr,
                  float[] dst, boolean vectorCopy) {
        if (nr % 4 == 0) {
            bPanels(trans, b, bOff, ldb, p0, kc, j0, nc, nr, dst, vectorCopy);
        } else {
            generalB(trans, b, bOff, ldb, p0, kc, j0, nc, nr, dst, 0);
        }
    }

    private static void generalB(boolean trans, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, int nr,
                                   float[] dst, int dOff) {
        for (int q = 0; q < nc; q += nr) {
            int cols = Math.min(nr, nc - q);
            int base = dOff + q * kc;
            if (!trans) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0 + q;
                    int d = base + p * nr;
                    for (int j = 0; j < cols; j++) {
                        dst[d + j] = b[src + j];
                    }
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (j0 + q + j) * ldb + p0;
                    int d = base + j;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * nr] = b[src + p];
                    }
                }
            }
            for (int j = cols; j < nr; j++) {
                for (int p = 0; p < kc; p++) {
                    dst[base + p * nr + j] = 0f;
                }
            }
        }
    }

    /** {@link #b} for panels of a multiple of four columns (the vector kernels': 2L). */
    private static void bPanels(boolean trans, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, int nr,
                                float[] dst, boolean vectorCopy) {
        int q = 0;
        for (; q + nr <= nc; q += nr) {
            int d = q * kc;
            if (!trans) {
                int src = bOff + p0 * ldb + j0 + q;
                if (vectorCopy) {
                    F32VectorCopy.rows(b, src, ldb, kc, dst, d);
                } else {
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(b, src + p * ldb, dst, d + nr * p, nr);
                    }
                }
            } else {
                int s0 = bOff + (j0 + q) * ldb + p0;
                for (int jj = 0; jj < nr; jj += 4) {
                    int r0 = s0 + jj * ldb;
                    int r1 = r0 + ldb;
                    int r2 = r1 + ldb;
                    int r3 = r2 + ldb;
                    int o0 = d + jj;
                    for (int p = 0; p < kc; p++) {
                        int o = o0 + nr * p;
                        dst[o] = b[r0 + p];
                        dst[o + 1] = b[r1 + p];
                        dst[o + 2] = b[r2 + p];
                        dst[o + 3] = b[r3 + p];
                    }
                }
            }
        }
        if (q < nc) {
            generalB(trans, b, bOff, ldb, p0, kc, j0 + q, nc - q, nr, dst, q * kc);
        }
    }
}
