package org.nnj.core.internal.gemm;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.slf4j.LoggerFactory;

// @twin
/**
 * float32 kernels on the Vector API, in lanes of {@link org.nnj.api.simd.Lanes} ({@code L}: 4, 8 or 16 floats,
 * the machine's vectors): register tiles of 4, 6 or 8 rows by 2L columns (one FMA per accumulator per step of k).
 * The 6 x 2L tile's twelve accumulators, two B vectors and a broadcast fit the sixteen registers of AVX2; the
 * 8 x 2L tile is for machines with 32 (AVX-512, ARM); which one a product gets is {@link KernelConfig}'s choice
 * ({@link TileTable}). Each output element is the same chain of FMAs in every tile, so the tile never changes a
 * result. Only loaded when {@link org.nnj.core.internal.simd.Simd} found the incubator module.
 */
final class F32VectorKernel extends F32Kernel {
    private static final VectorSpecies<Float> S = org.nnj.api.simd.Lanes.FLOAT;
    /** Lanes per vector. */
    static final int L = S.length();
    static final F32VectorKernel ROWS8 = new F32VectorKernel(8);
    static final F32VectorKernel ROWS6 = new F32VectorKernel(6);
    /**
     * The 4 x 2L variant. JDK 25's C2 spills some of the 6-row tile's twelve accumulators on AVX2 (sixteen
     * registers), which halves its speed there (about 41 against 101 GFLOPS per core in single precision on JDK 17);
     * eight accumulators run at about 88 GFLOPS on JDK 25. Same FMAs per element, so the same results. On JDK
     * 17 it is also the tile of small products, where the 6-row tile's compiled form varies from run to run
     * ({@link KernelConfig#smallSide}).
     */
    static final F32VectorKernel ROWS4 = new F32VectorKernel(4);

    private F32VectorKernel(int mr) {
        super(mr, 2 * L);
    }

    /**
     * The kernel with {@code mr} = 8, 6 or 4 rows per tile; a tile of more than four rows warmed up first
     * ({@link #warmUp}) with {@code calls} and {@code maxMillis} unless that was done before in this process. The
     * return type keeps callers from linking against this class when unused.
     */
    static F32Kernel create(int mr, int calls, long maxMillis) {
        F32VectorKernel kern = of(mr);
        if (mr != 4) {
            synchronized (F32VectorKernel.class) {
                int bit = 1 << mr;
                if ((warmedUp & bit) == 0) {
                    warmUp(kern, calls, maxMillis);
                    warmedUp |= bit;
                }
            }
        }
        return kern;
    }

    /**
     * The large products' kernel when the machine chooses it ({@link KernelConfig#largeRows} 0): the table's
     * {@code mr} rows ({@link TileTable}), warmed up until compiled and then checked once per process against the
     * 4-row tile ({@link #check}); the 4-row tile if the wider one came out slower. With a fixed number of warm-up
     * {@code calls} (a benchmark comparing warm-ups) no check is made: the kernel asked for is the one returned.
     */
    static F32Kernel createForMachine(int mr, int calls, long maxMillis) {
        F32VectorKernel kern = (F32VectorKernel) create(mr, calls, maxMillis);
        if (calls >= 0) {
            return kern;
        }
        synchronized (F32VectorKernel.class) {
            if (checked == null) {
                checked = mr == 4 ? kern : check(kern, maxMillis);
            }
            return checked;
        }
    }

    /** The rows of the large tile {@link #createForMachine} settled on in this process, 0 before it has run. */
    static synchronized int machineRows() {
        return checked == null ? 0 : checked.mr;
    }

    /** {@link #createForMachine}'s result, once per process (guarded by the class). */
    private static F32VectorKernel checked;

