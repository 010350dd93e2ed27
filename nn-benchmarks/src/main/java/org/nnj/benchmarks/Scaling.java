package org.nnj.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.nnj.api.Precision;
import org.nnj.core.internal.gemm.Gemm;

/**
 * How the cost of the real training step grows with the work: samples per second of {@code Trainer.step}
 * (the framework's own step, see {@link TrainingStepBench}) against the batch size (1 .. 1024, network
 * 784-256-128-10) and against the hidden width W (64 .. 2048, network 784-W-W/2-10, batch 128), float32.
 * Each point: warm-up, then the median of several timed slices; the whole sweep runs several rounds and each
 * point reports the median round (robust on a shared machine); also the bytes the measuring thread allocated
 * per step in the timed slices.
 *
 * <p>Prints Markdown tables and writes {@code <dir>/scaling-batch.png} and {@code <dir>/scaling-width.png}.
 * Usage: {@code java --add-modules jdk.incubator.vector -cp nn-benchmarks/target/benchmarks.jar
 * org.nnj.benchmarks.Scaling [outDir=docs] [secondsPerPoint=3] [threads=2] [precision=f32] [rounds=3]}
 */
public final class Scaling {
    private Scaling() {
    }

    /** One measured configuration. */
    record Point(int batch, int width, double samplesPerSecond, double gflops, double bytesPerStep) {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Gemm.maxThreads();
        Precision p = args.length > 3 && args[3].equals("f64") ? Precision.FLOAT64 : Precision.FLOAT32;
        Gemm.setMaxThreads(threads);
        System.out.printf(Locale.ROOT, "%d threads, %s, %s kernels, JDK %s, %.1f s per point%n", threads, p.id(),
                Gemm.simd() ? "vector" : "scalar", Runtime.version(), seconds);

        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int[] batchSizes = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
        int[] widthsList = {64, 128, 256, 512, 1024, 2048};
        // Rounds over the whole sweep, so that a busy spell of the machine hits one round of a point, not all.
        Point[][] b = new Point[batchSizes.length][rounds];
        Point[][] wd = new Point[widthsList.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < batchSizes.length; i++) {
                b[i][r] = measure(p, batchSizes[i], 256, seconds);
            }
            for (int i = 0; i < widthsList.length; i++) {
                wd[i][r] = measure(p, 128, widthsList[i], seconds);
            }
            System.out.println("round " + (r + 1) + " of " + rounds + " done");
        }
        List<Point> batches = new ArrayList<>();
        System.out.println("\n| batch | samples/s (median of " + rounds + " rounds) | best round | GFLOPS (useful, median) "
                + "| bytes allocated per step (max) |\n|---|---|---|---|---|");
        for (Point[] pts : b) {
            Point pt = median(pts);
            batches.add(pt);
            print(pt, best(pts), maxBytes(pts), true);
        }
        List<Point> widths = new ArrayList<>();
        System.out.println("\n| hidden W (784-W-W/2-10) | samples/s (median of " + rounds + " rounds) | best round "
                + "| GFLOPS (useful, median) | bytes allocated per step (max) |\n|---|---|---|---|---|");
        for (Point[] pts : wd) {
            Point pt = median(pts);
            widths.add(pt);
            print(pt, best(pts), maxBytes(pts), false);
        }
        Files.createDirectories(dir);
        chart(dir.resolve("scaling-batch.png"), "Training throughput against batch size (784-256-128-10, "
                + p.id() + ", " + threads + " threads)", "batch size", batches, true);
        chart(dir.resolve("scaling-width.png"), "Training throughput against hidden width (784-W-W/2-10, batch 128, "
                + p.id() + ", " + threads + " threads)", "hidden width W", widths, false);
        System.out.println("\nwrote " + dir.resolve("scaling-batch.png") + " and " + dir.resolve("scaling-width.png"));
    }

    private static void print(Point pt, double best, double bytes, boolean byBatch) {
        System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.1f | %.0f |%n", byBatch ? pt.batch() : pt.width(),
                pt.samplesPerSecond(), best, pt.gflops(), bytes);
    }

    private static Point median(Point[] pts) {
        Point[] s = pts.clone();
        Arrays.sort(s, (x, y) -> Double.compare(x.samplesPerSecond(), y.samplesPerSecond()));
        return s[s.length / 2];
    }

    private static double best(Point[] pts) {
        return Arrays.stream(pts).mapToDouble(Point::samplesPerSecond).max().orElse(0);
    }

    private static double maxBytes(Point[] pts) {
        return Arrays.stream(pts).mapToDouble(Point::bytesPerStep).max().orElse(0);
    }

    /** Flops of one training sample: forward 2*params, weight gradients 2*params, input gradients of layers 2+. */
    static double flopsPerSample(int width) {
        int[] sizes = {784, width, width / 2, 10};
        double f = 0;
        for (int l = 0; l < 3; l++) {
            double w = (double) sizes[l] * sizes[l + 1];
            f += 4 * w + (l > 0 ? 2 * w : 0);
        }
        return f;
    }

    static Point measure(Precision p, int batch, int width, double seconds) {
        Workload w = new Workload(p, batch, new int[] {width, width / 2}, 8, 5);
        long warmEnd = System.nanoTime() + (long) (seconds * 0.4e9);
        while (System.nanoTime() < warmEnd) {
            w.step();
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int slices = 9;
        long sliceNanos = (long) (seconds * 0.6e9 / slices);
        double[] rates = new double[slices];
        long steps = 0;
        long bytes0 = mx.getCurrentThreadAllocatedBytes();
        for (int s = 0; s < slices; s++) {
            long start = System.nanoTime();
            long n = 0;
            long now;
            do {
                w.step();
                n++;
                now = System.nanoTime();
            } while (now - start < sliceNanos);
            rates[s] = (double) n * batch / ((now - start) / 1e9);
            steps += n;
        }
        double bytes = (double) (mx.getCurrentThreadAllocatedBytes() - bytes0) / steps;
        Arrays.sort(rates);
        double median = rates[slices / 2];
        return new Point(batch, width, median, median * flopsPerSample(width) / 1e9, bytes);
    }

    private static void chart(Path file, String title, String xTitle, List<Point> pts, boolean byBatch)
            throws IOException {
        XYChart c = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle(xTitle)
                .yAxisTitle("samples per second").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(!byBatch);
        c.getStyler().setMarkerSize(7);
        double[] x = pts.stream().mapToDouble(pt -> byBatch ? pt.batch() : pt.width()).toArray();
        double[] y = pts.stream().mapToDouble(Point::samplesPerSecond).toArray();
        c.addSeries("nnj, Trainer.step", x, y);
        if (byBatch) {
            double[] ceiling = new double[x.length];
            double[] target = new double[x.length];
            Arrays.fill(ceiling, 159_000);
            Arrays.fill(target, 100_000);
            c.addSeries("ceiling (OpenBLAS, batch 128)", x, ceiling).setMarker(new org.knowm.xchart.style.markers.None());
            c.addSeries("target (batch 128)", x, target).setMarker(new org.knowm.xchart.style.markers.None());
        }
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
