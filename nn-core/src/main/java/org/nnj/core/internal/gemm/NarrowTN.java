package org.nnj.core.internal.gemm;

/**
 * The float32 product {@code C = alpha * A^T * B (+ beta * C) (+ bias)} with few rows (A stored k x m, B stored
 * k x n, m a multiple of the tile's five rows up to {@link #MAX_ROWS}): the weight gradient of a layer with
 * few outputs, such as a classifier's last layer (m = 10, the batch as k). The kernel's {@link F32Kernel#tileTN}
 * tile reads A and B where they lie (nothing is packed but a last partial column panel), and m = 10 is two tiles
 * of five rows, where the general path's 4 x 16 tile needs three (the last half empty) and a packed copy of B.
 *
 * <p>Only for whole tiles of rows: with a partial one (m = 8, 12, 16, the last rows copied into a zero-padded
 * tile) it was slower than the general path at n = 128 and faster at n = 784; with whole tiles (m = 5, 10) 1.6-2.2
 * times as fast at both (k = 128, two threads; docs/performance.md, round L).
 *
 * <p>Same k blocks, same FMAs in the same order and the same epilogue as {@link Blocked#sgemm}, so the same bits
 * as the general path; parts are ranges of whole 16-column panels, so the same bits for any thread count.
 */
final class NarrowTN {
    /** Largest m this path takes ({@code -Dnnj.gemm.narrowRows}, default 15). */
    static final int MAX_ROWS = Integer.getInteger("nnj.gemm.narrowRows", 15);
    /** Whether the path is used; volatile for interleaved A/B runs ({@code -Dnnj.gemm.narrowTN=false}). */
    static volatile boolean enabled = !"false".equals(System.getProperty("nnj.gemm.narrowTN"));

    private NarrowTN() {
    }

    /** Whether {@code kern} computes an m-row {@code A^T * B} this way. */
    static boolean applies(F32Kernel kern, boolean tA, boolean tB, int m) {
        int mr = kern.tnRows();
        return enabled && tA && !tB && m <= MAX_ROWS && mr > 0 && m % mr == 0;
    }

    /** Columns {@code [j0, j1)} of C, all m rows ({@link #applies}); {@code j0} on a panel boundary ({@code kern.nr}). */
    static void sgemm(F32Kernel kern, int m, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                      float[] bias, int biasOff, int j0, int j1, Workspace ws) {
        int mr = kern.tnRows();
        int nr = kern.nr;
        int nkb = Blocked.kBlocks(k, Blocked.KC);
        int kcStd = Blocked.kBlockSize(k, Blocked.KC);
        float[] tile = ws.tile32;
        for (int kb = 0; kb < nkb; kb++) {
            int p0 = kb * kcStd;
            int kc = Math.min(kcStd, k - p0);
            float bt = kb == 0 ? beta : 1f;
            float[] bs = kb == nkb - 1 ? bias : null;
            boolean plain = Blocked.fusedStore && alpha == 1f && bt == 0f && bs == null;
            for (int j = j0; j < j1; j += nr) {
                int cols = Math.min(nr, j1 - j);
                float[] bb = b;
                int bo = bOff + p0 * ldb + j;
                int lb = ldb;
                if (cols < nr) {
                    // The last panel, narrower than the tile: copied with zero columns after it.
                    bb = ws.packB32(kc * nr);
                    for (int p = 0; p < kc; p++) {
                        int src = bo + p * ldb;
                        for (int q = 0; q < nr; q++) {
                            bb[p * nr + q] = q < cols ? b[src + q] : 0f;
                        }
                    }
                    bo = 0;
                    lb = nr;
                }
                for (int i = 0; i < m; i += mr) {
                    int co = cOff + i * ldc + j;
                    boolean whole = plain && cols == nr;
                    kern.tileTN(kc, a, aOff + p0 * lda + i, lda, bb, bo, lb, whole ? c : tile, whole ? co : 0,
                            whole ? ldc : nr);
                    if (!whole) {
                        kern.store(tile, nr, mr, cols, c, co, ldc, alpha, bt, bs, biasOff + j);
                    }
                }
            }
        }
    }
}
