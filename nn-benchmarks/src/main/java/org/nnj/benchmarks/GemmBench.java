package org.nnj.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nnj.core.internal.gemm.Gemm;
import org.nnj.core.internal.gemm.KernelConfig;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@link Gemm} call per operation, for each product of the MLP 784-256-128-10 (see {@link Shape}).
 *
 * <p>GFLOPS: the secondary result {@code gflop} is an {@link AuxCounters} counter that each call raises by its
 * flop count / 1e9 (2*m*n*k / 1e9), and JMH reports it per second, so {@code gemm:gflop} in "ops/s" is
 * GFLOPS. The primary result is calls per second. {@code variant} picks a {@link KernelConfig#variant kernel
 * configuration} ({@code -p variant=scalar}: the plain-Java kernels; {@code -p variant=no-narrow-tn}: WGRAD3
 * on the general path; ...), so that a choice is compared with its absence in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class GemmBench {

    @Param({"FWD1", "FWD2", "FWD3", "WGRAD1", "WGRAD2", "WGRAD3", "XGRAD2", "XGRAD3"})
    public String shape;

    @Param({"1", "32", "128"})
    public int batch;

    @Param({"f32", "f64"})
    public String precision;

    /** Threads a multiply may use (the caller included). */
    @Param({"2"})
    public int threads;

    /** The kernel configuration ({@link KernelConfig#variant}). */
    @Param({"default"})
    public String variant;

    private Gemm gemm;

    private Shape s;
    private int m;
    private int n;
    private int k;
    private double gflopPerCall;
    private float[] a32;
    private float[] b32;
    private float[] c32;
    private double[] a64;
    private double[] b64;
    private double[] c64;

    /** Flops done, in GFLOP; reported per second, so in GFLOPS. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public double gflop;

        @Setup(Level.Iteration)
        public void reset() {
            gflop = 0;
        }
    }

    @Setup
    public void setup() {
        Gemm.setMaxThreads(threads);
        gemm = Gemm.of(KernelConfig.variant(variant));
        s = Shape.valueOf(shape);
        m = s.m(batch);
        n = s.n(batch);
        k = s.k(batch);
        gflopPerCall = s.flops(batch) / 1e9;
        SplittableRandom r = new SplittableRandom(42);
        a64 = random(r, m * k);
        b64 = random(r, k * n);
        c64 = new double[m * n];
        a32 = toFloat(a64);
        b32 = toFloat(b64);
        c32 = new float[m * n];
    }

    @Benchmark
    public void gemm(Counters counters) {
        // A is stored k x m when transposed, B n x k when transposed: the leading dimension is the stored width.
        int lda = s.transA ? m : k;
        int ldb = s.transB ? k : n;
        if (precision.equals("f32")) {
            gemm.multiply(s.transA, s.transB, m, n, k, 1f, a32, 0, lda, b32, 0, ldb, 0f, c32, 0, n);
        } else {
            gemm.multiply(s.transA, s.transB, m, n, k, 1.0, a64, 0, lda, b64, 0, ldb, 0.0, c64, 0, n);
        }
        counters.gflop += gflopPerCall;
    }

    static double[] random(SplittableRandom r, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextDouble() * 2 - 1;
        }
        return x;
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
