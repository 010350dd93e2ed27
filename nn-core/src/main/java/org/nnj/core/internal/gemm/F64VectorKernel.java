package org.nnj.core.internal.gemm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float64 kernels on the Vector API: a 6 x 8 register tile (12 accumulators of 4 lanes, one FMA each per
 * step of k), which fits AVX2's 16 registers with room for two B vectors and one broadcast A value.
 * Only loaded when {@link org.nnj.core.internal.simd.Simd} found the incubator module.
 */
final class F64VectorKernel extends F64Kernel {
    private static final VectorSpecies<Double> S = org.nnj.api.simd.Lanes.DOUBLE;
    static final F64VectorKernel INSTANCE = new F64VectorKernel(6);
    /**
     * The 4 x 8 variant. JDK 25's C2 spills some of the 6 x 8 tile's twelve accumulators (AVX2 has sixteen
     * registers), which halves its speed there (about 41 against 101 GFLOPS per core for float32 on JDK 17);
     * eight accumulators run at about 88 GFLOPS on JDK 25. Same FMAs per element, so the same results.
     */
    static final F64VectorKernel ROWS4 = new F64VectorKernel(4);

    private F64VectorKernel(int mr) {
        super(mr, 8);
    }

    /** Factory whose return type keeps callers from linking against this class when unused. */
    static F64Kernel create() {
        String tile = System.getProperty("nnj.gemm.tile", "auto");
        boolean four = tile.equals("auto") ? Runtime.version().feature() >= 25 : tile.startsWith("4");
        return four ? ROWS4 : INSTANCE;
    }

    /** The kernel for small products ({@link Gemm.Kernels#f64}): the 4 x 8 tile unless {@code -Dnnj.gemm.tile=6}. */
    static F64Kernel createSmall() {
        return System.getProperty("nnj.gemm.tile", "auto").startsWith("6") ? INSTANCE : ROWS4;
    }

    /** The kernel with {@code mr} = 6 or 4 rows per tile, for tests. */
    static F64Kernel create(int mr) {
        return mr == 4 ? ROWS4 : INSTANCE;
    }

    @Override
    String name() {
        return "vector";
    }

    @Override
    void tile(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile) {
        if (mr == 4) {
            tile4(kc, ap, ao, bp, bo, tile);
        } else {
            tile6(kc, ap, ao, bp, bo, tile);
        }
    }

