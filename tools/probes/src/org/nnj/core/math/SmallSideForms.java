package org.nnj.core.math;

import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Round L: what register-tile forms reach, on one thread, on the two products with a side of 10 that stay below
 * 100 GFLOPS (batch 128): XGRAD3 (128 x 128 x k = 10) and FWD3 (128 x 10 x k = 128). Median GFLOPS of 300 samples
 * each, counting the product's useful flops (the 6- and 5-row forms also compute 4 or 2 padded rows). Forms marked "bound" compute a wrong result on purpose (to bound a
 * part's cost). Arguments: none.
 */
public class SmallSideForms {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    // XGRAD3: C[m x n] = A[m x k] * B[k x n], all row-major, in place; rows [r0, r1)
    static void nn4x2(int r0, int r1, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {
        for (int j = 0; j < n; j += 16) {
            for (int i = r0; i < r1; i += 4) {
                FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
                int ai = i * lda;
                int bi = j;
                for (int p = 0; p < k; p++, bi += ldb) {
                    FloatVector b0 = FloatVector.fromArray(S, b, bi);
                    FloatVector b1 = FloatVector.fromArray(S, b, bi + 8);
                    FloatVector a0 = FloatVector.broadcast(S, a[ai + p]);
                    c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
                    FloatVector a1 = FloatVector.broadcast(S, a[ai + lda + p]);
                    c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
                    FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * lda + p]);
                    c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
                    FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * lda + p]);
                    c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
                }
                int ci = i * ldc + j;
                c00.intoArray(c, ci); c01.intoArray(c, ci + 8); ci += ldc;
                c10.intoArray(c, ci); c11.intoArray(c, ci + 8); ci += ldc;
                c20.intoArray(c, ci); c21.intoArray(c, ci + 8); ci += ldc;
                c30.intoArray(c, ci); c31.intoArray(c, ci + 8);
            }
        }
    }

    static final VectorShuffle<Float> SW1 = VectorShuffle.fromValues(S, 1, 0, 3, 2, 5, 4, 7, 6);
    static final VectorShuffle<Float> SW2 = VectorShuffle.fromValues(S, 2, 3, 0, 1, 6, 7, 4, 5);
    static final VectorShuffle<Float> SW4 = VectorShuffle.fromValues(S, 4, 5, 6, 7, 0, 1, 2, 3);
    static final VectorMask<Float> M1 = VectorMask.fromValues(S, false, true, false, true, false, true, false, true);
    static final VectorMask<Float> M2 = VectorMask.fromValues(S, false, false, true, true, false, false, true, true);
    static final VectorMask<Float> M4 = VectorMask.fromValues(S, false, false, false, false, true, true, true, true);

    static FloatVector pair(FloatVector x, FloatVector y, VectorShuffle<Float> sw, VectorMask<Float> m) {
        return x.add(x.rearrange(sw)).blend(y.add(y.rearrange(sw)), m);
    }

    /** lanes of result: sum of v0..v7 */
    static FloatVector reduce8(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3,
                               FloatVector v4, FloatVector v5, FloatVector v6, FloatVector v7) {
        FloatVector u01 = pair(v0, v1, SW1, M1), u23 = pair(v2, v3, SW1, M1);
        FloatVector u45 = pair(v4, v5, SW1, M1), u67 = pair(v6, v7, SW1, M1);
        FloatVector w0 = pair(u01, u23, SW2, M2), w1 = pair(u45, u67, SW2, M2);
        return pair(w0, w1, SW4, M4);
    }

    /**
     * C[m x n] = H[m x k] * W[n x k]^T; m % 4 == 0, n % 2 == 0, k % 8 == 0. With {@code reduce} each output's eight
     * lanes are summed by {@link #reduce8}; without, all eight accumulators are added into one vector (a wrong
     * result, the cost without the reduction).
     */
    static void nt4x2(int m, int n, int k, float[] h, float[] w, float[] c, float[] buf, boolean reduce) {
        for (int i = 0; i < m; i += 4) {
            for (int j = 0; j < n; j += 2) {
                FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
                int h0 = i * k, h1 = h0 + k, h2 = h1 + k, h3 = h2 + k, w0 = j * k, w1 = w0 + k;
                for (int p = 0; p < k; p += 8) {
                    FloatVector x0 = FloatVector.fromArray(S, w, w0 + p);
                    FloatVector x1 = FloatVector.fromArray(S, w, w1 + p);
                    FloatVector y = FloatVector.fromArray(S, h, h0 + p);
                    a00 = y.fma(x0, a00); a01 = y.fma(x1, a01);
                    y = FloatVector.fromArray(S, h, h1 + p);
                    a10 = y.fma(x0, a10); a11 = y.fma(x1, a11);
                    y = FloatVector.fromArray(S, h, h2 + p);
                    a20 = y.fma(x0, a20); a21 = y.fma(x1, a21);
                    y = FloatVector.fromArray(S, h, h3 + p);
                    a30 = y.fma(x0, a30); a31 = y.fma(x1, a31);
                }
                FloatVector sums = reduce ? reduce8(a00, a01, a10, a11, a20, a21, a30, a31)
                        : a00.add(a01).add(a10).add(a11).add(a20).add(a21).add(a30).add(a31);
                sums.intoArray(buf, 0);
                int ci = i * n + j;
                c[ci] = buf[0]; c[ci + 1] = buf[1]; ci += n;
                c[ci] = buf[2]; c[ci + 1] = buf[3]; ci += n;
                c[ci] = buf[4]; c[ci + 1] = buf[5]; ci += n;
                c[ci] = buf[6]; c[ci + 1] = buf[7];
            }
        }
    }

    // cols 0..7 of C[m x 10] = H[m x k] * W^T, wp = W^T packed [k][8]
    static void part8(int m, int k, float[] h, float[] wp, float[] c, int ldc) {
        int i = 0;
        for (; i + 6 <= m; i += 6) {
            FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
            int r0 = i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k, r4 = r3 + k, r5 = r4 + k;
            for (int p = 0; p < k; p++) {
                FloatVector b = FloatVector.fromArray(S, wp, p * 8);
                c0 = b.fma(FloatVector.broadcast(S, h[r0 + p]), c0);
                c1 = b.fma(FloatVector.broadcast(S, h[r1 + p]), c1);
                c2 = b.fma(FloatVector.broadcast(S, h[r2 + p]), c2);
                c3 = b.fma(FloatVector.broadcast(S, h[r3 + p]), c3);
                c4 = b.fma(FloatVector.broadcast(S, h[r4 + p]), c4);
                c5 = b.fma(FloatVector.broadcast(S, h[r5 + p]), c5);
            }
            int ci = i * ldc;
            c0.intoArray(c, ci); c1.intoArray(c, ci + ldc); c2.intoArray(c, ci + 2 * ldc);
            c3.intoArray(c, ci + 3 * ldc); c4.intoArray(c, ci + 4 * ldc); c5.intoArray(c, ci + 5 * ldc);
        }
        for (; i < m; i++) {
            FloatVector c0 = FloatVector.zero(S);
            for (int p = 0; p < k; p++) c0 = FloatVector.fromArray(S, wp, p * 8).fma(FloatVector.broadcast(S, h[i * k + p]), c0);
            c0.intoArray(c, i * ldc);  // overwrites cols 8,9 region of next? ldc=10 -> writes c[i*10 .. i*10+7] ok
        }
    }

    // cols 8,9 via dot products, 4 rows at a time, scratch reduction
    static void part2(int m, int k, float[] h, float[] w, float[] c, int ldc, float[] scr) {
        int w8 = 8 * k, w9 = 9 * k;
        for (int i = 0; i < m; i += 4) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            int r0 = i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
            for (int p = 0; p < k; p += 8) {
                FloatVector x = FloatVector.fromArray(S, w, w8 + p), y = FloatVector.fromArray(S, w, w9 + p);
                FloatVector v = FloatVector.fromArray(S, h, r0 + p); a0 = v.fma(x, a0); a1 = v.fma(y, a1);
                v = FloatVector.fromArray(S, h, r1 + p); a2 = v.fma(x, a2); a3 = v.fma(y, a3);
                v = FloatVector.fromArray(S, h, r2 + p); a4 = v.fma(x, a4); a5 = v.fma(y, a5);
                v = FloatVector.fromArray(S, h, r3 + p); a6 = v.fma(x, a6); a7 = v.fma(y, a7);
            }
            a0.intoArray(scr, 0); a1.intoArray(scr, 8); a2.intoArray(scr, 16); a3.intoArray(scr, 24);
            a4.intoArray(scr, 32); a5.intoArray(scr, 40); a6.intoArray(scr, 48); a7.intoArray(scr, 56);
            for (int o = 0; o < 8; o++) {
                int q = o * 8;
                float s = ((scr[q] + scr[q + 1]) + (scr[q + 2] + scr[q + 3])) + ((scr[q + 4] + scr[q + 5]) + (scr[q + 6] + scr[q + 7]));
                c[(i + (o >> 1)) * ldc + 8 + (o & 1)] = s;
            }
        }
    }

    interface Call {
        void run();
    }

    static void time(String name, double flops, Call call) {
        for (int i = 0; i < 100_000; i++) {
            call.run();
        }
        long[] t = new long[300];
        for (int s = 0; s < t.length; s++) {
            long st = System.nanoTime();
            for (int q = 0; q < 20; q++) {
                call.run();
            }
            t[s] = System.nanoTime() - st;
        }
        Arrays.sort(t);
        System.out.printf("%-52s %6.1f GFLOPS %6.2f us%n", name, flops * 20 / t[150], t[150] / 20e3);
    }

    /** Fails unless C = H * W^T to float rounding (the forms timed as correct must be). */
    static void check(String form, int m, int n, int k, float[] h, float[] w, float[] c) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) h[i * k + p] * w[j * k + p];
                    abs += Math.abs((double) h[i * k + p] * w[j * k + p]);
                }
                if (Math.abs(s - c[i * n + j]) > 1e-6 * abs + 1e-7) {
                    throw new AssertionError(form + ": C(" + i + "," + j + ") = " + c[i * n + j] + ", expected " + s);
                }
            }
        }
    }

    public static void main(String[] args) {
        Gemm.setMaxThreads(1);
        SplittableRandom r = new SplittableRandom(1);
        F32Kernel k4 = F32VectorKernel.create(4);
        F32Kernel k6 = F32VectorKernel.create(6);
        F32VectorKernel.warmUp(-1, 3000);
        // XGRAD3: C[128 x 128] = A[128 x 10] * B[10 x 128]
        int m = 128, n = 128, k = 10;
        float[] a = new float[m * 20], b = new float[20 * n], c = new float[132 * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble();
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble();
        float[] ap4 = new float[m * k], ap6 = new float[132 * k], ap5 = new float[130 * k], bp = new float[n * k];
        Pack.a32(false, a, 0, k, 0, m, 0, k, 4, ap4);
        Pack.a32(false, a, 0, k, 0, m, 0, k, 6, ap6);
        Pack.b32(false, b, 0, n, 0, k, 0, n, 16, bp);
        double fx = 2.0 * m * n * k;
        time("XGRAD3 the product (Gemm.sgemm), 1 thread", fx, () -> Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n));
        time("XGRAD3 4 x 16 tile loop, packed panels", fx, () -> {
            for (int jb = 0; jb < 8; jb++) for (int ib = 0; ib < 32; ib++) k4.tile(k, ap4, ib * 4 * k, bp, jb * 16 * k, c, ib * 4 * n + jb * 16, n);
        });
        time("XGRAD3 6 x 16 tile loop, packed panels (132 rows)", fx, () -> {
            for (int jb = 0; jb < 8; jb++) for (int ib = 0; ib < 22; ib++) k6.tile(k, ap6, ib * 6 * k, bp, jb * 16 * k, c, ib * 6 * n + jb * 16, n);
        });
        time("XGRAD3 5 x 16 tileTN, A packed transposed (130 rows)", fx, () -> {
            for (int ib = 0; ib < 26; ib++) for (int jb = 0; jb < 8; jb++) k4.tileTN(k, ap5, ib * 5 * k, 5, b, jb * 16, n, c, ib * 5 * n + jb * 16, n);
        });
        time("XGRAD3 4 x 16 in place (A rows, B rows)", fx, () -> nn4x2(0, m, n, k, a, k, b, n, c, n));
        time("XGRAD3 4 x 16 in place, k = 20", 2 * fx, () -> nn4x2(0, m, n, 20, a, 20, b, n, c, n));
        time("XGRAD3 4 x 16 in place, all stores to 128 floats (bound)", fx, () -> nn4x2(0, m, n, k, a, k, b, n, c, 0));
        time("Pack.a32 of A, 6-row panels", fx, () -> Pack.a32(false, a, 0, k, 0, m, 0, k, 6, ap6));
        // FWD3: C[128 x 10] = H[128 x 128] * W[10 x 128]^T
        int kf = 128, nf = 10;
        float[] h = new float[m * kf], w = new float[nf * kf], cf = new float[m * nf + 8], wp = new float[kf * 8], scr = new float[64];
        for (int i = 0; i < h.length; i++) h[i] = (float) r.nextDouble() - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextDouble() - 0.5f;
        for (int p = 0; p < kf; p++) for (int j = 0; j < 8; j++) wp[p * 8 + j] = w[j * kf + p];
        double ff = 2.0 * m * nf * kf;
        nt4x2(m, nf, kf, h, w, cf, scr, true);
        check("dot products with the tree reduction", m, nf, kf, h, w, cf);
        part8(m, kf, h, wp, cf, nf);
        part2(m, kf, h, w, cf, nf, scr);
        check("8 + 2", m, nf, kf, h, w, cf);
        time("FWD3 the product (Gemm.sgemm), 1 thread", ff, () -> Gemm.sgemm(false, true, m, nf, kf, 1f, h, 0, kf, w, 0, kf, 0f, cf, 0, nf));
        time("FWD3 dot products along k, tree reduction", ff, () -> nt4x2(m, nf, kf, h, w, cf, scr, true));
        time("FWD3 dot products along k, lanes added (bound)", ff, () -> nt4x2(m, nf, kf, h, w, cf, scr, false));
        time("FWD3 8 + 2: 6 x 8 tile for columns 0-7", ff, () -> part8(m, kf, h, wp, cf, nf));
        time("FWD3 8 + 2: dot products for columns 8-9", ff, () -> part2(m, kf, h, w, cf, nf, scr));
        time("FWD3 8 + 2: both", ff, () -> {
            part8(m, kf, h, wp, cf, nf);
            part2(m, kf, h, w, cf, nf, scr);
        });
        System.out.printf("machine now: %.0f GFLOPS float32 FMA peak over 2 threads%n", MachinePeak.gflops(2, 300));
    }
}
