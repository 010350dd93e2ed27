package org.nnj.core.math;

/**
 * Copies blocks of op(A) and op(B) into the contiguous panel layout the micro-kernels read, doing any
 * transpose on the way (so no transposed matrix is ever materialized).
 *
 * <p>op(A) rows {@code [i0, i0+mc)} x columns {@code [p0, p0+kc)} become panels of {@code mr} rows: element
 * (i, p) of panel q lands at {@code q*kc*mr + p*mr + (i - q*mr)}. op(B) rows {@code [p0, p0+kc)} x columns
 * {@code [j0, j0+nc)} become panels of {@code nr} columns: element (p, j) of panel q lands at
 * {@code q*kc*nr + p*nr + (j - q*nr)}. Partial panels are padded with zeros.
 */
final class Pack {
    private Pack() {
    }

    static void a32(boolean trans, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, int mr,
                    float[] dst) {
        for (int q = 0; q < mc; q += mr) {
            int rows = Math.min(mr, mc - q);
            int base = q * kc;
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

    static void b32(boolean trans, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, int nr,
                    float[] dst) {
        for (int q = 0; q < nc; q += nr) {
            int cols = Math.min(nr, nc - q);
            int base = q * kc;
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

    static void a64(boolean trans, double[] a, int aOff, int lda, int i0, int mc, int p0, int kc, int mr,
                    double[] dst) {
        for (int q = 0; q < mc; q += mr) {
            int rows = Math.min(mr, mc - q);
            int base = q * kc;
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
                    dst[base + p * mr + r] = 0d;
                }
            }
        }
    }

    static void b64(boolean trans, double[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, int nr,
                    double[] dst) {
        for (int q = 0; q < nc; q += nr) {
            int cols = Math.min(nr, nc - q);
            int base = q * kc;
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
                    dst[base + p * nr + j] = 0d;
                }
            }
        }
    }
}
