package org.nnj.core.math;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import static org.nnj.core.math.SmallSideForms.M1;
import static org.nnj.core.math.SmallSideForms.M2;
import static org.nnj.core.math.SmallSideForms.M4;
import static org.nnj.core.math.SmallSideForms.SW1;
import static org.nnj.core.math.SmallSideForms.SW2;
import static org.nnj.core.math.SmallSideForms.SW4;

/**
 * Round M: the forms that fill all eight lanes on FWD3 (C[128 x 10] = X[128 x 128] * W[10 x 128]^T), the cost of
 * summing an accumulator's lanes, and where XGRAD3's time goes (C[128 x 128] = A[128 x 10] * B[10 x 128]). One
 * thread unless a line says otherwise; median of 300 samples of 20 calls each. Every form timed as correct is
 * checked first: "same bits" against Gemm.sgemm exactly, the dot-product forms (another order of additions) against
 * a double-precision product. "bytes/call" is what the timed calls allocated: the Vector API allocates only where
 * C2 left a call to it un-inlined (its vectors are then real objects; -XX:+PrintInlining says
 * NodeCountInliningCutoff there). Arguments: none.
 */
public class LaneForms {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    // ---- summing the lanes of eight accumulators into one vector of eight sums (a butterfly of three levels, on
    // SmallSideForms' shuffles and masks; SmallSideForms.pair is round L's step)

    /** One rearrange per step: the lanes of x outside m and of y inside m, plus the others moved across. */
    static FloatVector pair(FloatVector x, FloatVector y, VectorShuffle<Float> sw, VectorMask<Float> m) {
        return x.blend(y, m).add(y.blend(x, m).rearrange(sw));
    }

    /** {@link #reduce} with round L's step. */
    static void reduceL(float[] src, int o, float[] dst, int d) {
        FloatVector u01 = SmallSideForms.pair(v(src, o), v(src, o + 8), SW1, M1);
        FloatVector u23 = SmallSideForms.pair(v(src, o + 16), v(src, o + 24), SW1, M1);
        FloatVector u45 = SmallSideForms.pair(v(src, o + 32), v(src, o + 40), SW1, M1);
        FloatVector u67 = SmallSideForms.pair(v(src, o + 48), v(src, o + 56), SW1, M1);
        FloatVector w0 = SmallSideForms.pair(u01, u23, SW2, M2);
        FloatVector w1 = SmallSideForms.pair(u45, u67, SW2, M2);
        SmallSideForms.pair(w0, w1, SW4, M4).intoArray(dst, d);
    }

    /** Lane i of the result: the sum of the eight lanes of src[o + 8i ..], as ((0+1)+(2+3))+((4+5)+(6+7)). */
    static void reduce(float[] src, int o, float[] dst, int d) {
        FloatVector u01 = pair(v(src, o), v(src, o + 8), SW1, M1);
        FloatVector u23 = pair(v(src, o + 16), v(src, o + 24), SW1, M1);
        FloatVector u45 = pair(v(src, o + 32), v(src, o + 40), SW1, M1);
        FloatVector u67 = pair(v(src, o + 48), v(src, o + 56), SW1, M1);
        pair(pair(u01, u23, SW2, M2), pair(u45, u67, SW2, M2), SW4, M4).intoArray(dst, d);
    }

    static void reduceScalar(float[] src, int o, float[] dst, int d) {
        for (int j = 0; j < 8; j++) {
            int q = o + 8 * j;
            dst[d + j] = ((src[q] + src[q + 1]) + (src[q + 2] + src[q + 3]))
                    + ((src[q + 4] + src[q + 5]) + (src[q + 6] + src[q + 7]));
        }
    }

    static FloatVector v(float[] a, int o) {
        return FloatVector.fromArray(S, a, o);
    }

