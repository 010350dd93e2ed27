package org.nnj.core.internal.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same product gives the same bits on its first call (interpreted) and after the JIT has compiled the kernels:
 * no step of a kernel may depend on an order the Vector API leaves unspecified (such as {@code reduceLanes(ADD)},
 * whose intrinsic and fallback add lanes in different orders; seen on JDK 25).
 */
class JitDeterminismTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 32})
    void aProductGivesTheSameBitsBeforeAndAfterCompilation(int rows) {
        Random r = new Random(rows);
        int k = 784;
        int n = 256;
        float[] x = new float[rows * k];
        float[] w = new float[n * k];
        double[] xd = new double[rows * k];
        double[] wd = new double[n * k];
        for (int i = 0; i < x.length; i++) {
            xd[i] = r.nextGaussian();
            x[i] = (float) xd[i];
        }
        for (int i = 0; i < w.length; i++) {
            wd[i] = r.nextGaussian() * 0.05;
            w[i] = (float) wd[i];
        }
        float[] first = new float[rows * n];
        double[] firstD = new double[rows * n];
        Gemm.sgemm(false, true, rows, n, k, 1f, x, 0, k, w, 0, k, 0f, first, 0, n);
        Gemm.dgemm(false, true, rows, n, k, 1d, xd, 0, k, wd, 0, k, 0d, firstD, 0, n);
        float[] c = new float[rows * n];
        double[] cd = new double[rows * n];
        int calls = rows == 1 ? 20_000 : 2_000;
        for (int i = 0; i < calls; i++) {
            Gemm.sgemm(false, true, rows, n, k, 1f, x, 0, k, w, 0, k, 0f, c, 0, n);
            Gemm.dgemm(false, true, rows, n, k, 1d, xd, 0, k, wd, 0, k, 0d, cd, 0, n);
            if (i % 500 == 0 || i == calls - 1) {
                assertArrayEquals(first, c, "float32 call " + i);
                assertArrayEquals(firstD, cd, "float64 call " + i);
            }
        }
    }

    /** The same for the weight gradient of a ten-output layer, which takes {@link NarrowTN}'s five-row tile. */
    @Test
    void aNarrowWeightGradientGivesTheSameBitsBeforeAndAfterCompilation() {
        Random r = new Random(10);
        int batch = 128;
        int outputs = 10;
        int inputs = 128;
        float[] dz = new float[batch * outputs];
        float[] x = new float[batch * inputs];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] first = new float[outputs * inputs];
        Gemm.sgemm(true, false, outputs, inputs, batch, 1f, dz, 0, outputs, x, 0, inputs, 0f, first, 0, inputs);
        float[] c = new float[outputs * inputs];
        for (int i = 0; i < 20_000; i++) {
            Gemm.sgemm(true, false, outputs, inputs, batch, 1f, dz, 0, outputs, x, 0, inputs, 0f, c, 0, inputs);
            if (i % 5_000 == 0 || i == 19_999) {
                assertArrayEquals(first, c, "call " + i);
            }
        }
    }
}
