package org.nnj.core.internal.gemm;

/**
 * The blocked, packed multiply of one rectangle {@code [i0,i1) x [j0,j1)} of C (BLIS loop order): for each
 * block of k, for each block of columns pack op(B), for each block of rows pack op(A), then sweep the register
 * tiles. The k blocking depends on k only, so each element of C sees the same sequence of operations whatever
 * rectangle (thread) it belongs to.
 *
 * <p>Block sizes can be overridden for tuning with {@code -Dnnj.gemm.kc=}, {@code .mc=}, {@code .nc=}
 * (float32 values; float64 has its own {@code nnj.gemm.kc64}).
 *
 * <p>Shape-dependent branches: the JIT compiles a branch that a method has never taken as a trap that throws
 * the compiled code away. Training runs hundreds of identical full batches before the first smaller last batch
 * (60,000 = 468 x 128 + 96 on Fashion-MNIST), so a branch only that batch takes (here: "no rows left to pack",
 * as 96 rows split into whole panels) deoptimized this driver at the end of epoch 1 and the first 60 steps of
 * epoch 2 ran at 55-60% speed until it was compiled again. Such calls are made unconditionally, with zero rows.
 */
final class Blocked {
    /**
     * Largest k block, float32 (float64 uses {@link #KC64}). 400 makes k = 784 (the first layer of the
     * Fashion-MNIST network) two blocks of 392 instead of four of 196: half the passes over C, about 7% faster
     * on that product (one thread, JDK 17: 69 -> 74 GFLOPS best); products with k <= 400 are unaffected.
     */
    static final int KC = Integer.getInteger("nnj.gemm.kc", 400);
    /** Largest k block, float64: also 400 (FWD1 37 -> 39.5, FWD2 35 -> 37 GFLOPS on one thread against 200). */
    static final int KC64 = Integer.getInteger("nnj.gemm.kc64", 400);
    static final int MC = Integer.getInteger("nnj.gemm.mc", 144);
    static final int NC = Integer.getInteger("nnj.gemm.nc", 1024);
    /** Whether kernels that can read op(A) unpacked do so ({@code -Dnnj.gemm.directA=false} packs as before). */
    static final boolean DIRECT_A = !"false".equals(System.getProperty("nnj.gemm.directA"));
    /**
     * Whether full float32 tiles that need no epilogue (alpha 1, beta 0, no bias: the weight and input
     * gradients, the first k block of a forward product) are stored from the registers to C instead of through
     * the tile buffer ({@code -Dnnj.gemm.fusedStore=false}: always the buffer). Same values either way.
     */
    static volatile boolean fusedStore = !"false".equals(System.getProperty("nnj.gemm.fusedStore"));
    /**
     * Direct reads of op(A) only when a row block meets at most this many column panels: then each packed
     * element would be used only a few times and packing costs more than it saves (n = 10: 21 -> 34 GFLOPS);
     * with more panels the packed, contiguous copy is faster to re-read (measured on the training shapes).
     */
    static final int DIRECT_MAX_COLS = Integer.getInteger("nnj.gemm.directMaxPanels", 4);
    /**
     * {@link #DIRECT_MAX_COLS} for the float32 6 x 16 tile: none. It always packs op(A), except in the transposed
     * products of {@link Gemm}, whose point is reading the weights in place (they use the 4 x 16 tile by default).
     * C2 compiles the 6 x 16 tile's in-place loop in one of two forms, fixed for the life of the process: in the
     * slow one the register allocator leaves copies of the accumulators, or a spilled one, in the loop, which
     * then runs at 43 instead of 78-80 GFLOPS on one core (the same code and data in separate processes:
     * {@code tools/probes} {@code DirectForms}). In training processes at batch 128 the second layer's forward
     * product (64 columns per part, which read op(A) in place until round J) took 114-124 instead of 68-72 us in
     * five processes of ten ({@code tools/probes} {@code ProductForms}); packed, 68-72 in all ten. Narrow products,
     * where reading in place pays, go to the 4 x 16 tile ({@link Gemm.Kernels#NARROW_N}).
     */
    static final int DIRECT_MAX_COLS_6 = Integer.getInteger("nnj.gemm.directMaxPanels6", 0);

    private Blocked() {
    }

    /** Largest number of column panels per part for which {@code kern} reads full row panels of op(A) in place. */
    static int directMaxCols(F32Kernel kern) {
        return kern.mr == 6 ? DIRECT_MAX_COLS_6 : DIRECT_MAX_COLS;
    }

    static int kBlocks(int k, int kcMax) {
        return Math.max(1, (k + kcMax - 1) / kcMax);
    }

    /**
     * The length of every k block but the last (which may be shorter): k cut into {@link #kBlocks} equal blocks.
     * Block {@code kb} covers {@code [kb * size, min(k, (kb + 1) * size))}. Every path that must give this
     * driver's bits ({@link NarrowTN}) cuts k the same way.
     */
    static int kBlockSize(int k, int kcMax) {
        int nkb = kBlocks(k, kcMax);
        return (k + nkb - 1) / nkb;
    }

    /**
     * The float32 multiply of rectangle {@code [i0,i1) x [j0,j1)}. With {@code transC}, the product computed is
     * C's transpose: element (i, j) goes to {@code c[cOff + j*ldc + i]}, the bias is indexed by i, and op(A) is
     * always read where it lies (the caller swapped the operands so that op(A) is the weight matrix, read in
     * rows, instead of packing it transposed as op(B); see {@link Gemm}).
     */
    static void sgemm(F32Kernel kern, boolean tA, boolean tB, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff,
                      int i0, int i1, int j0, int j1, boolean transC, Workspace ws) {
        sgemm(kern, tA, tB, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, i0, i1, j0, j1,
                transC, ws, null, 0);
    }