    /**
     * Times the warmed-up {@code wide} tile against the 4-row one on the same k = 1,024 panels (best of 32
     * alternating calls each, well under a millisecond in all) and keeps the faster per row. Why: C2 compiles
     * a tile's loop once per process, and for the 6-row tile on 16 vector registers (JDK 17, AVX2) it came out in
     * about one process of five with its stores not intrinsified, which boxes the accumulators: every large
     * product ran at 32-42 instead of 67-106 GFLOPS, from start to end of the process (nn-benchmarks'
     * {@code GemmProbe} under {@code -XX:UseAVX=2}: 6 processes of 33; 8 of 8 with the 4-row tile at 63-98). The check
     * sees that form and falls back to the 4-row tile, whose loop compiled the same way in every process. The
     * result is logged; the tile never changes a result (the same FMAs per element).
     */
    static F32VectorKernel check(F32VectorKernel wide, long maxMillis) {
        F32VectorKernel narrow = ROWS4;
        warmUp(narrow, -1, maxMillis);
        Panel p = new Panel(wide.mr);
        long bestWide = Long.MAX_VALUE;
        long bestNarrow = Long.MAX_VALUE;
        float s = 0f;
        for (int r = 0; r < 32; r++) {
            long t0 = System.nanoTime();
            p.run(wide);
            long t1 = System.nanoTime();
            p.run(narrow);
            long t2 = System.nanoTime();
            bestWide = Math.min(bestWide, t1 - t0);
            bestNarrow = Math.min(bestNarrow, t2 - t1);
            s += p.c[r % p.c.length];
        }
        warmUpSink = s;
        F32VectorKernel kept = widerPays(bestWide, wide.mr, bestNarrow, narrow.mr) ? wide : narrow;
        LoggerFactory.getLogger(F32VectorKernel.class).info("matrix kernels: the float32 {} x {} tile against {} x {} "
                + "on a k = {} panel, best of 32: {} against {} ns per row: large products on {} rows",
                wide.mr, wide.nr, narrow.mr, narrow.nr, Panel.K,
                String.format(Locale.ROOT, "%.1f", (double) bestWide / wide.mr),
                String.format(Locale.ROOT, "%.1f", (double) bestNarrow / narrow.mr), kept.mr);
        return kept;
    }

    /**
     * Whether a call of the wide tile ({@code wideRows} rows, {@code wideNanos}) does a row of the output in no
     * more time than the narrow one: the wide tile does {@code wideRows} rows of work per call, the narrow one
     * {@code narrowRows}.
     */
    static boolean widerPays(long wideNanos, int wideRows, long narrowNanos, int narrowRows) {
        return wideNanos * narrowRows <= narrowNanos * wideRows;
    }

    /** The kernel with {@code mr} = 8, 6 or 4 rows per tile, without warm-up (tests). */
    static F32Kernel create(int mr) {
        return of(mr);
    }

    private static F32VectorKernel of(int mr) {
        switch (mr) {
            case 4:
                return ROWS4;
            case 6:
                return ROWS6;
            case 8:
                return ROWS8;
            default:
                throw new IllegalArgumentException("tile rows must be 4, 6 or 8, got " + mr);
        }
    }

    /** The tiles {@link #warmUp} has run in this process, one bit per row count (guarded by the class). */
    private static int warmedUp;
    /**
     * A k = 1,024 call faster than this runs C2's code: about 2.5 us there (256-bit vectors), 4 ms interpreted,
     * and C1's code of Vector API calls allocates every vector (well above 25 us).
     */
    private static final long COMPILED_NANOS = 25_000L;
    /** Keeps the warm-up's result observable, so that the JIT cannot drop the calls. */
    static volatile float warmUpSink;

    /**
     * Runs a large tile over a panel with k = 1,024 until C2 has compiled it (three calls in a row faster than
     * {@link #COMPILED_NANOS}; at most {@code maxMillis}), so that the profile C2 compiles it from holds only long
     * loops, whatever product uses the tile first. C2 compiles this loop in one of three forms, fixed for the life
     * of the process, and which one depends on the trip counts in its profile: with training's own (k blocks of
     * 128 to 392 at batch 128) 8 processes of 28 got a form that keeps a B vector on the stack or copies
     * accumulators, and {@code ./nn bench} ran at 58,000-92,000 samples/s instead of 102,000-112,000 (6-row tile,
     * AVX2 code). Warmed with k = 256 or 128: the slow forms in every process of 13. A fixed 100 calls was enough
     * when the first product of the tile had k = 392, not when it had k = 128. With {@code calls >= 0} exactly
     * that many calls instead (nn-benchmarks' {@code KernelChoiceBench} compares).
     */
    static void warmUp(F32VectorKernel kern, int calls, long maxMillis) {
        Panel p = new Panel(kern.mr);
        float s = 0f;
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        int fastInARow = 0;
        for (int r = 0; calls >= 0 ? r < calls : fastInARow < 3 && System.nanoTime() - deadline < 0; r++) {
            long t0 = System.nanoTime();
            p.run(kern);
            fastInARow = System.nanoTime() - t0 < COMPILED_NANOS ? fastInARow + 1 : 0;
            s += p.c[r % p.c.length];
        }
        warmUpSink = s;
    }

