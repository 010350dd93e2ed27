package org.nnj.core.internal.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nnj.core.internal.simd.Simd;

/**
 * The 4-row vector tile (chosen on JDK 25, where the 6-row tile spills registers) and the 6-row tile, with and
 * without direct reads of op(A), give the same bits on every transpose combination and on ragged sizes; and
 * both agree with the scalar kernels to float rounding.
 */
class TileVariantsTest {
    /** Every test here compares vector tiles (nn-core's build also runs this package without the module). */
    @org.junit.jupiter.api.BeforeEach
    void vectorApiPresent() {
        Assumptions.assumeTrue(Simd.available());
    }

    private static final int[][] SHAPES = {{1, 1, 1}, {5, 7, 3}, {6, 16, 8}, {13, 37, 29}, {128, 10, 128},
        {10, 128, 128}, {32, 256, 784}, {129, 33, 300}};

    @Test
    void float32TilesAgreeBitForBit() {
        SplittableRandom r = new SplittableRandom(11);
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                boolean tA = (t & 1) != 0;
                boolean tB = (t & 2) != 0;
                int m = s[0];
                int n = s[1];
                int k = s[2];
                float[] a = random(r, m * k);
                float[] b = random(r, k * n);
                float[] bias = random(r, n);
                float[] c0 = random(r, m * n);
                float[] c8 = c0.clone();
                float[] c6 = c0.clone();
                float[] c4 = c0.clone();
                float[] cs = c0.clone();
                int lda = tA ? m : k;
                int ldb = tB ? k : n;
                Gemm.sgemm(F32VectorKernel.create(8), 2, tA, tB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.5f, c8, 0, n, bias, 0);
                Gemm.sgemm(F32VectorKernel.create(6), 2, tA, tB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.5f, c6, 0, n, bias, 0);
                Gemm.sgemm(F32VectorKernel.create(4), 1, tA, tB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.5f, c4, 0, n, bias, 0);
                Gemm.sgemm(F32ScalarKernel.INSTANCE, 1, tA, tB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.5f, cs, 0, n, bias, 0);
                String what = m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB;
                assertArrayEquals(c6, c4, 0f, what);
                assertArrayEquals(c8, c4, 0f, what + " (8 rows)");
                for (int i = 0; i < cs.length; i++) {
                    assertEquals(cs[i], c6[i], 1e-5f * (k + 1), what + " vs scalar at " + i);
                }
            }
        }
    }

    @Test
    void theStartUpCheckKeepsTheWiderTileOnlyWhereItDoesARowInNoMoreTime() {
        assertTrue(F32VectorKernel.widerPays(600, 6, 400, 4), "the same time per row: the wider tile");
        assertTrue(F32VectorKernel.widerPays(500, 6, 400, 4));
        assertFalse(F32VectorKernel.widerPays(1500, 6, 400, 4), "the 6-row tile's slow form: 2.5 times per row");
        assertFalse(F64VectorKernel.widerPays(900, 8, 400, 4));
    }

    @Test
    void theMachinesLargeTileIsTheTablesOrTheFourRowOneAndBenchSaysWhich() {
        Assumptions.assumeTrue(Simd.available());
        int table = KernelConfig.DEFAULT.largeTileRows(Float.BYTES);
        F32Kernel large = Gemm.of(KernelConfig.DEFAULT).f32.kernel(128, 256, 784);
        assertTrue(large.mr == table || large.mr == 4, "rows " + large.mr + ", table " + table);
        assertEquals(large.mr, F32VectorKernel.machineRows());
        assertSame(large, Gemm.of(KernelConfig.DEFAULT).f32.kernel(128, 128, 128), "checked once per process");
        String line = Gemm.describeMachine(Float.BYTES);
        assertTrue(line.contains(": large products on the " + large.mr + " x "), line);
        assertEquals(large.mr != table, line.contains("start-up check"), line);
        assertSame(F32VectorKernel.create(table), Gemm.of(KernelConfig.DEFAULT.withLargeRows(table)).f32
                .kernel(128, 256, 784), "a tile asked for by name is the one used, unchecked");
    }

    @Test
    void productsWithABatchOf64OrLessOrOnePanelWideUseTheFourRowTile() {
        Assumptions.assumeTrue(Simd.available());
        F32Gemm g = Gemm.of(KernelConfig.DEFAULT.withWarmUp(0, 0)).f32;
        F32Kernel large = F32VectorKernel.create(KernelConfig.DEFAULT.largeTileRows(Float.BYTES));
        assertSame(F32VectorKernel.create(4), g.kernel(32, 256, 784), "forward at batch 32 (m = batch)");
        assertSame(F32VectorKernel.create(4), g.kernel(256, 784, 64), "weight gradient at batch 64 (k = batch)");
        assertSame(large, g.kernel(128, 128, 128), "batch 128");
        assertSame(large, g.kernel(65, 65, 65), "just above");
        assertSame(F32VectorKernel.create(4), g.kernel(128, 10, 128), "n = 10 (the output layer's forward)");
        assertSame(F32VectorKernel.create(4), g.kernel(128, 16, 128), "one column panel");
        assertSame(large, g.kernel(128, 17, 128), "more than one panel");
        F64Gemm g64 = Gemm.of(KernelConfig.DEFAULT.withWarmUp(0, 0)).f64;
        assertSame(F64VectorKernel.create(4), g64.kernel(32, 256, 784), "float64, batch 32");
        assertSame(F64VectorKernel.create(KernelConfig.DEFAULT.largeTileRows(Double.BYTES)), g64.kernel(128, 128, 128),
                "float64, batch 128");
        assertSame(F32ScalarKernel.INSTANCE, Gemm.of(KernelConfig.variant("scalar")).f32.kernel(128, 128, 128),
                "the scalar configuration");
    }

    @Test
    void thePublicMultiplyGivesTheSameBitsOnBothSidesOfTheSmallProductThreshold() {
        SplittableRandom r = new SplittableRandom(16);
        int[][] shapes = {{64, 256, 784}, {65, 256, 784}, {256, 784, 64}, {256, 784, 65}, {32, 10, 128}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = random(r, m * k);
            float[] b = random(r, k * n);
            float[] bias = random(r, n);
            for (int mr : new int[] {8, 6, 4}) {
                float[] viaApi = new float[m * n];
                float[] viaTile = new float[m * n];
                Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, viaApi, 0, n, bias, 0);
                Gemm.sgemm(F32VectorKernel.create(mr), 2, false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, viaTile, 0,
                        n, bias, 0);
                assertArrayEquals(viaTile, viaApi, 0f, m + "x" + n + "x" + k + " against mr=" + mr);
            }
        }
    }

    @Test
    void tilesStoredFromRegistersEqualTilesStoredThroughTheBuffer() {
        SplittableRandom r = new SplittableRandom(14);
        Gemm on = Gemm.defaults();
        Gemm off = Gemm.of(KernelConfig.DEFAULT.withFusedStore(false));
        {
            for (int[] s : SHAPES) {
                for (int t = 0; t < 8; t++) {
                    boolean tA = (t & 1) != 0;
                    boolean tB = (t & 2) != 0;
                    boolean plain = (t & 4) != 0;
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    float[] a = random(r, m * k);
                    float[] b = random(r, k * n);
                    float[] bias = plain ? null : random(r, n);
                    float beta = plain ? 0f : 0.5f;
                    float[] c0 = random(r, m * n);
                    for (int mr : new int[] {8, 6, 4}) {
                        float[] fused = c0.clone();
                        float[] buffered = c0.clone();
                        on.f32.gemm(F32VectorKernel.create(mr), 2, tA, tB, m, n, k, 1f, a, 0, tA ? m : k, b, 0,
                                tB ? k : n, beta, fused, 0, n, bias, 0);
                        off.f32.gemm(F32VectorKernel.create(mr), 2, tA, tB, m, n, k, 1f, a, 0, tA ? m : k, b, 0,
                                tB ? k : n, beta, buffered, 0, n, bias, 0);
                        assertArrayEquals(buffered, fused, 0f, m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB
                                + " plain=" + plain + " mr=" + mr);
                        double[] a64 = widen(a);
                        double[] b64 = widen(b);
                        double[] bias64 = bias == null ? null : widen(bias);
                        double[] fused64 = widen(c0);
                        double[] buffered64 = widen(c0);
                        on.f64.gemm(F64VectorKernel.create(mr), 2, tA, tB, m, n, k, 1d, a64, 0, tA ? m : k, b64, 0,
                                tB ? k : n, beta, fused64, 0, n, bias64, 0);
                        off.f64.gemm(F64VectorKernel.create(mr), 2, tA, tB, m, n, k, 1d, a64, 0, tA ? m : k, b64, 0,
                                tB ? k : n, beta, buffered64, 0, n, bias64, 0);
                        assertArrayEquals(buffered64, fused64, 0d, "float64 " + m + "x" + n + "x" + k + " tA=" + tA
                                + " tB=" + tB + " plain=" + plain + " mr=" + mr);
                    }
                }
            }
        }
    }

    @Test
    void swappedForwardProductEqualsTheDirectOne() {
        SplittableRandom r = new SplittableRandom(15);
        int[][] shapes = {{2, 256, 784}, {5, 37, 29}, {16, 256, 784}, {17, 128, 256}, {32, 256, 784}, {32, 64, 401}};
        Gemm on = Gemm.defaults();
        Gemm off = Gemm.of(KernelConfig.DEFAULT.withSwap(false));
        {
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    int threads = 1 + (t & 1);
                    boolean plain = (t & 2) != 0;
                    float[] x = random(r, m * k);
                    float[] w = random(r, n * k);
                    float[] bias = plain ? null : random(r, n);
                    float beta = plain ? 0f : 0.5f;
                    float[] c0 = random(r, m * n);
                    for (int mr : new int[] {8, 6, 4}) {
                        float[] swapped = c0.clone();
                        float[] direct = c0.clone();
                        on.f32.gemm(F32VectorKernel.create(mr), threads, false, true, m, n, k, 1f, x, 0, k, w, 0, k,
                                beta, swapped, 0, n, bias, 0);
                        off.f32.gemm(F32VectorKernel.create(mr), threads, false, true, m, n, k, 1f, x, 0, k, w, 0, k,
                                beta, direct, 0, n, bias, 0);
                        assertArrayEquals(direct, swapped, 0f, m + "x" + n + "x" + k + " threads=" + threads
                                + " plain=" + plain + " mr=" + mr);
                        double[] x64 = widen(x);
                        double[] w64 = widen(w);
                        double[] bias64 = bias == null ? null : widen(bias);
                        double[] swapped64 = widen(c0);
                        double[] direct64 = widen(c0);
                        on.f64.gemm(F64VectorKernel.create(mr), threads, false, true, m, n, k, 1d, x64, 0, k, w64, 0,
                                k, beta, swapped64, 0, n, bias64, 0);
                        off.f64.gemm(F64VectorKernel.create(mr), threads, false, true, m, n, k, 1d, x64, 0, k, w64, 0,
                                k, beta, direct64, 0, n, bias64, 0);
                        assertArrayEquals(direct64, swapped64, 0d, "float64 " + m + "x" + n + "x" + k + " threads="
                                + threads + " plain=" + plain + " mr=" + mr);
                    }
                }
            }
        }
    }

    @Test
    void aSharedPackedLeftOperandEqualsOnePackedPerPart() {
        // The column-split products of the Fashion-MNIST network at batch 128 and 32, both transposes of A, and
        // odd sizes (a partial last panel, k in three blocks, more parts than threads would give panels).
        SplittableRandom r = new SplittableRandom(21);
        int[][] shapes = {{128, 256, 784, 0}, {256, 784, 128, 1}, {128, 256, 128, 0}, {128, 256, 32, 1},
            {256, 784, 32, 1}, {101, 300, 1003, 0}, {37, 517, 65, 1}};
        Gemm on = Gemm.defaults();
        Gemm off = Gemm.of(KernelConfig.DEFAULT.withSharedPack(false));
        {
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                boolean tA = s[3] == 1;
                float[] a = random(r, m * k);
                float[] b = random(r, k * n);
                float[] bias = random(r, n);
                double[] a64 = widen(a);
                double[] b64 = widen(b);
                double[] bias64 = widen(bias);
                for (int t = 0; t < 4; t++) {
                    int threads = 2 + (t & 1);
                    boolean tB = (t & 2) != 0;
                    for (int mr : new int[] {8, 6, 4}) {
                        float[] shared = new float[m * n];
                        float[] own = new float[m * n];
                        on.f32.gemm(F32VectorKernel.create(mr), threads, tA, tB, m, n, k, 1f, a, 0, tA ? m : k, b,
                                0, tB ? k : n, 0f, shared, 0, n, bias, 0);
                        off.f32.gemm(F32VectorKernel.create(mr), threads, tA, tB, m, n, k, 1f, a, 0, tA ? m : k, b,
                                0, tB ? k : n, 0f, own, 0, n, bias, 0);
                        assertArrayEquals(own, shared, 0f, m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB
                                + " threads=" + threads + " mr=" + mr);
                        double[] shared64 = new double[m * n];
                        double[] own64 = new double[m * n];
                        on.f64.gemm(F64VectorKernel.create(mr), threads, tA, tB, m, n, k, 1d, a64, 0, tA ? m : k,
                                b64, 0, tB ? k : n, 0d, shared64, 0, n, bias64, 0);
                        off.f64.gemm(F64VectorKernel.create(mr), threads, tA, tB, m, n, k, 1d, a64, 0, tA ? m : k,
                                b64, 0, tB ? k : n, 0d, own64, 0, n, bias64, 0);
                        assertArrayEquals(own64, shared64, 0d, "float64 " + m + "x" + n + "x" + k + " tA=" + tA
                                + " tB=" + tB + " threads=" + threads + " mr=" + mr);
                    }
                }
            }
        }
    }

    @Test
    void float64TilesAgreeBitForBit() {
        SplittableRandom r = new SplittableRandom(12);
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                boolean tA = (t & 1) != 0;
                boolean tB = (t & 2) != 0;
                int m = s[0];
                int n = s[1];
                int k = s[2];
                double[] a = r.doubles(m * k, -1, 1).toArray();
                double[] b = r.doubles(k * n, -1, 1).toArray();
                double[] c8 = new double[m * n];
                double[] c6 = new double[m * n];
                double[] c4 = new double[m * n];
                int lda = tA ? m : k;
                int ldb = tB ? k : n;
                Gemm.dgemm(F64VectorKernel.create(6), 2, tA, tB, m, n, k, 1d, a, 0, lda, b, 0, ldb, 0d, c6, 0, n, null, 0);
                Gemm.dgemm(F64VectorKernel.create(4), 1, tA, tB, m, n, k, 1d, a, 0, lda, b, 0, ldb, 0d, c4, 0, n, null, 0);
                Gemm.dgemm(F64VectorKernel.create(8), 2, tA, tB, m, n, k, 1d, a, 0, lda, b, 0, ldb, 0d, c8, 0, n, null, 0);
                assertArrayEquals(c6, c4, 0d, m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB);
                assertArrayEquals(c8, c4, 0d, m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB + " (8 rows)");
            }
        }
    }

    /**
     * Reading op(A) in place gives the tile the packed copy gives, for both tiles and both layouts of A. Since
     * multiply itself sends no product through the 6-row tile's in-place loop by default
     * ({@link KernelConfig#directMaxPanels6} 0), this is what keeps that loop right for another configuration.
     */
    @Test
    void tilesReadingOpAInPlaceEqualTilesOnThePackedCopy() {
        SplittableRandom r = new SplittableRandom(17);
        for (int mr : new int[] {4, 6, 8}) {
            for (boolean trans : new boolean[] {false, true}) {
                for (int kc : new int[] {1, 10, 37, 256}) {
                    int lda = mr + kc + 3; // a stride wider than either side, so rows and columns are both offset
                    float[] a = random(r, (mr + kc + 2) * lda);
                    int ao = lda + 1;
                    int nr = 2 * F32VectorKernel.L;
                    int nr64 = 2 * F64VectorKernel.L;
                    float[] bp = random(r, kc * nr);
                    int[] at = packedSources(mr, kc, trans, ao, lda);
                    float[] ap = new float[at.length];
                    for (int i = 0; i < at.length; i++) {
                        ap[i] = a[at[i]];
                    }
                    F32Kernel kern = F32VectorKernel.create(mr);
                    float[] packed = new float[mr * nr];
                    float[] inPlace = new float[mr * nr];
                    kern.tile(kc, ap, 0, bp, 0, packed, 0, nr);
                    kern.tileDirect(kc, a, ao, lda, trans, bp, 0, inPlace, 0, nr);
                    assertArrayEquals(packed, inPlace, 0f, "float32 mr=" + mr + " trans=" + trans + " kc=" + kc);

                    double[] a64 = r.doubles(a.length, -1, 1).toArray();
                    double[] bp64 = r.doubles(kc * nr64, -1, 1).toArray();
                    double[] ap64 = new double[at.length];
                    for (int i = 0; i < at.length; i++) {
                        ap64[i] = a64[at[i]];
                    }
                    F64Kernel kern64 = F64VectorKernel.create(mr);
                    double[] packed64 = new double[mr * nr64];
                    double[] inPlace64 = new double[mr * nr64];
                    kern64.tile(kc, ap64, 0, bp64, 0, packed64, 0, nr64);
                    kern64.tileDirect(kc, a64, ao, lda, trans, bp64, 0, inPlace64, 0, nr64);
                    assertArrayEquals(packed64, inPlace64, 0d, "float64 mr=" + mr + " trans=" + trans + " kc=" + kc);
                }
            }
        }
    }

    /**
     * Where each element of a packed mr-row panel of op(A) comes from: packed element {@code p*mr + i} is op(A)'s
     * (i, p), stored at {@code ao + i*lda + p}, or at {@code ao + p*lda + i} when A is stored transposed.
     */
    private static int[] packedSources(int mr, int kc, boolean trans, int ao, int lda) {
        int[] at = new int[kc * mr];
        for (int p = 0; p < kc; p++) {
            for (int i = 0; i < mr; i++) {
                at[p * mr + i] = trans ? ao + p * lda + i : ao + i * lda + p;
            }
        }
        return at;
    }

    @Test
    void oneRowProductPairsRowsWithoutChangingBits() {
        SplittableRandom r = new SplittableRandom(13);
        for (int k : new int[] {1, 7, 8, 31, 32, 33, 128, 784}) {
            for (int n : new int[] {1, 2, 3, 10, 128, 257}) {
                float[] x = random(r, k);
                float[] w = random(r, n * k);
                float[] bias = random(r, n);
                float[] all = new float[n];
                Gemm.sgemm(F32VectorKernel.create(6), 1, false, true, 1, n, k, 1f, x, 0, k, w, 0, k, 0f, all, 0, n, bias, 0);
                for (int j = 0; j < n; j++) {
                    // Row j alone: an odd one-column product, which takes the single-row dot.
                    float[] one = new float[1];
                    Gemm.sgemm(F32VectorKernel.create(6), 1, false, true, 1, 1, k, 1f, x, 0, k, w, j * k, k, 0f, one, 0, 1,
                            bias, j);
                    assertEquals(Float.floatToRawIntBits(one[0]), Float.floatToRawIntBits(all[j]), "k=" + k + " n=" + n + " j=" + j);
                }
            }
        }
    }

    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) r.nextDouble(-1, 1);
        }
        return f;
    }
}
