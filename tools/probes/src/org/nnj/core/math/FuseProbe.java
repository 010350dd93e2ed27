package org.nnj.core.math;

import java.util.SplittableRandom;
import org.nnj.optimizers.AdamSlice;

/**
 * Would fusing layer 1's weight gradient with Adam pay at small batches? Interleaves, in one process, at the
 * workload's first layer (W 256 x 784, batch B): (A) as the trainer does it: the forward product, the whole
 * weight gradient on two threads, the finiteness check, Adam on two threads; (B) the forward product, then
 * blocks of 16 neurons on the two threads, each computing its rows of the gradient and at once Adam on them
 * (no separate check: the fused version would bound the gradient from its factors). Prints medians.
 */
public class FuseProbe {
    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int units = 256;
        int inputs = 784;
        int n = units * inputs;
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[batch * inputs];
        float[] dz = new float[batch * units];
        float[] z = new float[batch * units];
        float[] w = new float[n];
        float[] g = new float[n];
        float[] m = new float[n];
        float[] v = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < dz.length; i++) {
            dz[i] = (float) (r.nextGaussian() * 1e-3);
        }
        for (int i = 0; i < n; i++) {
            w[i] = (float) (r.nextGaussian() * 0.05);
            v[i] = 1e-8f;
        }
        float step = 1e-3f;
        float bc2 = 0.7f;
        int blockRows = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        long[][] t = new long[2][rounds];
        int steps = 50;
        for (int round = 0; round < rounds; round++) {
            for (int variant = 0; variant < 2; variant++) {
                long s = System.nanoTime();
                for (int k = 0; k < steps; k++) {
                    Gemm.sgemm(false, true, batch, units, inputs, 1f, x, 0, inputs, w, 0, inputs, 0f, z, 0, units);
                    if (variant == 0) {
                        Gemm.sgemm(true, false, units, inputs, batch, 1f, dz, 0, units, x, 0, inputs, 0f, g, 0,
                                inputs);
                        if (!Finite.all(g, 0, n)) {
                            throw new AssertionError();
                        }
                        WorkerParallelism.INSTANCE.forRanges(n, ((n + 7) / 8 + 63) & ~63,
                                (from, to) -> AdamSlice.adam(w, g, m, v, from, to - from, step, bc2));
                    } else {
                        WorkerParallelism.INSTANCE.forRanges(units, blockRows, (r0, r1) -> {
                            Gemm.sgemm(Gemm.Kernels.Large.F32, 1, true, false, r1 - r0, inputs, batch, 1f, dz, r0, units, x, 0,
                                    inputs, 0f, g, r0 * inputs, inputs, null, 0);
                            AdamSlice.adam(w, g, m, v, r0 * inputs, (r1 - r0) * inputs, step, bc2);
                        });
                    }
                }
                t[variant][round] = (System.nanoTime() - s) / steps;
            }
        }
        for (long[] a : t) {
            java.util.Arrays.sort(a, rounds / 4, rounds);
        }
        int mid = rounds / 4 + (rounds - rounds / 4) / 2;
        System.out.printf("batch %d: (A) separate %.1f us, (B) fused blocks of %d rows %.1f us per step (forward + "
                + "weight gradient + update of layer 1; medians after warm-up)%n", batch, t[0][mid] / 1e3, blockRows,
                t[1][mid] / 1e3);
    }
}
