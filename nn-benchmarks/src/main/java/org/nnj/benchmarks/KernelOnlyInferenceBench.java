package org.nnj.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nnj.core.internal.gemm.Gemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * NOT the framework's prediction (that is {@link PredictBench}): single-sample inference of the MLP 784-256-128-10 on the kernels alone: three one-row products
 * {@code h = x * W^T + b} (bias fused into the multiply) with ReLU after the first two. This is the floor under
 * the framework's own one-sample prediction, which adds its layer and activation plumbing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class KernelOnlyInferenceBench {
    private static final int[] SIZES = {784, 256, 128, 10};

    @Param({"f32", "f64"})
    public String precision;

    /** Threads a multiply may use (the caller included). */
    @Param({"1", "2"})
    public int threads;

    private final float[][] w32 = new float[3][];
    private final float[][] b32 = new float[3][];
    private final float[][] h32 = new float[4][];
    private final double[][] w64 = new double[3][];
    private final double[][] b64 = new double[3][];
    private final double[][] h64 = new double[4][];

    @Setup
    public void setup() {
        Gemm.setMaxThreads(threads);
        SplittableRandom r = new SplittableRandom(7);
        for (int l = 0; l < 3; l++) {
            double scale = Math.sqrt(2.0 / SIZES[l]);
            double[] w = GemmBench.random(r, SIZES[l + 1] * SIZES[l]);
            for (int i = 0; i < w.length; i++) {
                w[i] *= scale;
            }
            w64[l] = w;
            b64[l] = GemmBench.random(r, SIZES[l + 1]);
            w32[l] = GemmBench.toFloat(w64[l]);
            b32[l] = GemmBench.toFloat(b64[l]);
        }
        for (int l = 0; l < 4; l++) {
            h64[l] = new double[SIZES[l]];
            h32[l] = new float[SIZES[l]];
        }
        h64[0] = GemmBench.random(r, SIZES[0]);
        h32[0] = GemmBench.toFloat(h64[0]);
    }

    @Benchmark
    public Object predict() {
        if (precision.equals("f32")) {
            for (int l = 0; l < 3; l++) {
                int in = SIZES[l];
                int out = SIZES[l + 1];
                float[] h = h32[l + 1];
                Gemm.sgemm(false, true, 1, out, in, 1f, h32[l], 0, in, w32[l], 0, in, 0f, h, 0, out, b32[l], 0);
                if (l < 2) {
                    for (int j = 0; j < out; j++) {
                        h[j] = Math.max(h[j], 0f);
                    }
                }
            }
            return h32[3];
        }
        for (int l = 0; l < 3; l++) {
            int in = SIZES[l];
            int out = SIZES[l + 1];
            double[] h = h64[l + 1];
            Gemm.dgemm(false, true, 1, out, in, 1.0, h64[l], 0, in, w64[l], 0, in, 0.0, h, 0, out, b64[l], 0);
            if (l < 2) {
                for (int j = 0; j < out; j++) {
                    h[j] = Math.max(h[j], 0.0);
                }
            }
        }
        return h64[3];
    }
}
