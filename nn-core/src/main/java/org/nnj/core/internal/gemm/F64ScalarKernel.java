package org.nnj.core.internal.gemm;

/** Plain-Java float64 kernels (4 x 4 register tile), used when the Vector API is absent or disabled. */
final class F64ScalarKernel extends F64Kernel {
    static final F64ScalarKernel INSTANCE = new F64ScalarKernel();

    private F64ScalarKernel() {
        super(4, 4);
    }

    @Override
    String name() {
        return "scalar";
    }

    @Override
    void tile(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile) {
        double c00 = 0d, c01 = 0d, c02 = 0d, c03 = 0d;
        double c10 = 0d, c11 = 0d, c12 = 0d, c13 = 0d;
        double c20 = 0d, c21 = 0d, c22 = 0d, c23 = 0d;
        double c30 = 0d, c31 = 0d, c32 = 0d, c33 = 0d;
        for (int p = 0; p < kc; p++) {
            int ai = ao + 4 * p;
            int bi = bo + 4 * p;
            double a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3];
            double b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
        tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
        tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
        tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
    }

    @Override
    void gemvN(int k, int j0, int j1, double alpha, double[] x, int xOff, double[] b, int bOff, int ldb,
               double beta, double[] c, int cOff, double[] bias, int biasOff, double[] tile) {
        int chunk = tile.length;
        for (int j = j0; j < j1; j += chunk) {
            int w = Math.min(chunk, j1 - j);
            java.util.Arrays.fill(tile, 0, w, 0d);
            for (int p = 0; p < k; p++) {
                double xv = x[xOff + p];
                int row = bOff + p * ldb + j;
                for (int jj = 0; jj < w; jj++) {
                    tile[jj] += xv * b[row + jj];
                }
            }
            store(tile, 0, 1, w, c, cOff + j, 0, alpha, beta, bias, bias == null ? 0 : biasOff + j);
        }
    }

    @Override
    void gemvT(int k, int j0, int j1, double alpha, double[] x, int xOff, double[] b, int bOff, int ldb,
               double beta, double[] c, int cOff, double[] bias, int biasOff, double[] tile) {
        int chunk = tile.length;
        for (int j = j0; j < j1; j += chunk) {
            int w = Math.min(chunk, j1 - j);
            for (int jj = 0; jj < w; jj++) {
                int row = bOff + (j + jj) * ldb;
                double s = 0d;
                for (int p = 0; p < k; p++) {
                    s += x[xOff + p] * b[row + p];
                }
                tile[jj] = s;
            }
            store(tile, 0, 1, w, c, cOff + j, 0, alpha, beta, bias, bias == null ? 0 : biasOff + j);
        }
    }
}
