package org.nnj.core.math;

import java.util.Random;

/**
 * The speed of one register tile reading op(A) in place, on one thread, in this process: the 6 x 16 tile's
 * {@code tileDirect} (what FWD2 used at batch 128 until round J) and the 4 x 16 one's, over a 126 x 256 block
 * of A (row-major, as a layer's input) and four packed 256 x 16 panels of B, repeated. Run it in several
 * processes: C2 compiles the 6 x 16 loop in one of two forms per process (about 43 against 78-80 GFLOPS here),
 * while the 4 x 16 loop comes out the same every time.
 *
 * <pre>for i in 1 2 3 4 5 6; do tools/probes/run org.nnj.core.math.DirectForms; done</pre>
 */
public final class DirectForms {
    public static void main(String[] args) {
        int kc = 256;
        int panels = 4;
        int rows = 120; // a multiple of both 6 and 4
        Random r = new Random(1);
        float[] a = new float[rows * kc];
        float[] bp = new float[panels * kc * 16];
        float[] c = new float[rows * 64];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
        }
        for (int i = 0; i < bp.length; i++) {
            bp[i] = r.nextFloat();
        }
        F32Kernel six = F32VectorKernel.create(6);
        F32Kernel four = F32VectorKernel.create(4);
        double flops = 2.0 * rows * 64 * kc;
        double g6 = 0;
        double g4 = 0;
        for (int round = 0; round < 5; round++) {
            g6 = flops / run(six, kc, panels, rows, a, bp, c) / 1e3;
            g4 = flops / run(four, kc, panels, rows, a, bp, c) / 1e3;
        }
        System.out.printf("in-place op(A), one thread: 6 x 16 tile %.1f GFLOPS, 4 x 16 tile %.1f GFLOPS%n", g6, g4);
    }

    /** Microseconds per sweep of all tiles, over 3,000 sweeps. */
    private static double run(F32Kernel kern, int kc, int panels, int rows, float[] a, float[] bp, float[] c) {
        int reps = 3000;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            for (int jr = 0; jr < panels; jr++) {
                for (int ir = 0; ir < rows; ir += kern.mr) {
                    kern.tileDirect(kc, a, ir * kc, kc, false, bp, jr * kc * 16, c, ir * 64 + jr * 16, 64);
                }
            }
        }
        return (System.nanoTime() - t0) / 1e3 / reps;
    }
}
