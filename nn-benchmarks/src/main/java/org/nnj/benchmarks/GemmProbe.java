package org.nnj.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nnj.core.internal.gemm.Gemm;
import org.nnj.core.internal.gemm.KernelConfig;
import org.nnj.core.internal.simd.MachinePeak;

/**
 * A quick, noise-tolerant companion to {@link GemmBench} for tuning on a shared machine: for each shape it
 * warms up (after a first, untimed pass over all shapes), times 300 samples of about 2 MFLOP each and prints the best and the median GFLOPS (the best is
 * what the kernel can do when nobody else uses the cores; JMH reports means, which other processes drag down).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp nn-benchmarks/target/benchmarks.jar \
 *     org.nnj.benchmarks.GemmProbe [threads] [batch,...] [f32|f64] [variant]</pre>
 *
 * <p>Defaults: all processors, batch 128, f32, the default kernel configuration (else a {@code KernelConfig}
 * variant such as {@code tile6}). Time one batch size per process for figures that stand for
 * training (which runs one batch size): the register tiles' compiled code depends on the mix of shapes a
 * process has run, and with the batch-128 shapes in the same process the batch-32 products read 25-40% lower
 * (in the history of docs/performance.md, round I). The last line is the machine's float32 FMA peak over the same threads, measured
 * right after the shapes ({@link MachinePeak}): on a shared machine it says how much of a low figure was the
 * neighbours.
 */
public final class GemmProbe {
    private GemmProbe() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int[] batches = Arrays.stream((args.length > 1 ? args[1] : "128").split(","))
                .mapToInt(Integer::parseInt).toArray();
        boolean f64 = args.length > 2 && args[2].equals("f64");
        Gemm gemm = Gemm.of(KernelConfig.variant(args.length > 3 ? args[3] : "default"));
        Gemm.setMaxThreads(threads);
        System.out.printf("simd=%b threads=%d precision=%s variant=%s%n", gemm.vectors(), threads,
                f64 ? "f64" : "f32", args.length > 3 ? args[3] : "default");
        // A silent first pass over every shape: the JIT compiles the kernels and the driver for all of them
        // (and may recompile when a new shape takes a branch the earlier ones never took) before anything is
        // timed. Without it the first shape was timed while that happened (FWD1 read 25-48 instead of 83-117).
        for (boolean timed : new boolean[] {false, true}) {
            for (int batch : batches) {
                for (Shape s : Shape.values()) {
                    probe(gemm, s, batch, f64, timed);
                }
            }
        }
        // After the products: the large tile is settled by then (TileTable, then its start-up check).
        System.out.printf("kernels: %s%n", Gemm.describeMachine(f64 ? Double.BYTES : Float.BYTES));
        System.out.printf("machine now: %.0f GFLOPS float32 FMA peak over %d threads%n",
                MachinePeak.gflops(threads, 300), threads);
    }

    private static void probe(Gemm gemm, Shape s, int batch, boolean f64, boolean timed) {
        int m = s.m(batch);
        int n = s.n(batch);
        int k = s.k(batch);
        int lda = s.transA ? m : k;
        int ldb = s.transB ? k : n;
        SplittableRandom r = new SplittableRandom(1);
        double[] a64 = GemmBench.random(r, m * k);
        double[] b64 = GemmBench.random(r, k * n);
        double[] c64 = new double[m * n];
        float[] a32 = GemmBench.toFloat(a64);
        float[] b32 = GemmBench.toFloat(b64);
        float[] c32 = new float[m * n];
        double flops = s.flops(batch);
        int reps = (int) Math.max(1, 2e6 / flops);
        Runnable call = f64
                ? () -> gemm.multiply(s.transA, s.transB, m, n, k, 1.0, a64, 0, lda, b64, 0, ldb, 0.0, c64, 0, n)
                : () -> gemm.multiply(s.transA, s.transB, m, n, k, 1f, a32, 0, lda, b32, 0, ldb, 0f, c32, 0, n);
        long end = System.nanoTime() + (timed ? 300_000_000L : 500_000_000L);
        while (System.nanoTime() < end) {
            call.run();
        }
        if (!timed) {
            return;
        }
        long[] t = new long[300];
        for (int i = 0; i < t.length; i++) {
            long start = System.nanoTime();
            for (int q = 0; q < reps; q++) {
                call.run();
            }
            t[i] = System.nanoTime() - start;
        }
        Arrays.sort(t);
        System.out.printf("%-7s batch=%-4d m=%-4d n=%-4d k=%-4d best %6.1f  median %6.1f GFLOPS  (median %.1f us/call)%n",
                s, batch, m, n, k, flops * reps / t[0], flops * reps / t[t.length / 2], t[t.length / 2] / 1e3 / reps);
    }
}
