package org.nnj.core.math;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A^T * B with few rows (a weight gradient of a narrow layer) on the five-row tile of NarrowTN and on the general
 * blocked path, alternating call by call in one process; median GFLOPS of each. Arguments: threads [k].
 * NarrowTN takes m = 5, 10, 15 only; for the other m both columns run the general path.
 */
public class NarrowAB {
    public static void main(String[] args) {
        Gemm.setMaxThreads(Integer.parseInt(args[0]));
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        SplittableRandom r = new SplittableRandom(1);
        for (int pass = 0; pass < 2; pass++) {
            for (int m : new int[] {5, 8, 10, 12, 15, 16}) {
                for (int n : new int[] {128, 784}) {
                    float[] a = new float[k * m], b = new float[k * n], c = new float[m * n];
                    for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble();
                    for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble();
                    int reps = (int) Math.max(1, 2e6 / (2.0 * m * n * k));
                    long[][] t = new long[2][200];
                    for (int s = -100; s < 200; s++) {
                        for (int mode = 0; mode < 2; mode++) {
                            NarrowTN.enabled = mode == 0;
                            long st = System.nanoTime();
                            for (int q = 0; q < reps; q++) {
                                Gemm.sgemm(true, false, m, n, k, 1f, a, 0, m, b, 0, n, 0f, c, 0, n);
                            }
                            if (s >= 0) t[mode][s] = System.nanoTime() - st;
                        }
                    }
                    NarrowTN.enabled = true;
                    double f = 2.0 * m * n * k * reps;
                    Arrays.sort(t[0]);
                    Arrays.sort(t[1]);
                    if (pass == 1) {
                        System.out.printf("m=%-3d n=%-4d k=%-4d NarrowTN %6.1f  general %6.1f GFLOPS%n", m, n, k,
                                f / t[0][100], f / t[1][100]);
                    }
                }
            }
        }
        System.out.printf("machine now: %.0f GFLOPS float32 FMA peak%n", MachinePeak.gflops(Gemm.maxThreads(), 300));
    }
}