    // ---- FWD3 with the lanes along k: each output a dot product, then its lanes summed
    /**
     * One row of X times the ten rows of W per pass, the sums inline (C2 stops inlining inside it: see main). The
     * k loop is {@link #dotPass}'s on purpose: sharing it would mean passing ten vectors between methods, which is
     * the allocation this form is here to show.
     */
    static void dotInline(int m, int k, float[] x, float[] w, float[] c) {
        for (int i = 0; i < m; i++) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0;
            FloatVector a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
            int xi = i * k;
            for (int p = 0; p < k; p += 8) {
                FloatVector xv = v(x, xi + p);
                a0 = xv.fma(v(w, p), a0);
                a1 = xv.fma(v(w, k + p), a1);
                a2 = xv.fma(v(w, 2 * k + p), a2);
                a3 = xv.fma(v(w, 3 * k + p), a3);
                a4 = xv.fma(v(w, 4 * k + p), a4);
                a5 = xv.fma(v(w, 5 * k + p), a5);
                a6 = xv.fma(v(w, 6 * k + p), a6);
                a7 = xv.fma(v(w, 7 * k + p), a7);
                a8 = xv.fma(v(w, 8 * k + p), a8);
                a9 = xv.fma(v(w, 9 * k + p), a9);
            }
            FloatVector u01 = pair(a0, a1, SW1, M1), u23 = pair(a2, a3, SW1, M1);
            FloatVector u45 = pair(a4, a5, SW1, M1), u67 = pair(a6, a7, SW1, M1);
            pair(pair(u01, u23, SW2, M2), pair(u45, u67, SW2, M2), SW4, M4).intoArray(c, i * 10);
            FloatVector u = pair(a8, a9, SW1, M1);
            u = u.add(u.rearrange(SW2));
            u = u.add(u.rearrange(SW4));
            c[i * 10 + 8] = u.lane(0);
            c[i * 10 + 9] = u.lane(1);
        }
    }

    /** The partial sums of rows [0, m) to scr[i * 80 + j * 8 + lane], in a method of their own. */
    static void dotPass(int m, int k, float[] x, float[] w, float[] scr) {
        for (int i = 0; i < m; i++) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0;
            FloatVector a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
            int xi = i * k;
            for (int p = 0; p < k; p += 8) {
                FloatVector xv = v(x, xi + p);
                a0 = xv.fma(v(w, p), a0);
                a1 = xv.fma(v(w, k + p), a1);
                a2 = xv.fma(v(w, 2 * k + p), a2);
                a3 = xv.fma(v(w, 3 * k + p), a3);
                a4 = xv.fma(v(w, 4 * k + p), a4);
                a5 = xv.fma(v(w, 5 * k + p), a5);
                a6 = xv.fma(v(w, 6 * k + p), a6);
                a7 = xv.fma(v(w, 7 * k + p), a7);
                a8 = xv.fma(v(w, 8 * k + p), a8);
                a9 = xv.fma(v(w, 9 * k + p), a9);
            }
            int s = i * 80;
            a0.intoArray(scr, s);
            a1.intoArray(scr, s + 8);
            a2.intoArray(scr, s + 16);
            a3.intoArray(scr, s + 24);
            a4.intoArray(scr, s + 32);
            a5.intoArray(scr, s + 40);
            a6.intoArray(scr, s + 48);
            a7.intoArray(scr, s + 56);
            a8.intoArray(scr, s + 64);
            a9.intoArray(scr, s + 72);
        }
    }

    /**
     * dotPass's sums into C (ten columns): columns 0-7 of every row, and columns 8-9 of four rows at a time (their
     * partial sums gathered into {@code pairs} first), in one loop with one call site of {@link #reduce}: with two
     * call sites the second inlined reduction is past C2's node budget and allocates its vectors.
     */
    static void reducePass(int m, float[] scr, float[] c, float[] pairs, float[] tmp) {
        for (int i = 0; i < m; i++) {
            System.arraycopy(scr, i * 80 + 64, pairs, i * 16, 16);
        }
        for (int g = 0, groups = m + m / 4; g < groups; g++) {
            boolean row = g < m;
            reduce(row ? scr : pairs, row ? g * 80 : (g - m) * 64, row ? c : tmp, row ? g * 10 : (g - m) * 8);
        }
        for (int i = 0; i < m; i++) {
            c[i * 10 + 8] = tmp[2 * i];
            c[i * 10 + 9] = tmp[2 * i + 1];
        }
    }

    // ---- FWD3 with the lanes along the columns and no padded lane: same FMAs in the same order as Gemm (same bits)
    static final VectorMask<Float> B2 = VectorMask.fromLong(S, 0b11111100);
    static final VectorMask<Float> B4 = VectorMask.fromLong(S, 0b11110000);
    static final VectorMask<Float> B6 = VectorMask.fromLong(S, 0b11000000);

    /** wp[p * 16 + q] = W[q mod 10][p]: each row of W^T followed by its first six values again. */
    static void packWrapped(int k, float[] w, float[] wp) {
        for (int p = 0; p < k; p++) {
            for (int q = 0; q < 16; q++) {
                wp[p * 16 + q] = w[(q % 10) * k + p];
            }
        }
    }

    /** Four rows of C (40 floats, ldc = 10) as five vectors; three blends of adjacent rows' broadcasts per step. */
    static void flat4(int m, int k, float[] x, float[] wp, float[] c) {
        for (int i = 0; i < m; i += 4) {
            FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0;
            int x0 = i * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k;
            for (int p = 0, wi = 0; p < k; p++, wi += 16) {
                FloatVector b0 = FloatVector.broadcast(S, x[x0 + p]);
                FloatVector b1 = FloatVector.broadcast(S, x[x1 + p]);
                FloatVector b2 = FloatVector.broadcast(S, x[x2 + p]);
                FloatVector b3 = FloatVector.broadcast(S, x[x3 + p]);
                c0 = b0.fma(v(wp, wi), c0);
                c1 = b0.blend(b1, B2).fma(v(wp, wi + 8), c1);
                c2 = b1.blend(b2, B4).fma(v(wp, wi + 6), c2);
                c3 = b2.blend(b3, B6).fma(v(wp, wi + 4), c3);
                c4 = b3.fma(v(wp, wi + 2), c4);
            }
            int ci = i * 10;
            c0.intoArray(c, ci);
            c1.intoArray(c, ci + 8);
            c2.intoArray(c, ci + 16);
            c3.intoArray(c, ci + 24);
            c4.intoArray(c, ci + 32);
        }
    }

    static final VectorMask<Float> P2 = VectorMask.fromLong(S, 0b00001100);
    static final VectorMask<Float> P4 = VectorMask.fromLong(S, 0b00110000);
    static final VectorMask<Float> P6 = VectorMask.fromLong(S, 0b11000000);

    /** wp[p * 16 + j] = W[j][p] for j < 8, then (W[8][p], W[9][p]) four times. */
    static void pack82(int k, float[] w, float[] wp) {
        for (int p = 0; p < k; p++) {
            int o = p * 16;
            for (int j = 0; j < 8; j++) {
                wp[o + j] = w[j * k + p];
            }
            for (int q = 0; q < 4; q++) {
                wp[o + 8 + 2 * q] = w[8 * k + p];
                wp[o + 9 + 2 * q] = w[9 * k + p];
            }
        }
    }

    /** Eight rows: columns 0-7 one vector per row, columns 8-9 of four rows per vector (ten accumulators). */
    static void t82(int m, int k, float[] x, float[] wp, float[] c, float[] scr) {
        for (int i = 0; i < m; i += 8) {
            FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
            FloatVector d0 = c0, d1 = c0;
            int x0 = i * k;
            for (int p = 0, wi = 0; p < k; p++, wi += 16) {
                FloatVector w8 = v(wp, wi), w2 = v(wp, wi + 8);
                FloatVector b0 = FloatVector.broadcast(S, x[x0 + p]);
                FloatVector b1 = FloatVector.broadcast(S, x[x0 + k + p]);
                FloatVector b2 = FloatVector.broadcast(S, x[x0 + 2 * k + p]);
                FloatVector b3 = FloatVector.broadcast(S, x[x0 + 3 * k + p]);
                c0 = b0.fma(w8, c0);
                c1 = b1.fma(w8, c1);
                c2 = b2.fma(w8, c2);
                c3 = b3.fma(w8, c3);
                d0 = b0.blend(b1, P2).blend(b2, P4).blend(b3, P6).fma(w2, d0);
                FloatVector b4 = FloatVector.broadcast(S, x[x0 + 4 * k + p]);
                FloatVector b5 = FloatVector.broadcast(S, x[x0 + 5 * k + p]);
                FloatVector b6 = FloatVector.broadcast(S, x[x0 + 6 * k + p]);
                FloatVector b7 = FloatVector.broadcast(S, x[x0 + 7 * k + p]);
                c4 = b4.fma(w8, c4);
                c5 = b5.fma(w8, c5);
                c6 = b6.fma(w8, c6);
                c7 = b7.fma(w8, c7);
                d1 = b4.blend(b5, P2).blend(b6, P4).blend(b7, P6).fma(w2, d1);
            }
            int ci = i * 10;
            c0.intoArray(c, ci);
            c1.intoArray(c, ci + 10);
            c2.intoArray(c, ci + 20);
            c3.intoArray(c, ci + 30);
            c4.intoArray(c, ci + 40);
            c5.intoArray(c, ci + 50);
            c6.intoArray(c, ci + 60);
            c7.intoArray(c, ci + 70);
            d0.intoArray(scr, 0);
            d1.intoArray(scr, 8);
            for (int q = 0; q < 8; q++) {
                c[ci + q * 10 + 8] = scr[2 * q];
                c[ci + q * 10 + 9] = scr[2 * q + 1];
            }
        }
    }

    // ---- XGRAD3: 4 x 16 tiles over all rows of one 16-column panel in one call. The tile is F32VectorKernel's
    // tile4 inside the row loop (calling it per tile is the form being compared against)
    static void panel4(int kc, int tiles, float[] ap, float[] bp, int bo, float[] c, int co, int ldc) {
        for (int t = 0, ao = 0; t < tiles; t++, ao += 4 * kc, co += 4 * ldc) {
            FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
            FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
            for (int ai = ao, bi = bo, end = ao + 4 * kc; ai < end; ai += 4, bi += 16) {
                FloatVector b0 = v(bp, bi), b1 = v(bp, bi + 8);
                FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
                c00 = b0.fma(a0, c00);
                c01 = b1.fma(a0, c01);
                FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
                c10 = b0.fma(a1, c10);
                c11 = b1.fma(a1, c11);
                FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
                c20 = b0.fma(a2, c20);
                c21 = b1.fma(a2, c21);
                FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
                c30 = b0.fma(a3, c30);
                c31 = b1.fma(a3, c31);
            }
            c00.intoArray(c, co);
            c01.intoArray(c, co + 8);
            c10.intoArray(c, co + ldc);
            c11.intoArray(c, co + ldc + 8);
            c20.intoArray(c, co + 2 * ldc);
            c21.intoArray(c, co + 2 * ldc + 8);
            c30.intoArray(c, co + 3 * ldc);
            c31.intoArray(c, co + 3 * ldc + 8);
        }
    }

    /** {@link #panel4} reading A's rows where they lie (row-major, lda) instead of 4-row panels. */
    static void panel4InPlace(int kc, int tiles, float[] a, int lda, float[] bp, int bo, float[] c, int co, int ldc) {
        for (int t = 0, ao = 0; t < tiles; t++, ao += 4 * lda, co += 4 * ldc) {
            FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
            FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
            int r1 = ao + lda, r2 = r1 + lda, r3 = r2 + lda;
            for (int p = 0, bi = bo; p < kc; p++, bi += 16) {
                FloatVector b0 = v(bp, bi), b1 = v(bp, bi + 8);
                FloatVector a0 = FloatVector.broadcast(S, a[ao + p]);
                c00 = b0.fma(a0, c00);
                c01 = b1.fma(a0, c01);
                FloatVector a1 = FloatVector.broadcast(S, a[r1 + p]);
                c10 = b0.fma(a1, c10);
                c11 = b1.fma(a1, c11);
                FloatVector a2 = FloatVector.broadcast(S, a[r2 + p]);
                c20 = b0.fma(a2, c20);
                c21 = b1.fma(a2, c21);
                FloatVector a3 = FloatVector.broadcast(S, a[r3 + p]);
                c30 = b0.fma(a3, c30);
                c31 = b1.fma(a3, c31);
            }
            c00.intoArray(c, co);
            c01.intoArray(c, co + 8);
            c10.intoArray(c, co + ldc);
            c11.intoArray(c, co + ldc + 8);
            c20.intoArray(c, co + 2 * ldc);
            c21.intoArray(c, co + 2 * ldc + 8);
            c30.intoArray(c, co + 3 * ldc);
            c31.intoArray(c, co + 3 * ldc + 8);
        }
    }

    interface Call {
        void run();
    }

    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static long allocated() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    static void time(String name, double flops, Call call) {
        for (int i = 0; i < 30_000; i++) {
            call.run();
        }
        long[] t = new long[300];
        long bytes0 = allocated();
        for (int s = 0; s < t.length; s++) {
            long st = System.nanoTime();
            for (int q = 0; q < 20; q++) {
                call.run();
            }
            t[s] = System.nanoTime() - st;
        }
        long perCall = (allocated() - bytes0) / (20L * t.length);
        Arrays.sort(t);
        String rate = flops > 0 ? String.format("%6.1f GFLOPS", flops * 20 / t[150]) : "             ";
        System.out.printf("%-58s %s %7.2f us %7d bytes/call%n", name, rate, t[150] / 20e3, perCall);
    }

    static void checkDouble(String form, int m, int n, int k, float[] x, float[] w, float[] c) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) x[i * k + p] * w[j * k + p];
                    abs += Math.abs((double) x[i * k + p] * w[j * k + p]);
                }
                if (Math.abs(s - c[i * n + j]) > 1e-6 * abs + 1e-7) {
                    throw new AssertionError(form + ": C(" + i + "," + j + ") = " + c[i * n + j] + ", expected " + s);
                }
            }
        }
    }

    static void checkSame(String form, float[] expected, float[] c) {
        if (!Arrays.equals(expected, c)) {
            throw new AssertionError(form + ": not the bits of Gemm.sgemm");
        }
    }

    public static void main(String[] args) {
        SplittableRandom r = new SplittableRandom(1);
        Gemm.setMaxThreads(1);

        // The reductions alone: 64 groups of eight accumulators per call (10 calls per timed sample of 20).
        float[] src = new float[64 * 64], dst = new float[8 * 64], ref = new float[8 * 64];
        for (int i = 0; i < src.length; i++) src[i] = (float) r.nextDouble();
        for (int g = 0; g < 64; g++) reduceScalar(src, g * 64, ref, g * 8);
        for (int g = 0; g < 64; g++) reduce(src, g * 64, dst, g * 8);
        checkSame("butterfly", ref, dst);
        for (int g = 0; g < 64; g++) reduceL(src, g * 64, dst, g * 8);
        checkSame("round L's butterfly", ref, dst);
        time("sum the lanes of 64 x 8 accumulators: butterfly", 0, () -> {
            for (int g = 0; g < 64; g++) reduce(src, g * 64, dst, g * 8);
        });
        time("the same, round L's butterfly (two rearranges per step)", 0, () -> {
            for (int g = 0; g < 64; g++) reduceL(src, g * 64, dst, g * 8);
        });
        time("the same, scalar adds from memory", 0, () -> {
            for (int g = 0; g < 64; g++) reduceScalar(src, g * 64, dst, g * 8);
        });

        // FWD3
        int m = 128, k = 128, n = 10;
        float[] x = new float[m * k], w = new float[n * k], c = new float[m * n], expected = new float[m * n];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble() - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextDouble() - 0.5f;
        float[] wrapped = new float[k * 16], w82 = new float[k * 16], scr = new float[m * 80];
        float[] pairs = new float[m * 16], tmp = new float[2 * m], scr16 = new float[16];
        Gemm.sgemm(false, true, m, n, k, 1f, x, 0, k, w, 0, k, 0f, expected, 0, n);
        packWrapped(k, w, wrapped);
        pack82(k, w, w82);
        flat4(m, k, x, wrapped, c);
        checkSame("flat4", expected, c);
        t82(m, k, x, w82, c, scr16);
        checkSame("t82", expected, c);
        dotInline(m, k, x, w, c);
        checkDouble("dotInline", m, n, k, x, w, c);
        dotPass(m, k, x, w, scr);
        reducePass(m, scr, c, pairs, tmp);
        checkDouble("dotPass + reducePass", m, n, k, x, w, c);
        double ff = 2.0 * m * n * k;
        time("FWD3 Gemm.sgemm (4 x 16 tile, 6 padded columns)", ff,
                () -> Gemm.sgemm(false, true, m, n, k, 1f, x, 0, k, w, 0, k, 0f, c, 0, n));
        time("FWD3 flat4 (5 accumulators, same bits; W packed before)", ff, () -> flat4(m, k, x, wrapped, c));
        time("FWD3 t82 (10 accumulators, same bits; W packed before)", ff, () -> t82(m, k, x, w82, c, scr16));
        time("FWD3 packing W for flat4 or t82 (scalar)", 0, () -> pack82(k, w, w82));
        time("FWD3 dot products, sums inline (1 x 10)", ff, () -> dotInline(m, k, x, w, c));
        time("FWD3 dot products, partial sums pass", ff, () -> dotPass(m, k, x, w, scr));
        time("FWD3 dot products, reduction pass", 0, () -> reducePass(m, scr, c, pairs, tmp));

        // XGRAD3
        int kx = 10, nx = 128;
        float[] a = new float[m * kx], b = new float[kx * nx], cx = new float[m * nx];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble();
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble();
        float[] ap = new float[m * kx], bp = new float[kx * nx], cExp = new float[m * nx];
        Gemm.sgemm(false, false, m, nx, kx, 1f, a, 0, kx, b, 0, nx, 0f, cExp, 0, nx);
        Pack.a32(false, a, 0, kx, 0, m, 0, kx, 4, ap);
        Pack.b32(false, b, 0, nx, 0, kx, 0, nx, 16, bp);
        for (int jb = 0; jb < 8; jb++) panel4(kx, 32, ap, bp, jb * 16 * kx, cx, jb * 16, nx);
        checkSame("panel4", cExp, cx);
        Arrays.fill(cx, 0f);
        for (int jb = 0; jb < 8; jb++) panel4InPlace(kx, 32, a, kx, bp, jb * 16 * kx, cx, jb * 16, nx);
        checkSame("panel4InPlace", cExp, cx);
        double fx = 2.0 * m * nx * kx;
        F32Kernel kern = Gemm.Kernels.f32(m, nx, kx);
        Workspace ws = Workspace.local();
        Gemm.setMaxThreads(2);
        Call xgrad = () -> Gemm.sgemm(false, false, m, nx, kx, 1f, a, 0, kx, b, 0, nx, 0f, cx, 0, nx);
        time("XGRAD3 Gemm.sgemm, 2 threads", fx, xgrad);
        Gemm.setMaxThreads(1);
        time("XGRAD3 Gemm.sgemm, 1 thread", fx, xgrad);
        time("XGRAD3 the first half of the columns (one part)", fx / 2, () -> Blocked.sgemm(kern, false, false, kx, 1f,
                a, 0, kx, b, 0, nx, 0f, cx, 0, nx, null, 0, 0, m, 0, 64, false, ws));
        time("XGRAD3 4 x 16 tiles, all rows of a panel per call, packed", fx, () -> {
            for (int jb = 0; jb < 8; jb++) panel4(kx, 32, ap, bp, jb * 16 * kx, cx, jb * 16, nx);
        });
        time("XGRAD3 the same, A read in place", fx, () -> {
            for (int jb = 0; jb < 8; jb++) panel4InPlace(kx, 32, a, kx, bp, jb * 16 * kx, cx, jb * 16, nx);
        });
        time("XGRAD3 packing A in 4-row panels", 0, () -> Pack.a32(false, a, 0, kx, 0, m, 0, kx, 4, ap));
        time("XGRAD3 packing B in 16-column panels", 0, () -> Pack.b32(false, b, 0, nx, 0, kx, 0, nx, 16, bp));
        time("FWD3 Gemm.sgemm again, at the end", ff,
                () -> Gemm.sgemm(false, true, m, n, k, 1f, x, 0, k, w, 0, k, 0f, c, 0, n));
        System.out.printf("machine now: %.0f GFLOPS float32 FMA peak over 2 threads%n", MachinePeak.gflops(2, 300));
    }
}
