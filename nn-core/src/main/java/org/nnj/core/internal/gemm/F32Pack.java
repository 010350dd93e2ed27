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

    /** {@link #a(boolean, float[], int, int, int, int, int, int, int, float[])} written from {@code dst[dOff]}. */
    static void a(boolean trans, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, int mr,
                    float[] dst, int dOff) {
        if (mr == 6) {
            a6(trans, a, aOff, lda, i0, mc, p0, kc, dst, dOff);
        } else if (mr == 4) {
            a4(trans, a, aOff, lda, i0, mc, p0, kc, dst, dOff);
        } else if (mr == 8) {
            a8(trans, a, aOff, lda, i0, mc, p0, kc, dst, dOff);
        } else {
            generalA(trans, a, aOff, lda, i0, mc, p0, kc, mr, dst, dOff);
        }
    }

    private static void generalA(boolean trans, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, int mr,
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

    // Fast paths for the vector kernels' tile sizes: constant strides let the JIT drop bounds checks and unroll.

    private static void a6(boolean trans, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                              float[] dst, int dOff) {
        int q = 0;
        for (; q + 6 <= mc; q += 6) {
            int d = dOff + q * kc;
            if (!trans) {
                int r0 = aOff + (i0 + q) * lda + p0;
                int r1 = r0 + lda;
                int r2 = r1 + lda;
                int r3 = r2 + lda;
                int r4 = r3 + lda;
                int r5 = r4 + lda;
                // Four columns of the six rows at a time, all loads before the stores. One column per pass (six
                // loads, six stores) packed 24 x 784 from L2 in 14-15 us, this in 8.4-9.4; 128 x 784, which does
                // not fit in L2 with its copy, is memory-bound either way (54-62 -> 49-54 us), one thread.
                int p = 0;
                for (; p + 4 <= kc; p += 4) {
                    float x00 = a[r0 + p];
                    float x01 = a[r0 + p + 1];
                    float x02 = a[r0 + p + 2];
                    float x03 = a[r0 + p + 3];
                    float x10 = a[r1 + p];
                    float x11 = a[r1 + p + 1];
                    float x12 = a[r1 + p + 2];
                    float x13 = a[r1 + p + 3];
                    float x20 = a[r2 + p];
                    float x21 = a[r2 + p + 1];
                    float x22 = a[r2 + p + 2];
                    float x23 = a[r2 + p + 3];
                    float x30 = a[r3 + p];
                    float x31 = a[r3 + p + 1];
                    float x32 = a[r3 + p + 2];
                    float x33 = a[r3 + p + 3];
                    float x40 = a[r4 + p];
                    float x41 = a[r4 + p + 1];
                    float x42 = a[r4 + p + 2];
                    float x43 = a[r4 + p + 3];
                    float x50 = a[r5 + p];
                    float x51 = a[r5 + p + 1];
                    float x52 = a[r5 + p + 2];
                    float x53 = a[r5 + p + 3];
                    int o = d + 6 * p;
                    dst[o] = x00;
                    dst[o + 1] = x10;
                    dst[o + 2] = x20;
                    dst[o + 3] = x30;
                    dst[o + 4] = x40;
                    dst[o + 5] = x50;
                    dst[o + 6] = x01;
                    dst[o + 7] = x11;
                    dst[o + 8] = x21;
                    dst[o + 9] = x31;
                    dst[o + 10] = x41;
                    dst[o + 11] = x51;
                    dst[o + 12] = x02;
                    dst[o + 13] = x12;
                    dst[o + 14] = x22;
                    dst[o + 15] = x32;
                    dst[o + 16] = x42;
                    dst[o + 17] = x52;
                    dst[o + 18] = x03;
                    dst[o + 19] = x13;
                    dst[o + 20] = x23;
                    dst[o + 21] = x33;
                    dst[o + 22] = x43;
                    dst[o + 23] = x53;
                }
                for (; p < kc; p++) {
                    int o = d + 6 * p;
                    dst[o] = a[r0 + p];
                    dst[o + 1] = a[r1 + p];
                    dst[o + 2] = a[r2 + p];
                    dst[o + 3] = a[r3 + p];
                    dst[o + 4] = a[r4 + p];
                    dst[o + 5] = a[r5 + p];
                }
            } else {
                int src = aOff + p0 * lda + i0 + q;
                for (int p = 0; p < kc; p++) {
                    int o = d + 6 * p;
                    int si = src + p * lda;
                    dst[o] = a[si];
                    dst[o + 1] = a[si + 1];
                    dst[o + 2] = a[si + 2];
                    dst[o + 3] = a[si + 3];
                    dst[o + 4] = a[si + 4];
                    dst[o + 5] = a[si + 5];
                }
            }
        }
        generalA(trans, a, aOff, lda, i0 + q, mc - q, p0, kc, 6, dst, dOff + q * kc); // the rest, if any
    }

    /**
     * The 4-row tile's panels (small products). The general loop took 2.7-3.8 us for the 10 x 128 transposed
     * op(A) of a 10-unit layer's weight gradient at batch 128, this about 1.1 (one thread, JDK 17).
     */
    private static void a4(boolean trans, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                              float[] dst, int dOff) {
        int q = 0;
        for (; q + 4 <= mc; q += 4) {
            int d = dOff + q * kc;
            if (!trans) {
                int r0 = aOff + (i0 + q) * lda + p0;
                int r1 = r0 + lda;
                int r2 = r1 + lda;
                int r3 = r2 + lda;
                for (int p = 0; p < kc; p++) {
                    int o = d + 4 * p;
                    dst[o] = a[r0 + p];
                    dst[o + 1] = a[r1 + p];
                    dst[o + 2] = a[r2 + p];
                    dst[o + 3] = a[r3 + p];
                }
            } else {
                int src = aOff + p0 * lda + i0 + q;
                for (int p = 0; p < kc; p++) {
                    int o = d + 4 * p;
                    int si = src + p * lda;
                    dst[o] = a[si];
                    dst[o + 1] = a[si + 1];
                    dst[o + 2] = a[si + 2];
                    dst[o + 3] = a[si + 3];
                }
            }
        }
        int rows = mc - q; // a last, zero-padded panel, if any: one pass instead of a copy and a zero fill
        if (rows > 0) {
            int d = dOff + q * kc;
            for (int p = 0; p < kc; p++) {
                int o = d + 4 * p;
                for (int r = 0; r < 4; r++) {
                    dst[o + r] = r >= rows ? 0f
                            : trans ? a[aOff + (p0 + p) * lda + i0 + q + r] : a[aOff + (i0 + q + r) * lda + p0 + p];
                }
            }
        }
    }

    /** {@link #b} for panels of a multiple of four columns (the vector kernels': 2L). */
    /** The 8-row tile's panels (machines with 32 vector registers): eight loads, then eight stores, per column. */
    private static void a8(boolean trans, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                           float[] dst, int dOff) {
        int q = 0;
        for (; q + 8 <= mc; q += 8) {
            int d = dOff + q * kc;
            if (!trans) {
                int r0 = aOff + (i0 + q) * lda + p0;
                int r1 = r0 + lda;
                int r2 = r1 + lda;
                int r3 = r2 + lda;
                int r4 = r3 + lda;
                int r5 = r4 + lda;
                int r6 = r5 + lda;
                int r7 = r6 + lda;
                for (int p = 0; p < kc; p++) {
                    int o = d + 8 * p;
                    dst[o] = a[r0 + p];
                    dst[o + 1] = a[r1 + p];
                    dst[o + 2] = a[r2 + p];
                    dst[o + 3] = a[r3 + p];
                    dst[o + 4] = a[r4 + p];
                    dst[o + 5] = a[r5 + p];
                    dst[o + 6] = a[r6 + p];
                    dst[o + 7] = a[r7 + p];
                }
            } else {
                int src = aOff + p0 * lda + i0 + q;
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, src + p * lda, dst, d + 8 * p, 8);
                }
            }
        }
        generalA(trans, a, aOff, lda, i0 + q, mc - q, p0, kc, 8, dst, dOff + q * kc); // the rest, if any
    }

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