    private static void tile4(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        int bi = bo;
        for (int ai = ao, end = ao + 4 * kc; ai < end; ai += 4, bi += 8) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + 4);
            double a0 = ap[ai + 0];
            double a1 = ap[ai + 1];
            double a2 = ap[ai + 2];
            double a3 = ap[ai + 3];
            c00 = b0.fma(DoubleVector.broadcast(S, a0), c00);
            c01 = b1.fma(DoubleVector.broadcast(S, a0), c01);
            c10 = b0.fma(DoubleVector.broadcast(S, a1), c10);
            c11 = b1.fma(DoubleVector.broadcast(S, a1), c11);
            c20 = b0.fma(DoubleVector.broadcast(S, a2), c20);
            c21 = b1.fma(DoubleVector.broadcast(S, a2), c21);
            c30 = b0.fma(DoubleVector.broadcast(S, a3), c30);
            c31 = b1.fma(DoubleVector.broadcast(S, a3), c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 4);
        c10.intoArray(tile, 8);
        c11.intoArray(tile, 12);
        c20.intoArray(tile, 16);
        c21.intoArray(tile, 20);
        c30.intoArray(tile, 24);
        c31.intoArray(tile, 28);
    }

    private static void tile6(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        // Scalar loads of the six A values first, then broadcasts; walking indices instead of p * stride
        // lets C2 schedule this loop about 15% faster (JDK 17, measured).
        int bi = bo;
        for (int ai = ao, end = ao + 6 * kc; ai < end; ai += 6, bi += 8) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + 4);
            double a0 = ap[ai];
            double a1 = ap[ai + 1];
            double a2 = ap[ai + 2];
            double a3 = ap[ai + 3];
            double a4 = ap[ai + 4];
            double a5 = ap[ai + 5];
            c00 = b0.fma(DoubleVector.broadcast(S, a0), c00);
            c01 = b1.fma(DoubleVector.broadcast(S, a0), c01);
            c10 = b0.fma(DoubleVector.broadcast(S, a1), c10);
            c11 = b1.fma(DoubleVector.broadcast(S, a1), c11);
            c20 = b0.fma(DoubleVector.broadcast(S, a2), c20);
            c21 = b1.fma(DoubleVector.broadcast(S, a2), c21);
            c30 = b0.fma(DoubleVector.broadcast(S, a3), c30);
            c31 = b1.fma(DoubleVector.broadcast(S, a3), c31);
            c40 = b0.fma(DoubleVector.broadcast(S, a4), c40);
            c41 = b1.fma(DoubleVector.broadcast(S, a4), c41);
            c50 = b0.fma(DoubleVector.broadcast(S, a5), c50);
            c51 = b1.fma(DoubleVector.broadcast(S, a5), c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 4);
        c10.intoArray(tile, 8);
        c11.intoArray(tile, 12);
        c20.intoArray(tile, 16);
        c21.intoArray(tile, 20);
        c30.intoArray(tile, 24);
        c31.intoArray(tile, 28);
        c40.intoArray(tile, 32);
        c41.intoArray(tile, 36);
        c50.intoArray(tile, 40);
        c51.intoArray(tile, 44);
    }

    @Override
    boolean direct() {
        return mr == 6;
    }

    /**
     * {@link #tile} reading op(A) where it lies instead of from a packed panel: six full rows of op(A) starting
     * at {@code a[ao]}, element (r, p) at {@code a[ao + r*lda + p]} ({@code trans == false}) or
     * {@code a[ao + p*lda + r]} ({@code trans == true}). The same FMAs in the same order as {@link #tile}
     * on the packed copy, so the same bits; it saves packing A, which cost as much as a third of the kernel
     * time on the training shapes.
     */
    @Override
    void tileDirect(int kc, double[] a, int ao, int lda, boolean trans, double[] bp, int bo, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        int bi = bo;
        if (!trans) {
            int r1 = ao + lda;
            int r2 = r1 + lda;
            int r3 = r2 + lda;
            int r4 = r3 + lda;
            int r5 = r4 + lda;
            for (int p = 0; p < kc; p++, bi += 8) {
                DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + 4);
                double a0 = a[ao + p];
                double a1 = a[r1 + p];
                double a2 = a[r2 + p];
                double a3 = a[r3 + p];
                double a4 = a[r4 + p];
                double a5 = a[r5 + p];
                c00 = b0.fma(DoubleVector.broadcast(S, a0), c00);
                c01 = b1.fma(DoubleVector.broadcast(S, a0), c01);
                c10 = b0.fma(DoubleVector.broadcast(S, a1), c10);
                c11 = b1.fma(DoubleVector.broadcast(S, a1), c11);
                c20 = b0.fma(DoubleVector.broadcast(S, a2), c20);
                c21 = b1.fma(DoubleVector.broadcast(S, a2), c21);
                c30 = b0.fma(DoubleVector.broadcast(S, a3), c30);
                c31 = b1.fma(DoubleVector.broadcast(S, a3), c31);
                c40 = b0.fma(DoubleVector.broadcast(S, a4), c40);
                c41 = b1.fma(DoubleVector.broadcast(S, a4), c41);
                c50 = b0.fma(DoubleVector.broadcast(S, a5), c50);
                c51 = b1.fma(DoubleVector.broadcast(S, a5), c51);
            }
        } else {
            for (int p = 0, ai = ao; p < kc; p++, ai += lda, bi += 8) {
                DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + 4);
                double a0 = a[ai];
                double a1 = a[ai + 1];
                double a2 = a[ai + 2];
                double a3 = a[ai + 3];
                double a4 = a[ai + 4];
                double a5 = a[ai + 5];
                c00 = b0.fma(DoubleVector.broadcast(S, a0), c00);
                c01 = b1.fma(DoubleVector.broadcast(S, a0), c01);
                c10 = b0.fma(DoubleVector.broadcast(S, a1), c10);
                c11 = b1.fma(DoubleVector.broadcast(S, a1), c11);
                c20 = b0.fma(DoubleVector.broadcast(S, a2), c20);
                c21 = b1.fma(DoubleVector.broadcast(S, a2), c21);
                c30 = b0.fma(DoubleVector.broadcast(S, a3), c30);
                c31 = b1.fma(DoubleVector.broadcast(S, a3), c31);
                c40 = b0.fma(DoubleVector.broadcast(S, a4), c40);
                c41 = b1.fma(DoubleVector.broadcast(S, a4), c41);
                c50 = b0.fma(DoubleVector.broadcast(S, a5), c50);
                c51 = b1.fma(DoubleVector.broadcast(S, a5), c51);
            }
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 4);
        c10.intoArray(tile, 8);
        c11.intoArray(tile, 12);
        c20.intoArray(tile, 16);
        c21.intoArray(tile, 20);
        c30.intoArray(tile, 24);
        c31.intoArray(tile, 28);
        c40.intoArray(tile, 32);
        c41.intoArray(tile, 36);
        c50.intoArray(tile, 40);
        c51.intoArray(tile, 44);
    }

    @Override
    void store(double[] tile, int ts, int rows, int cols, double[] c, int co, int ldc,
               double alpha, double beta, double[] bias, int biasOff) {
        int vcols = cols & ~3;
        for (int r = 0; r < rows; r++) {
            int t = r * ts;
            int ci = co + r * ldc;
            int j = 0;
            for (; j < vcols; j += 4) {
                DoubleVector v = DoubleVector.fromArray(S, tile, t + j).mul(alpha);
                if (beta != 0d) {
                    v = v.add(DoubleVector.fromArray(S, c, ci + j).mul(beta));
                }
                if (bias != null) {
                    v = v.add(DoubleVector.fromArray(S, bias, biasOff + j));
                }
                v.intoArray(c, ci + j);
            }
            for (; j < cols; j++) {
                double v = tile[t + j] * alpha;
                if (beta != 0d) {
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
    void gemvN(int k, int j0, int j1, double alpha, double[] x, int xOff, double[] b, int bOff, int ldb,
               double beta, double[] c, int cOff, double[] bias, int biasOff, double[] tile) {
        int j = j0;
        for (; j + 16 <= j1; j += 16) {
            DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S);
            DoubleVector s2 = DoubleVector.zero(S), s3 = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                DoubleVector xv = DoubleVector.broadcast(S, x[xOff + p]);
                int row = bOff + p * ldb + j;
                s0 = xv.fma(DoubleVector.fromArray(S, b, row), s0);
                s1 = xv.fma(DoubleVector.fromArray(S, b, row + 4), s1);
                s2 = xv.fma(DoubleVector.fromArray(S, b, row + 8), s2);
                s3 = xv.fma(DoubleVector.fromArray(S, b, row + 12), s3);
            }
            s0.intoArray(tile, 0);
            s1.intoArray(tile, 4);
            s2.intoArray(tile, 8);
            s3.intoArray(tile, 12);
            store(tile, 0, 1, 16, c, cOff + j, 0, alpha, beta, bias, biasOff + j);
        }
        for (; j + 4 <= j1; j += 4) {
            DoubleVector s0 = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                s0 = DoubleVector.broadcast(S, x[xOff + p]).fma(DoubleVector.fromArray(S, b, bOff + p * ldb + j), s0);
            }
            s0.intoArray(tile, 0);
            store(tile, 0, 1, 4, c, cOff + j, 0, alpha, beta, bias, biasOff + j);
        }
        int w = j1 - j;
        if (w > 0) {
            for (int jj = 0; jj < w; jj++) {
                tile[jj] = 0d;
            }
            for (int p = 0; p < k; p++) {
                double xv = x[xOff + p];
                int row = bOff + p * ldb + j;
                for (int jj = 0; jj < w; jj++) {
                    tile[jj] = Math.fma(xv, b[row + jj], tile[jj]);
                }
            }
            store(tile, 0, 1, w, c, cOff + j, 0, alpha, beta, bias, biasOff + j);
        }
    }

    @Override
    void gemvT(int k, int j0, int j1, double alpha, double[] x, int xOff, double[] b, int bOff, int ldb,
               double beta, double[] c, int cOff, double[] bias, int biasOff, double[] tile) {
        int chunk = tile.length;
        for (int j = j0; j < j1; j += chunk) {
            int w = Math.min(chunk, j1 - j);
            for (int jj = 0; jj < w; jj++) {
                tile[jj] = dot(k, x, xOff, b, bOff + (j + jj) * ldb);
            }
            store(tile, 0, 1, w, c, cOff + j, 0, alpha, beta, bias, biasOff + j);
        }
    }

    /** Dot product with four 4-lane accumulators, then the lanes are summed, then the scalar tail. */
    private static double dot(int k, double[] x, int xo, double[] b, int bo) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S);
        DoubleVector s2 = DoubleVector.zero(S), s3 = DoubleVector.zero(S);
        int p = 0;
        for (; p + 16 <= k; p += 16) {
            s0 = DoubleVector.fromArray(S, x, xo + p).fma(DoubleVector.fromArray(S, b, bo + p), s0);
            s1 = DoubleVector.fromArray(S, x, xo + p + 4).fma(DoubleVector.fromArray(S, b, bo + p + 4), s1);
            s2 = DoubleVector.fromArray(S, x, xo + p + 8).fma(DoubleVector.fromArray(S, b, bo + p + 8), s2);
            s3 = DoubleVector.fromArray(S, x, xo + p + 12).fma(DoubleVector.fromArray(S, b, bo + p + 12), s3);
        }
        for (; p + 4 <= k; p += 4) {
            s0 = DoubleVector.fromArray(S, x, xo + p).fma(DoubleVector.fromArray(S, b, bo + p), s0);
        }
        double s = sumLanes(s0.add(s1).add(s2.add(s3)));
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
    private static double sumLanes(DoubleVector v) {
        double s = v.lane(0);
        for (int i = 1; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }
}
