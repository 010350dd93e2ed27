package org.nnj.core.internal.gemm;

// @twin
/**
 * The blocked, packed float32 multiply of one rectangle {@code [i0,i1) x [j0,j1)} of C (BLIS loop order): for each
 * block of k, for each block of columns pack op(B), for each block of rows pack op(A), then sweep the register
 * tiles. The k blocking depends on k only, so each element of C sees the same sequence of operations whatever
 * rectangle (thread) it belongs to.
 *
 * <p>Block sizes and shortcuts come from the {@link KernelConfig}; the reasons for their defaults:
 * <ul>
 *   <li>{@code kc} 400 makes k = 784 (the first layer of the Fashion-MNIST network) two blocks of 392 instead of
 *       four of 196: half the passes over C, about 7% faster on that product (one thread, JDK 17: 69 -> 74 GFLOPS
 *       float32; float64 FWD1 37 -> 39.5, FWD2 35 -> 37 against 200); products with k <= 400 are unaffected.</li>
 *   <li>{@code directMaxPanels} 4: op(A) is read in place only when a row block meets at most that many column
 *       panels: then each packed element would be used only a few times and packing costs more than it saves
 *       (n = 10: 21 -> 34 GFLOPS); with more panels the packed, contiguous copy is faster to re-read.</li>
 *   <li>{@code directMaxPanels6} 0: the 6-row tile always packs op(A), except in the transposed products of
 *       {@link F32Gemm}, whose point is reading the weights in place. C2 compiles the 6-row tile's in-place loop
 *       in one of two forms, fixed for the life of the process: in the slow one the register allocator leaves
 *       copies of the accumulators, or a spilled one, in the loop, which then runs at 43 instead of 78-80 GFLOPS
 *       on one core. In training processes at batch 128 the second layer's forward product took 114-124 instead
 *       of 68-72 us in five processes of ten that way; packed, 68-72 in all ten.</li>
 *   <li>{@code fusedStore}: full tiles that need no epilogue (alpha 1, beta 0, no bias: the weight and input
 *       gradients, the first k block of a forward product) are stored from the registers to C instead of through
 *       the tile buffer. Same values either way.</li>
 * </ul>
 *
 * <p>Shape-dependent branches: the JIT compiles a branch that a method has never taken as a trap that throws
 * the compiled code away. Training runs hundreds of identical full batches before the first smaller last batch
 * (60,000 = 468 x 128 + 96 on Fashion-MNIST), so a branch only that batch takes (here: "no rows left to pack",
 * as 96 rows split into whole panels) deoptimized this driver at the end of epoch 1 and the first 60 steps of
 * epoch 2 ran at 55-60% speed until it was compiled again. Such calls are made unconditionally, with zero rows.
 */
final class F32Blocked {
    private F32Blocked() {
    }

    /** Largest number of column panels per part for which {@code kern} reads full row panels of op(A) in place. */
    static int directMaxCols(KernelConfig cfg, F32Kernel kern) {
        return kern.mr > 4 ? cfg.directMaxPanels6() : cfg.directMaxPanels();
    }

    static int kBlocks(int k, int kcMax) {
        return Math.max(1, (k + kcMax - 1) / kcMax);
    }

    /**
     * The length of every k block but the last (which may be shorter): k cut into {@link #kBlocks} equal blocks.
     * Block {@code kb} covers {@code [kb * size, min(k, (kb + 1) * size))}. Every path that must give this
     * driver's bits ({@link #narrowTN}) cuts k the same way.
     */
    static int kBlockSize(int k, int kcMax) {
        int nkb = kBlocks(k, kcMax);
        return (k + nkb - 1) / nkb;
    }

