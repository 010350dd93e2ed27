package org.nnj.core.internal.gemm;

import org.nnj.api.ShapeException;
import org.nnj.core.internal.simd.Simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The vector and the scalar kernels against a naive triple loop in double precision, over many shapes
 * (tails, one-row, one-column, k = 1, empty), all transposes, offsets, padded leading dimensions and
 * alpha/beta values; and bit-identical results for any thread count.
 */
class GemmTest {
    private static final int[] SIZES = {0, 1, 2, 3, 5, 6, 7, 8, 9, 13, 16, 17, 24, 31, 33, 47, 64, 65};
    private static final float[] ALPHAS = {1f, -0.5f, 2.25f, 0f};
    private static final float[] BETAS = {0f, 1f, 0.5f, -1f};

    /** One random problem: op(A) m x k, op(B) k x n, C m x n, all with offsets and padded strides. */
    private record Case(boolean tA, boolean tB, int m, int n, int k, float alpha, float beta, boolean bias,
                        int aOff, int lda, int bOff, int ldb, int cOff, int ldc, long seed) {
        int aLen() {
            return aOff + (tA ? k : m) * lda + 3;
        }

        int bLen() {
            return bOff + (tB ? n : k) * ldb + 3;
        }

        int cLen() {
            return cOff + m * ldc + 3;
        }

        @Override
        public String toString() {
            return (tA ? "T" : "N") + (tB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha
                    + " beta=" + beta + " bias=" + bias + " aOff=" + aOff + " lda=" + lda + " bOff=" + bOff
                    + " ldb=" + ldb + " cOff=" + cOff + " ldc=" + ldc;
        }
    }

    private static List<Case> cases(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean tA = r.nextBoolean();
            boolean tB = r.nextBoolean();
            int m = i % 7 == 0 ? 1 : SIZES[r.nextInt(SIZES.length)];
            int n = i % 11 == 0 ? 1 : SIZES[r.nextInt(SIZES.length)];
            int k = i % 13 == 0 ? 1 : SIZES[r.nextInt(SIZES.length)];
            int lda = (tA ? m : k) + (r.nextBoolean() ? 0 : r.nextInt(4));
            int ldb = (tB ? k : n) + (r.nextBoolean() ? 0 : r.nextInt(4));
            int ldc = n + (r.nextBoolean() ? 0 : r.nextInt(4));
            out.add(new Case(tA, tB, m, n, k, ALPHAS[r.nextInt(ALPHAS.length)], BETAS[r.nextInt(BETAS.length)],
                    r.nextInt(4) == 0, r.nextInt(5), lda, r.nextInt(5), ldb, r.nextInt(5), ldc, r.nextLong()));
        }
        // The shapes of the MLP workload (784-256-128-10) at small batches, all three products.
        for (int batch : new int[] {1, 3, 32}) {
            int[][] layers = {{784, 256}, {256, 128}, {128, 10}};
            for (int[] l : layers) {
                out.add(new Case(false, true, batch, l[1], l[0], 1f, 0f, true, 0, l[0], 0, l[0], 0, l[1], seed));
                out.add(new Case(true, false, l[1], l[0], batch, 1f, 0f, false, 0, l[1], 0, l[0], 0, l[0], seed));
                out.add(new Case(false, false, batch, l[0], l[1], 1f, 0f, false, 0, l[1], 0, l[0], 0, l[0], seed));
            }
        }
        return out;
    }

