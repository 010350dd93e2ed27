package org.nnj.core.internal.gemm;

// @twin
/** Plain-Java float32 kernels (4 x 4 register tile), used when the Vector API is absent or disabled. */
final class F32ScalarKernel extends F32Kernel {
    static final F32ScalarKernel INSTANCE = new F32ScalarKernel();

    private F32ScalarKernel() {
        super(4, 4);
    }

    @Override
    String name() {
        return "scalar";
    }

    @Override
    void tile(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
        float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
        float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        for (int p = 0; p < kc; p++) {
            int ai = ao + 4 * p;
            int bi = bo + 4 * p;
            float a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3];
            float b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        int r1 = co + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        c[co] = c00; c[co + 1] = c01; c[co + 2] = c02; c[co + 3] = c03;
        c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
        c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
        c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
    }

    @Override
    void gemvN(int k, int j0, int j1, float alpha, float[] x, int xOff, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, float[] bias, int biasOff, float[] tile) {
        int chunk = tile.length;
        for (int j = j0; j < j1; j += chunk) {
            int w = Math.min(chunk, j1 - j);
            java.util.Arrays.fill(tile, 0, w, 0f);
            for (int p = 0; p < k; p++) {
                float xv = x[xOff + p];
                int row = bOff + p * ldb + j;
                for (int jj = 0; jj < w; jj++) {
                    tile[jj] += xv * b[row + jj];
                }
            }
            store(tile, 0, 1, w, c, cOff + j, 0, alpha, beta, bias, bias == null ? 0 : biasOff + j);
        }
    }

    @Override
    void gemvT(int k, int j0, int j1, float alpha, float[] x, int xOff, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, float[] bias, int biasOff, float[] tile) {
        int chunk = tile.length;
        for (int j = j0; j < j1; j += chunk) {
            int w = Math.min(chunk, j1 - j);
            for (int jj = 0; jj < w; jj++) {
                int row = bOff + (j + jj) * ldb;
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += x[xOff + p] * b[row + p];
                }
                tile[jj] = s;
            }
            store(tile, 0, 1, w, c, cOff + j, 0, alpha, beta, bias, bias == null ? 0 : biasOff + j);
        }
    }
}
