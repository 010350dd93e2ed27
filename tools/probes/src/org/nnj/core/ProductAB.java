package org.nnj.core;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.math.CpuMatOps;
import org.nnj.core.math.WorkerParallelism;

/**
 * The eight products of a training step of the workload, each timed through two backends' MatOps in
 * alternation (one call of A, one of B, 400 times after 1 s of both), so that a neighbour's load hits both
 * alike. Prints the median microseconds and GFLOPS per product. Arguments: batch backendA backendB.
 * One batch size per process, as GemmProbe: the kernels' compiled code depends on the shapes run before.
 */
public final class ProductAB {
    public static void main(String[] a) {
        int batch = Integer.parseInt(a[0]);
        MatOps[] ops = new MatOps[2];
        for (int i = 0; i < 2; i++) {
            ops[i] = Nets.registry().create(PluginKind.BACKEND, BackendAB.ref(a[1 + i]), "backend")
                    .ops(CpuMatOps.INSTANCE, WorkerParallelism.INSTANCE);
        }
        // name, transA, transB, m, n, k (-1: the batch), as in nn-benchmarks' Shape
        Object[][] shapes = {
            {"FWD1", false, true, -1, 256, 784}, {"FWD2", false, true, -1, 128, 256}, {"FWD3", false, true, -1, 10, 128},
            {"WGRAD1", true, false, 256, 784, -1}, {"WGRAD2", true, false, 128, 256, -1}, {"WGRAD3", true, false, 10, 128, -1},
            {"XGRAD2", false, false, -1, 256, 128}, {"XGRAD3", false, false, -1, 128, 10}};
        SplittableRandom r = new SplittableRandom(1);
        for (int pass = 0; pass < 2; pass++) {
            for (Object[] s : shapes) {
                boolean tA = (Boolean) s[1];
                boolean tB = (Boolean) s[2];
                int m = dim(s[3], batch);
                int n = dim(s[4], batch);
                int k = dim(s[5], batch);
                Mat x = random(tA ? k : m, tA ? m : k, r);
                Mat y = random(tB ? n : k, tB ? k : n, r);
                Mat c = Mat.zeros(Precision.FLOAT32, m, n);
                // The first pass warms each product on both backends for 1 s (the small ones need some 10,000
                // calls before C2 has compiled everything they run), the second times 400 alternating calls.
                if (pass == 0) {
                    long end = System.nanoTime() + 1_000_000_000L;
                    while (System.nanoTime() < end) {
                        ops[0].gemm(tA, tB, 1, x, y, 0, c);
                        ops[1].gemm(tA, tB, 1, x, y, 0, c);
                    }
                    continue;
                }
                int rounds = 400;
                long[][] t = new long[2][rounds];
                for (int i = 0; i < rounds; i++) {
                    for (int b = 0; b < 2; b++) {
                        long t0 = System.nanoTime();
                        ops[b].gemm(tA, tB, 1, x, y, 0, c);
                        t[b][i] = System.nanoTime() - t0;
                    }
                }
                {
                    double flops = 2.0 * m * n * k;
                    double[] med = new double[2];
                    for (int b = 0; b < 2; b++) {
                        Arrays.sort(t[b]);
                        med[b] = t[b][rounds / 2] / 1e3;
                    }
                    System.out.printf("%-7s %-9s %7.1f us %6.1f GFLOPS | %-9s %7.1f us %6.1f GFLOPS%n", s[0], a[1],
                            med[0], flops / med[0] / 1e3, a[2], med[1], flops / med[1] / 1e3);
                }
            }
        }
    }

    private static int dim(Object v, int batch) {
        int d = (Integer) v;
        return d < 0 ? batch : d;
    }

    private static Mat random(int rows, int cols, SplittableRandom r) {
        Mat m = Mat.zeros(Precision.FLOAT32, rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            m.setFlat(i, r.nextDouble(-1, 1));
        }
        return m;
    }
}