    /**
     * The multiply of rectangle {@code [i0,i1) x [j0,j1)}. With {@code transC}, the product computed is C's
     * transpose: element (i, j) goes to {@code c[cOff + j*ldc + i]}, the bias is indexed by i, and op(A) is always
     * read where it lies (the caller swapped the operands so that op(A) is the weight matrix, read in rows, instead
     * of packing it transposed as op(B); see {@link F32Gemm}). With {@code sharedA} non-null, op(A) has already
     * been packed, all of it, by {@link #packShared} ({@code sharedMPad} = its rows rounded up to whole panels):
     * this rectangle reads it there instead of packing its own copy.
     */
    static void gemm(KernelConfig cfg, F32Kernel kern, boolean tA, boolean tB, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff,
                     int i0, int i1, int j0, int j1, boolean transC, F32Scratch ws, float[] sharedA, int sharedMPad) {
        int mr = kern.mr;
        int nr = kern.nr;
        int kcMax = cfg.kc();
        int mcMax = cfg.mc();
        int ncMax = cfg.nc();
        boolean direct = cfg.directA() && kern.direct();
        boolean vectorCopy = cfg.vectorCopy() && kern.copiesWithVectors();
        int maxDirectCols = directMaxCols(cfg, kern);
        int nkb = kBlocks(k, kcMax);
        int kcStd = kBlockSize(k, kcMax);
        float[] tile = ws.tile;
        for (int kb = 0; kb < nkb; kb++) {
            int p0 = kb * kcStd;
            int kc = Math.min(kcStd, k - p0);
            float bt = kb == 0 ? beta : 1f;
            float[] bs = kb == nkb - 1 ? bias : null;
            boolean plain = cfg.fusedStore() && !transC && alpha == 1f && bt == 0f && bs == null;
            for (int jc = j0; jc < j1; jc += ncMax) {
                int nc = Math.min(ncMax, j1 - jc);
                float[] bp = ws.packB(kc * roundUp(nc, nr));
                F32Pack.b(tB, b, bOff, ldb, p0, kc, jc, nc, nr, bp, vectorCopy);
                for (int ic = i0; ic < i1; ic += mcMax) {
                    int mc = Math.min(mcMax, i1 - ic);
                    // Full row panels are read where they lie (direct kernels); the rest is packed.
                    int full = direct && (transC || nc <= maxDirectCols * nr) ? mc / mr * mr : 0;
                    float[] ap;
                    int apBase;
                    if (sharedA != null) {
                        ap = sharedA;
                        apBase = p0 * sharedMPad + (ic + full) * kc;
                    } else {
                        ap = ws.packA(kc * roundUp(mc - full, mr));
                        apBase = 0;
                        // Also with no rows left to pack: see "shape-dependent branches" above.
                        F32Pack.a(tA, a, aOff, lda, ic + full, mc - full, p0, kc, mr, ap);
                    }
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        int cj = cOff + jc + jr;
                        for (int ir = 0; ir < mc; ir += mr) {
                            int rows = Math.min(mr, mc - ir);
                            int co = cj + (ic + ir) * ldc;
                            // A full tile without epilogue goes from the registers to C, the rest through
                            // the buffer and store().
                            boolean whole = plain && rows == mr && cols == nr;
                            float[] to = whole ? c : tile;
                            int too = whole ? co : 0;
                            int tld = whole ? ldc : nr;
                            if (ir < full) {
                                kern.tileDirect(kc, a, tA ? aOff + p0 * lda + ic + ir : aOff + (ic + ir) * lda + p0,
                                        lda, tA, bp, jr * kc, to, too, tld);
                            } else {
                                kern.tile(kc, ap, apBase + (ir - full) * kc, bp, jr * kc, to, too, tld);
                            }
                            if (transC) {
                                storeTransposed(tile, nr, rows, cols, c, cOff + (jc + jr) * ldc + ic + ir, ldc, alpha,
                                        bt, bs, biasOff + ic + ir);
                            } else if (!whole) {
                                kern.store(tile, nr, rows, cols, c, co, ldc, alpha, bt, bs, biasOff + jc + jr);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * One part of packing all of op(A) (m x k) into {@code dst} for {@link #gemm} with a shared A: the k block
     * starting at column p0 goes to {@code p0 * mPad}, and within it the row panels follow in order
     * ({@code kc * mr} floats each), exactly the panels each rectangle would otherwise pack for itself (the row
     * blocks of {@code mc} rows start on panel boundaries). The parts are the k blocks times {@code rowParts}
     * ranges of whole panels ({@code rowParts} at most the number of panels, so no range is empty).
     */
    static void packShared(int kcMax, int mr, boolean tA, float[] a, int aOff, int lda, int m, int k, int part,
                           int rowParts, float[] dst, int mPad) {
        int nkb = kBlocks(k, kcMax);
        int kcStd = kBlockSize(k, kcMax);
        int kb = part / rowParts;
        int rp = part % rowParts;
        int panels = (m + mr - 1) / mr;
        int r0 = Math.min(m, (int) ((long) panels * rp / rowParts) * mr);
        int r1 = Math.min(m, (int) ((long) panels * (rp + 1) / rowParts) * mr);
        int p0 = kb * kcStd;
        int kc = Math.min(kcStd, k - p0);
        F32Pack.a(tA, a, aOff, lda, r0, r1 - r0, p0, kc, mr, dst, p0 * mPad + r0 * kc);
    }

    /**
     * {@link F32Kernel#store} into the transpose: tile element (r, j) goes to {@code c[co + j*ldc + r]} with
     * {@code bias[biasOff + r]}; the same operations in the same order, so the same bits as storing the
     * unswapped product.
     */
    private static void storeTransposed(float[] tile, int ts, int rows, int cols, float[] c, int co, int ldc,
                                        float alpha, float beta, float[] bias, int biasOff) {
        for (int j = 0; j < cols; j++) {
            int ci = co + j * ldc;
            for (int r = 0; r < rows; r++) {
                float v = tile[r * ts + j] * alpha;
                if (beta != 0f) {
                    v = v + c[ci + r] * beta;
                }
                if (bias != null) {
                    v = v + bias[biasOff + r];
                }
                c[ci + r] = v;
            }
        }
    }

    /**
     * The product {@code C = alpha * A^T * B (+ beta * C) (+ bias)} with few rows (A stored k x m, B stored
     * k x n, m a multiple of the tile's five rows up to {@code narrowRows}): the weight gradient of a layer with
     * few outputs, such as a classifier's last layer (m = 10, the batch as k). The kernel's {@link F32Kernel#tileTN}
     * tile reads A and B where they lie (nothing is packed but a last partial column panel), and m = 10 is two tiles
     * of five rows, where the general path's 4-row tile needs three (the last half empty) and a packed copy of B.
     *
     * <p>Only for whole tiles of rows: with a partial one (m = 8, 12, 16, the last rows copied into a zero-padded
     * tile) it was slower than the general path at n = 128 and faster at n = 784; with whole tiles (m = 5, 10) 1.6-2.2
     * times as fast at both (k = 128, two threads; nn-benchmarks' KernelChoiceBench, no-narrow-tn).
     *
     * <p>Same k blocks, same FMAs in the same order and the same epilogue as {@link #gemm}, so the same bits
     * as the general path; parts are ranges of whole column panels, so the same bits for any thread count. This
     * says whether {@code kern} computes an m-row {@code A^T * B} this way; {@link #narrowTN} does it.
     */
    static boolean narrowTNApplies(KernelConfig cfg, F32Kernel kern, boolean tA, boolean tB, int m) {
        int mr = kern.tnRows();
        return cfg.narrowTN() && tA && !tB && m <= cfg.narrowRows() && mr > 0 && m % mr == 0;
    }

    /**
     * Columns {@code [j0, j1)} of C, all m rows ({@link #narrowTNApplies}); {@code j0} on a panel boundary
     * ({@code kern.nr}).
     */
    static void narrowTN(KernelConfig cfg, F32Kernel kern, int m, int k, float alpha, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                         float[] bias, int biasOff, int j0, int j1, F32Scratch ws) {
        int mr = kern.tnRows();
        int nr = kern.nr;
        int nkb = kBlocks(k, cfg.kc());
        int kcStd = kBlockSize(k, cfg.kc());
        float[] tile = ws.tile;
        for (int kb = 0; kb < nkb; kb++) {
            int p0 = kb * kcStd;
            int kc = Math.min(kcStd, k - p0);
            float bt = kb == 0 ? beta : 1f;
            float[] bs = kb == nkb - 1 ? bias : null;
            boolean plain = cfg.fusedStore() && alpha == 1f && bt == 0f && bs == null;
            for (int j = j0; j < j1; j += nr) {
                int cols = Math.min(nr, j1 - j);
                float[] bb = b;
                int bo = bOff + p0 * ldb + j;
                int lb = ldb;
                if (cols < nr) {
                    // The last panel, narrower than the tile: copied with zero columns after it.
                    bb = ws.packB(kc * nr);
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

    static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }
}