    /**
     * As above; with {@code sharedA} non-null, op(A) has already been packed, all of it, by
     * {@link #packShared32} ({@code sharedMPad} = its rows rounded up to whole panels): this rectangle reads it
     * there instead of packing its own copy.
     */
    static void sgemm(F32Kernel kern, boolean tA, boolean tB, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff,
                      int i0, int i1, int j0, int j1, boolean transC, Workspace ws, float[] sharedA, int sharedMPad) {
        int mr = kern.mr;
        int nr = kern.nr;
        boolean direct = DIRECT_A && kern.direct();
        int maxDirectCols = directMaxCols(kern);
        int nkb = kBlocks(k, KC);
        int kcStd = kBlockSize(k, KC);
        float[] tile = ws.tile32;
        for (int kb = 0; kb < nkb; kb++) {
            int p0 = kb * kcStd;
            int kc = Math.min(kcStd, k - p0);
            float bt = kb == 0 ? beta : 1f;
            float[] bs = kb == nkb - 1 ? bias : null;
            boolean plain = fusedStore && !transC && alpha == 1f && bt == 0f && bs == null;
            for (int jc = j0; jc < j1; jc += NC) {
                int nc = Math.min(NC, j1 - jc);
                float[] bp = ws.packB32(kc * roundUp(nc, nr));
                Pack.b32(tB, b, bOff, ldb, p0, kc, jc, nc, nr, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    // Full row panels are read where they lie (direct kernels); the rest is packed.
                    int full = direct && (transC || nc <= maxDirectCols * nr) ? mc / mr * mr : 0;
                    float[] ap;
                    int apBase;
                    if (sharedA != null) {
                        ap = sharedA;
                        apBase = p0 * sharedMPad + (ic + full) * kc;
                    } else {
                        ap = ws.packA32(kc * roundUp(mc - full, mr));
                        apBase = 0;
                        // Also with no rows left to pack: see "shape-dependent branches" above.
                        Pack.a32(tA, a, aOff, lda, ic + full, mc - full, p0, kc, mr, ap);
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
     * One part of packing all of op(A) (m x k) into {@code dst} for {@link #sgemm} with a shared A: the k block
     * starting at column p0 goes to {@code p0 * mPad}, and within it the row panels follow in order
     * ({@code kc * mr} floats each), exactly the panels each rectangle would otherwise pack for itself (the row
     * blocks of {@link #MC} rows start on panel boundaries). The parts are the k blocks times {@code rowParts}
     * ranges of whole panels ({@code rowParts} at most the number of panels, so no range is empty).
     */
    static void packShared32(int mr, boolean tA, float[] a, int aOff, int lda, int m, int k, int part,
                             int rowParts, float[] dst, int mPad) {
        int nkb = kBlocks(k, KC);
        int kcStd = kBlockSize(k, KC);
        int kb = part / rowParts;
        int rp = part % rowParts;
        int panels = (m + mr - 1) / mr;
        int r0 = Math.min(m, (int) ((long) panels * rp / rowParts) * mr);
        int r1 = Math.min(m, (int) ((long) panels * (rp + 1) / rowParts) * mr);
        int p0 = kb * kcStd;
        int kc = Math.min(kcStd, k - p0);
        Pack.a32(tA, a, aOff, lda, r0, r1 - r0, p0, kc, mr, dst, p0 * mPad + r0 * kc);
    }

    static void dgemm(F64Kernel kern, boolean tA, boolean tB, int k, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc, double[] bias, int biasOff,
                      int i0, int i1, int j0, int j1, Workspace ws) {
        int mr = kern.mr;
        int nr = kern.nr;
        boolean direct = DIRECT_A && kern.direct() && kern.mr == 6;
        int nkb = kBlocks(k, KC64);
        int kcStd = kBlockSize(k, KC64);
        double[] tile = ws.tile64;
        for (int kb = 0; kb < nkb; kb++) {
            int p0 = kb * kcStd;
            int kc = Math.min(kcStd, k - p0);
            double bt = kb == 0 ? beta : 1d;
            double[] bs = kb == nkb - 1 ? bias : null;
            for (int jc = j0; jc < j1; jc += NC) {
                int nc = Math.min(NC, j1 - jc);
                double[] bp = ws.packB64(kc * roundUp(nc, nr));
                Pack.b64(tB, b, bOff, ldb, p0, kc, jc, nc, nr, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    // Full row panels are read where they lie (direct kernels); the rest is packed.
                    int full = direct && nc <= DIRECT_MAX_COLS * nr ? mc / mr * mr : 0;
                    double[] ap = ws.packA64(kc * roundUp(mc - full, mr));
                    Pack.a64(tA, a, aOff, lda, ic + full, mc - full, p0, kc, mr, ap); // also with no rows left
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        int cj = cOff + jc + jr;
                        for (int ir = 0; ir < mc; ir += mr) {
                            if (ir < full) {
                                kern.tileDirect(kc, a, tA ? aOff + p0 * lda + ic + ir : aOff + (ic + ir) * lda + p0,
                                        lda, tA, bp, jr * kc, tile);
                            } else {
                                kern.tile(kc, ap, (ir - full) * kc, bp, jr * kc, tile);
                            }
                            kern.store(tile, nr, Math.min(mr, mc - ir), cols, c, cj + (ic + ir) * ldc, ldc,
                                    alpha, bt, bs, biasOff + jc + jr);
                        }
                    }
                }
            }
        }
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

    static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }
}