    /** Packed panels of k = {@link #K} for tiles of up to {@code rows} rows, the warm-up's and the check's. */
    private static final class Panel {
        static final int K = 1024;
        final float[] ap;
        final float[] bp = new float[2 * L * K];
        final float[] c;

        Panel(int rows) {
            ap = new float[rows * K];
            c = new float[rows * 2 * L];
            for (int i = 0; i < ap.length; i++) {
                ap[i] = 1f / (i + 1);
            }
            for (int i = 0; i < bp.length; i++) {
                bp[i] = 1f / (i + 2);
            }
        }

        /** One call of {@code kern}'s tile over the whole panel. */
        void run(F32VectorKernel kern) {
            kern.tile(K, ap, 0, bp, 0, c, 0, 2 * L);
        }
    }

    @Override
    String name() {
        return "vector";
    }

    @Override
    boolean copiesWithVectors() {
        return true;
    }

    /**
     * The mr x 2L tile on packed panels. The tiles of each row count ({@code F32Tiles}: {@code tile4/6/8},
     * {@code tileDirect4/6/8}) are generated at build time by {@code tools/codegen/Tiles.java} from one template
     * per kind, unrolled (each accumulator a local of its own, kept in a register by C2); the generator says why
     * each loop has its form (scalar loads before broadcasts, walking indices, the 6-row in-place loop's form).
     */
    @Override
    void tile(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        if (mr == 4) {
            F32Tiles.tile4(kc, ap, ao, bp, bo, c, co, ldc);
        } else if (mr == 6) {
            F32Tiles.tile6(kc, ap, ao, bp, bo, c, co, ldc);
        } else {
            F32Tiles.tile8(kc, ap, ao, bp, bo, c, co, ldc);
        }
    }

    @Override
    boolean direct() {
        return true;
    }

    /**
     * {@link #tile} reading op(A) where it lies instead of from a packed panel: mr full rows of op(A) starting
     * at {@code a[ao]}, element (r, p) at {@code a[ao + r*lda + p]} ({@code trans == false}) or
     * {@code a[ao + p*lda + r]} ({@code trans == true}). The same FMAs in the same order as {@link #tile}
     * on the packed copy, so the same bits; it saves packing A, which cost as much as a third of the kernel
     * time on the training shapes.
     */
    @Override
    void tileDirect(int kc, float[] a, int ao, int lda, boolean trans, float[] bp, int bo, float[] c, int co, int ldc) {
        if (mr == 4) {
            F32Tiles.tileDirect4(kc, a, ao, lda, trans, bp, bo, c, co, ldc);
        } else if (mr == 6) {
            F32Tiles.tileDirect6(kc, a, ao, lda, trans, bp, bo, c, co, ldc);
        } else {
            F32Tiles.tileDirect8(kc, a, ao, lda, trans, bp, bo, c, co, ldc);
        }
    }

    /**
     * Five rows; none for float64 ({@link F32Blocked#narrowTN} is then not taken): JDK 17's C2 compiled the
     * float64 form of {@link #tileTN} (5 x 8 doubles) in some processes with its vectors boxed, an object per
     * vector operation, and {@code ./nn bench --precision float64} ran at 13,000-16,000 instead of 55,000-60,000
     * samples/s in those (JFR's allocation samples all in it; AVX-512 machine, 256-bit vectors).
     */
    @Override
    int tnRows() {
        return 5; // @f64: return 0;
    }