    private static double[] random(SplittableRandom r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    /** Inputs of a case: A, B, C (NaN when beta == 0, which must then be ignored) and the bias. */
    private static double[][] inputs(Case t) {
        SplittableRandom r = new SplittableRandom(t.seed());
        double[] a = random(r, t.aLen());
        double[] b = random(r, t.bLen());
        double[] c = random(r, t.cLen());
        if (t.beta() == 0f) {
            for (int i = 0; i < t.m(); i++) {
                Arrays.fill(c, t.cOff() + i * t.ldc(), t.cOff() + i * t.ldc() + t.n(), Double.NaN);
            }
        }
        double[] bias = random(r, t.n() + 2);
        return new double[][] {a, b, c, bias};
    }

    /** The naive triple loop in double: expected C, and a bound for each element's rounding error scale. */
    private static double[][] reference(Case t, double[][] in) {
        double[] a = in[0];
        double[] b = in[1];
        double[] c = in[2].clone();
        double[] scale = new double[c.length];
        for (int i = 0; i < t.m(); i++) {
            for (int j = 0; j < t.n(); j++) {
                double s = 0;
                double abs = 0;
                for (int p = 0; p < t.k(); p++) {
                    double av = t.tA() ? a[t.aOff() + p * t.lda() + i] : a[t.aOff() + i * t.lda() + p];
                    double bv = t.tB() ? b[t.bOff() + j * t.ldb() + p] : b[t.bOff() + p * t.ldb() + j];
                    s += av * bv;
                    abs += Math.abs(av * bv);
                }
                int ci = t.cOff() + i * t.ldc() + j;
                double v = t.alpha() * s;
                double sc = Math.abs(t.alpha()) * abs;
                if (t.beta() != 0f) {
                    v += t.beta() * c[ci];
                    sc += Math.abs(t.beta() * c[ci]);
                }
                if (t.bias()) {
                    v += in[3][1 + j];
                    sc += Math.abs(in[3][1 + j]);
                }
                c[ci] = v;
                scale[ci] = sc + 1e-30;
            }
        }
        return new double[][] {c, scale};
    }

    private static float[] runF32(F32Kernel kern, int threads, Case t, double[][] in) {
        return runF32(Gemm.defaults(), kern, threads, t, in);
    }

    private static float[] runF32(Gemm g, F32Kernel kern, int threads, Case t, double[][] in) {
        float[] c = toFloat(in[2]);
        g.f32.gemm(kern, threads, t.tA(), t.tB(), t.m(), t.n(), t.k(), t.alpha(), toFloat(in[0]), t.aOff(), t.lda(),
                toFloat(in[1]), t.bOff(), t.ldb(), t.beta(), c, t.cOff(), t.ldc(), t.bias() ? toFloat(in[3]) : null, 1);
        return c;
    }

    private static double[] runF64(F64Kernel kern, int threads, Case t, double[][] in) {
        return runF64(Gemm.defaults(), kern, threads, t, in);
    }

    private static double[] runF64(Gemm g, F64Kernel kern, int threads, Case t, double[][] in) {
        double[] c = in[2].clone();
        g.f64.gemm(kern, threads, t.tA(), t.tB(), t.m(), t.n(), t.k(), t.alpha(), in[0], t.aOff(), t.lda(),
                in[1], t.bOff(), t.ldb(), t.beta(), c, t.cOff(), t.ldc(), t.bias() ? in[3] : null, 1);
        return c;
    }

    private static void check(String path, Case t, double[][] in, double[] expected, double[] scale, double[] got,
                              double tol) {
        for (int i = 0; i < got.length; i++) {
            boolean after = i >= t.cOff() && t.ldc() > 0;
            int row = after ? (i - t.cOff()) / t.ldc() : -1;
            int col = after ? (i - t.cOff()) % t.ldc() : -1;
            boolean inside = row >= 0 && row < t.m() && col < t.n();
            if (!inside) {
                if (Double.doubleToLongBits(got[i]) != Double.doubleToLongBits(in[2][i])) {
                    fail(path + " " + t + ": wrote outside C at index " + i);
                }
                continue;
            }
            double err = Math.abs(got[i] - expected[i]);
            if (!(err <= tol * scale[i])) {
                fail(path + " " + t + ": C(" + row + "," + col + ") = " + got[i] + ", expected " + expected[i]
                        + " (error " + err + ", allowed " + tol * scale[i] + ")");
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

    private static List<F32Kernel> kernels32() {
        List<F32Kernel> ks = new ArrayList<>(List.of(F32ScalarKernel.INSTANCE));
        if (Simd.available()) {
            ks.add(F32VectorKernel.create(8));
            ks.add(F32VectorKernel.create(6));
            ks.add(F32VectorKernel.create(4));
        }
        return ks;
    }

    private static List<F64Kernel> kernels64() {
        List<F64Kernel> ks = new ArrayList<>(List.of(F64ScalarKernel.INSTANCE));
        if (Simd.available()) {
            ks.add(F64VectorKernel.create(8));
            ks.add(F64VectorKernel.create(6));
            ks.add(F64VectorKernel.create(4));
        }
        return ks;
    }

    @Test
    void vectorApiIsUsedWhenTheModuleIsPresent() {
        // Surefire passes --add-modules jdk.incubator.vector; without it this test documents the fallback.
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        assertTrue(Simd.available(), "the incubator module is present but the Vector API kernels are not usable");
    }

    @Test
    void float32MatchesNaiveLoop() {
        for (Case t : cases(400, 1)) {
            double[][] in = inputs(t);
            double[][] ref = reference(t, in);
            for (F32Kernel kern : kernels32()) {
                float[] got = runF32(kern, 1, t, in);
                // Inputs are floats; a k-term float sum errs by about k * 2^-24 of the absolute sum.
                check(kern.name() + "/f32", t, in, ref[0], ref[1], widen(got), 1e-7 * (t.k() + 4));
            }
        }
    }

    @Test
    void float64MatchesNaiveLoop() {
        for (Case t : cases(400, 2)) {
            double[][] in = inputs(t);
            double[][] ref = reference(t, in);
            for (F64Kernel kern : kernels64()) {
                double[] got = runF64(kern, 1, t, in);
                check(kern.name() + "/f64", t, in, ref[0], ref[1], got, 1e-15 * (t.k() + 4));
            }
        }
    }

    @Test
    void resultsAreBitIdenticalForAnyThreadCount() {
        List<Case> big = List.of(
                new Case(false, true, 128, 256, 100, 1f, 0f, true, 0, 100, 0, 100, 0, 256, 7),
                new Case(true, false, 256, 130, 64, 1f, 1f, false, 3, 257, 1, 131, 2, 133, 8),
                new Case(false, false, 200, 37, 300, -1f, 0.5f, false, 0, 300, 0, 37, 0, 37, 9),
                new Case(true, true, 97, 301, 77, 2f, 0f, true, 1, 99, 2, 80, 3, 305, 10),
                new Case(false, true, 1, 300, 300, 1f, 0f, true, 0, 300, 0, 300, 0, 300, 11),
                new Case(true, false, 1, 333, 250, 1f, 1f, false, 0, 5, 0, 333, 0, 333, 12),
                new Case(true, false, 10, 300, 450, 1f, 0f, false, 1, 12, 2, 301, 0, 300, 13));
        for (Case t : big) {
            double[][] in = inputs(t);
            for (F32Kernel kern : kernels32()) {
                float[] one = runF32(kern, 1, t, in);
                for (int threads : new int[] {2, 3}) {
                    assertArrayEquals(one, runF32(kern, threads, t, in), kern.name() + " f32 " + threads + " threads " + t);
                }
            }
            for (F64Kernel kern : kernels64()) {
                double[] one = runF64(kern, 1, t, in);
                for (int threads : new int[] {2, 3}) {
                    assertArrayEquals(one, runF64(kern, threads, t, in), kern.name() + " f64 " + threads + " threads " + t);
                }
            }
        }
    }

    /**
     * The narrow path ({@link F32Blocked#narrowTN}: A^T * B with 5, 10 or 15 rows, A and B read in place) against
     * the general blocked path on the same kernel (float64, which does not take it, checked the same way): the same bits, over column tails, two k
     * blocks (k > {@link KernelConfig#kc}), every epilogue, offsets and padded strides, one to three threads.
     */
    @Test
    void narrowTransposedProductHasTheGeneralPathsBits() {
        Assumptions.assumeTrue(Simd.available());
        KernelConfig on = KernelConfig.DEFAULT;
        Gemm general = Gemm.of(on.withNarrowTN(false));
        F32Kernel kern = F32VectorKernel.create(4);
        F64Kernel kern64 = F64VectorKernel.create(4);
        assertTrue(F32Blocked.narrowTNApplies(on, kern, true, false, 10), "the narrow path is off");
        // float64 has no five-row tile (F32VectorKernel#tnRows): its products take the general path.
        assertTrue(!F64Blocked.narrowTNApplies(on, kern64, true, false, 10), "the float64 narrow path is on");
        assertTrue(!F32Blocked.narrowTNApplies(on, kern, true, false, 8)
                && !F32Blocked.narrowTNApplies(on, kern, false, false, 10)
                && !F32Blocked.narrowTNApplies(on, F32ScalarKernel.INSTANCE, true, false, 10)
                && !F32Blocked.narrowTNApplies(general.config(), kern, true, false, 10));
        SplittableRandom r = new SplittableRandom(21);
        int[] cols = {1, 7, 16, 17, 33, 128, 130};
        int[] depths = {1, 5, 128, 401, 900};
        int checked = 0;
        for (int m = 5; m <= on.narrowRows(); m += 5) {
            for (int q = 0; q < 12; q++) {
                int n = cols[r.nextInt(cols.length)];
                int k = depths[r.nextInt(depths.length)];
                Case t = new Case(true, false, m, n, k, ALPHAS[q % ALPHAS.length], BETAS[r.nextInt(BETAS.length)], r.nextBoolean(),
                        r.nextInt(3), m + r.nextInt(3), r.nextInt(3), n + r.nextInt(3), r.nextInt(3),
                        n + r.nextInt(3), r.nextLong());
                double[][] in = inputs(t);
                for (int threads = 1; threads <= 3; threads++) {
                    assertArrayEquals(runF32(general, kern, threads, t, in), runF32(kern, threads, t, in),
                            threads + " threads " + t);
                    assertArrayEquals(runF64(general, kern64, threads, t, in), runF64(kern64, threads, t, in),
                            "float64 " + threads + " threads " + t);
                    checked++;
                }
            }
        }
        assertEquals(3 * 12 * 3, checked);
    }

    @Test
    void publicEntryPointsUseTheDefaultKernels() {
        float[] a = {1, 2, 3, 4, 5, 6}; // 2 x 3
        float[] b = {1, 0, 0, 1, 1, 1}; // 3 x 2
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {4, 5, 10, 11}, c);
        Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 1f, c, 0, 2, new float[] {100, 200}, 0);
        assertArrayEquals(new float[] {108, 210, 120, 222}, c);
        double[] cd = new double[4];
        Gemm.dgemm(true, true, 2, 2, 3, 2.0, new double[] {1, 4, 2, 5, 3, 6}, 0, 2,
                new double[] {1, 0, 1, 0, 1, 1}, 0, 3, 0.0, cd, 0, 2);
        assertArrayEquals(new double[] {8, 10, 20, 22}, cd);
        assertEquals(Simd.ENABLED, Gemm.simd());
    }

    @Test
    void badArgumentsFailWithClearMessages() {
        float[] x = new float[6];
        ShapeException neg = assertThrows(ShapeException.class,
                () -> Gemm.sgemm(false, false, -1, 2, 3, 1f, x, 0, 3, x, 0, 2, 0f, x, 0, 2));
        assertTrue(neg.getMessage().contains("m=-1"), neg.getMessage());
        ShapeException oob = assertThrows(ShapeException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, x, 1, 3, x, 0, 2, 0f, x, 0, 2));
        assertTrue(oob.getMessage().contains("A"), oob.getMessage());
        ShapeException ld = assertThrows(ShapeException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        assertTrue(ld.getMessage().contains("leading dimension"), ld.getMessage());
    }
}
