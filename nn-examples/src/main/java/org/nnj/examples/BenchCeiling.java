package org.nnj.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.nnj.api.Mat;
import org.nnj.api.NnException;
import org.nnj.api.Precision;
import org.nnj.api.spi.Backend;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.MatOps;
import org.nnj.core.cpu.CpuMatOps;
import org.nnj.core.internal.simd.MachinePeak;
import org.nnj.core.internal.threads.WorkerParallelism;

/**
 * The ceiling {@code nn bench} reports, measured on the machine it runs on: the samples/s a training run would
 * reach if it did nothing but the network's matrix products (forward, weight gradients, input gradients of all
 * layers but the first), each as fast as OpenBLAS computes it on this machine, with the run's threads. When no
 * OpenBLAS can be loaded (the {@code openblas} backend refuses a missing or reference BLAS), the products' flops
 * over the machine's FMA peak ({@link MachinePeak}: independent FMAs in registers, which no product reaches), and
 * the line says which.
 *
 * @param samplesPerSecond the ceiling
 * @param gflops           what it was derived from: OpenBLAS's GFLOPS on the products, or the FMA peak
 * @param openBlas         whether OpenBLAS measured it (else the FMA peak)
 * @param note             why OpenBLAS did not, or empty
 */
record BenchCeiling(double samplesPerSecond, double gflops, boolean openBlas, String note) {
    /** The products of one training step of a dense network with these layer widths: {m, n, k, transA, transB}. */
    static List<int[]> products(int batch, List<Integer> widths) {
        List<int[]> ps = new ArrayList<>();
        for (int i = 1; i < widths.size(); i++) {
            int in = widths.get(i - 1);
            int out = widths.get(i);
            ps.add(new int[] {batch, out, in, 0, 1}); // forward: X W^T
            ps.add(new int[] {out, in, batch, 1, 0}); // weight gradient: dY^T X
            if (i > 1) {
                ps.add(new int[] {batch, in, out, 0, 0}); // input gradient: dY W
            }
        }
        return ps;
    }

    static double flops(List<int[]> products) {
        double f = 0;
        for (int[] p : products) {
            f += 2.0 * p[0] * p[1] * p[2];
        }
        return f;
    }

    /** Measures the ceiling of one training step's products (about 0.5 s). */
    static BenchCeiling measure(int batch, List<Integer> widths, Precision precision, int threads) {
        List<int[]> ps = products(batch, widths);
        double flops = flops(ps);
        try {
            MatOps blas = openBlasOps();
            double seconds = stepSeconds(blas, ps, precision);
            double gf = flops / seconds / 1e9;
            return new BenchCeiling(batch / seconds, gf, true, "");
        } catch (NnException | LinkageError e) {
            double peak = MachinePeak.gflops(threads, 300) / (precision == Precision.FLOAT64 ? 2 : 1);
            return new BenchCeiling(peak * 1e9 / flops * batch, peak, false, firstLine(e));
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int cut = m.indexOf(". ");
        return cut > 0 && cut < 120 ? m.substring(0, cut) : m.length() > 120 ? m.substring(0, 120) + "..." : m;
    }

    /** The openblas backend (nn-blas) sending every product to OpenBLAS, split over nnj's threads. */
    private static MatOps openBlasOps() {
        for (Backend b : ServiceLoader.load(Backend.class)) {
            if (b.name().equals("openblas")) {
                Backend all = b.configure(Config.resolve("openblas", b.parameters(),
                        Map.of("products", "all", "min_side", 1L)));
                return all.ops(CpuMatOps.INSTANCE, WorkerParallelism.INSTANCE);
            }
        }
        throw new NnException("the openblas backend (nn-blas) is not on the class path");
    }

    /** Median seconds of one round of all products, after a warm-up. */
    private static double stepSeconds(MatOps ops, List<int[]> ps, Precision precision) {
        SplittableRandom r = new SplittableRandom(3);
        int n = ps.size();
        Mat[] a = new Mat[n];
        Mat[] b = new Mat[n];
        Mat[] c = new Mat[n];
        for (int i = 0; i < n; i++) {
            int[] p = ps.get(i);
            a[i] = random(r, precision, p[3] == 1 ? p[2] : p[0], p[3] == 1 ? p[0] : p[2]);
            b[i] = random(r, precision, p[4] == 1 ? p[1] : p[2], p[4] == 1 ? p[2] : p[1]);
            c[i] = Mat.zeros(precision, p[0], p[1]);
        }
        long warm = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < warm) {
            round(ops, ps, a, b, c);
        }
        double[] t = new double[400];
        int rounds = 0;
        long end = System.nanoTime() + 300_000_000L;
        while (rounds < t.length && (rounds < 5 || System.nanoTime() < end)) {
            long t0 = System.nanoTime();
            round(ops, ps, a, b, c);
            t[rounds++] = (System.nanoTime() - t0) / 1e9;
        }
        java.util.Arrays.sort(t, 0, rounds);
        return t[rounds / 2];
    }

    private static void round(MatOps ops, List<int[]> ps, Mat[] a, Mat[] b, Mat[] c) {
        for (int i = 0; i < ps.size(); i++) {
            int[] p = ps.get(i);
            ops.gemm(p[3] == 1, p[4] == 1, 1.0, a[i], b[i], 0.0, c[i]);
        }
    }

    private static Mat random(SplittableRandom r, Precision precision, int rows, int cols) {
        Mat m = Mat.zeros(precision, rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.set(i, j, r.nextDouble(-1, 1));
            }
        }
        return m;
    }

    /** "the 118,000 samples/s ceiling (OpenBLAS: 120 GFLOPS on this network's products, 2 threads)". */
    String describe(int threads) {
        return openBlas
                ? String.format(Locale.ROOT, "the %,.0f samples/s ceiling (OpenBLAS: %.0f GFLOPS on this network's "
                + "products, %d threads)", samplesPerSecond, gflops, threads)
                : String.format(Locale.ROOT, "the %,.0f samples/s ceiling (the machine's FMA peak, %.0f GFLOPS over %d "
                + "threads, which no product reaches; no OpenBLAS: %s)", samplesPerSecond, gflops, threads, note);
    }
}