    /**
     * The 5 x 2L tile of {@code A^T * B} on A and B in place (ten accumulators; five broadcasts of a contiguous
     * run of A's stored row and two vectors of B's row per step of k). The weight gradient of a layer with ten
     * outputs (m = 10, the batch as k) is two such tiles high: the 4 x 2L tile needed three, the last half
     * empty, and a packed copy of B. One thread, batch 128, 256-bit vectors: about 75 against 42 GFLOPS (round L in the git
     * history of docs/performance.md; nn-benchmarks' GemmBench {@code -p variant=no-narrow-tn} measures it now).
     */
    @Override
    void tileTN(int kc, float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        for (int p = 0, ai = ao, bi = bo; p < kc; p++, ai += lda, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            float a0 = a[ai];
            float a1 = a[ai + 1];
            float a2 = a[ai + 2];
            float a3 = a[ai + 3];
            float a4 = a[ai + 4];
            c00 = b0.fma(FloatVector.broadcast(S, a0), c00);
            c01 = b1.fma(FloatVector.broadcast(S, a0), c01);
            c10 = b0.fma(FloatVector.broadcast(S, a1), c10);
            c11 = b1.fma(FloatVector.broadcast(S, a1), c11);
            c20 = b0.fma(FloatVector.broadcast(S, a2), c20);
            c21 = b1.fma(FloatVector.broadcast(S, a2), c21);
            c30 = b0.fma(FloatVector.broadcast(S, a3), c30);
            c31 = b1.fma(FloatVector.broadcast(S, a3), c31);
            c40 = b0.fma(FloatVector.broadcast(S, a4), c40);
            c41 = b1.fma(FloatVector.broadcast(S, a4), c41);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
    }

    @Override
    void store(float[] tile, int ts, int rows, int cols, float[] c, int co, int ldc,
               float alpha, float beta, float[] bias, int biasOff) {
        int vcols = cols & -L;
        for (int r = 0; r < rows; r++) {
            int t = r * ts;
            int ci = co + r * ldc;
            int j = 0;
            for (; j < vcols; j += L) {
                FloatVector v = FloatVector.fromArray(S, tile, t + j).mul(alpha);
                if (beta != 0f) {
                    v = v.add(FloatVector.fromArray(S, c, ci + j).mul(beta));
                }
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, biasOff + j));
                }
                v.intoArray(c, ci + j);
            }
            for (; j < cols; j++) {
                float v = tile[t + j] * alpha;
                if (beta != 0f) {
                    v = v + c[ci + j] * beta;
                }
                if (bias != null) {
                    v = v + bias[biasOff + j];
                }
                c[ci + j] = v;
            }
        }
    }

    @Override
    void gemvN(int k, int j0, int j1, float alpha, float[] x, int xOff, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, float[] bias, int biasOff, float[] tile) {
        int j = j0;
        for (; j + 4 * L <= j1; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
                FloatVector xv = FloatVector.broadcast(S, x[xOff + p]);
                int row = bOff + p * ldb + j;
                s0 = xv.fma(FloatVector.fromArray(S, b, row), s0);
                s1 = xv.fma(FloatVector.fromArray(S, b, row + L), s1);
                s2 = xv.fma(FloatVector.fromArray(S, b, row + 2 * L), s2);
                s3 = xv.fma(FloatVector.fromArray(S, b, row + 3 * L), s3);
            }
            s0.intoArray(tile, 0);
            s1.intoArray(tile, L);
            s2.intoArray(tile, 2 * L);
            s3.intoArray(tile, 3 * L);
            store(tile, 0, 1, 4 * L, c, cOff + j, 0, alpha, beta, bias, biasOff + j);
        }
        for (; j + L <= j1; j += L) {
            FloatVector s0 = FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
                s0 = FloatVector.broadcast(S, x[xOff + p]).fma(FloatVector.fromArray(S, b, bOff + p * ldb + j), s0);
            }
            s0.intoArray(tile, 0);
            store(tile, 0, 1, L, c, cOff + j, 0, alpha, beta, bias, biasOff + j);
        }
        int w = j1 - j;
        if (w > 0) {
            for (int jj = 0; jj < w; jj++) {
                tile[jj] = 0f;
            }
            for (int p = 0; p < k; p++) {
                float xv = x[xOff + p];
                int row = bOff + p * ldb + j;
                for (int jj = 0; jj < w; jj++) {
                    tile[jj] = Math.fma(xv, b[row + jj], tile[jj]);
                }
            }
            store(tile, 0, 1, w, c, cOff + j, 0, alpha, beta, bias, biasOff + j);
        }
    }

    @Override
    void gemvT(int k, int j0, int j1, float alpha, float[] x, int xOff, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, float[] bias, int biasOff, float[] tile) {
        int chunk = tile.length;
        for (int j = j0; j < j1; j += chunk) {
            int w = Math.min(chunk, j1 - j);
            int jj = 0;
            for (; jj + 2 <= w; jj += 2) {
                dot2(k, x, xOff, b, bOff + (j + jj) * ldb, ldb, tile, jj);
            }
            for (; jj < w; jj++) {
                tile[jj] = dot(k, x, xOff, b, bOff + (j + jj) * ldb);
            }
            store(tile, 0, 1, w, c, cOff + j, 0, alpha, beta, bias, biasOff + j);
        }
    }

    /**
     * Two rows' {@link #dot}s at once, into {@code out[o]} and {@code out[o + 1]}: each x vector is loaded once
     * for both rows (1.5 instead of 2 loads per FMA, which is what bounds one-sample inference once the weights
     * sit in L2). Each row's accumulators, order and tail are exactly {@link #dot}'s, so the same bits.
     */
    private static void dot2(int k, float[] x, int xo, float[] b, int bo, int ldb, float[] out, int o) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        FloatVector t0 = FloatVector.zero(S), t1 = FloatVector.zero(S);
        FloatVector t2 = FloatVector.zero(S), t3 = FloatVector.zero(S);
        int b2 = bo + ldb;
        int p = 0;
        for (; p + 4 * L <= k; p += 4 * L) {
            FloatVector x0 = FloatVector.fromArray(S, x, xo + p);
            FloatVector x1 = FloatVector.fromArray(S, x, xo + p + L);
            FloatVector x2 = FloatVector.fromArray(S, x, xo + p + 2 * L);
            FloatVector x3 = FloatVector.fromArray(S, x, xo + p + 3 * L);
            s0 = x0.fma(FloatVector.fromArray(S, b, bo + p), s0);
            t0 = x0.fma(FloatVector.fromArray(S, b, b2 + p), t0);
            s1 = x1.fma(FloatVector.fromArray(S, b, bo + p + L), s1);
            t1 = x1.fma(FloatVector.fromArray(S, b, b2 + p + L), t1);
            s2 = x2.fma(FloatVector.fromArray(S, b, bo + p + 2 * L), s2);
            t2 = x2.fma(FloatVector.fromArray(S, b, b2 + p + 2 * L), t2);
            s3 = x3.fma(FloatVector.fromArray(S, b, bo + p + 3 * L), s3);
            t3 = x3.fma(FloatVector.fromArray(S, b, b2 + p + 3 * L), t3);
        }
        for (; p + L <= k; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, x, xo + p);
            s0 = x0.fma(FloatVector.fromArray(S, b, bo + p), s0);
            t0 = x0.fma(FloatVector.fromArray(S, b, b2 + p), t0);
        }
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        float t = sumLanes(t0.add(t1).add(t2.add(t3)));
        for (; p < k; p++) {
            s = Math.fma(x[xo + p], b[bo + p], s);
            t = Math.fma(x[xo + p], b[b2 + p], t);
        }
        out[o] = s;
        out[o + 1] = t;
    }

    /** Dot product with four vector accumulators, then the lanes are summed, then the scalar tail. */
    private static float dot(int k, float[] x, int xo, float[] b, int bo) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        int p = 0;
        for (; p + 4 * L <= k; p += 4 * L) {
            s0 = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, b, bo + p), s0);
            s1 = FloatVector.fromArray(S, x, xo + p + L).fma(FloatVector.fromArray(S, b, bo + p + L), s1);
            s2 = FloatVector.fromArray(S, x, xo + p + 2 * L).fma(FloatVector.fromArray(S, b, bo + p + 2 * L), s2);
            s3 = FloatVector.fromArray(S, x, xo + p + 3 * L).fma(FloatVector.fromArray(S, b, bo + p + 3 * L), s3);
        }
        for (; p + L <= k; p += L) {
            s0 = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, b, bo + p), s0);
        }
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; p < k; p++) {
            s = Math.fma(x[xo + p], b[bo + p], s);
        }
        return s;
    }

    /**
     * The lanes of {@code v} added in lane order, 0 to the last. Not {@code reduceLanes(ADD)}: its order is
     * unspecified, and the JIT-compiled intrinsic and the interpreted fallback sum in different orders, so the
     * same dot product could round differently before and after compilation.
     */
    private static float sumLanes(FloatVector v) {
        float s = v.lane(0);
        for (int i = 1; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }
}
