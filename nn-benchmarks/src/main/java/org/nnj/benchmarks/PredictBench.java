package org.nnj.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.core.Network;
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
 * Single-sample inference through the framework: the 784-256-128-10 network (after a few training steps, so
 * the weights are a trained network's, not the initial ones) answering one sample at a time, by
 * {@code Network.predictInto(x, out)} (zero allocation) and by the convenience {@code Network.predict(double...)}
 * (allocates its input and output arrays). Microseconds per prediction.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class PredictBench {
    @Param({"f32", "f64"})
    public String precision;

    /** Threads a multiply may use (the caller included). */
    @Param({"1", "2"})
    public int threads;

    private Network net;
    private Mat[] x;
    private double[][] xd;
    private Mat out;
    private int next;

    @Setup
    public void setup() {
        Precision p = precision.equals("f32") ? Precision.FLOAT32 : Precision.FLOAT64;
        Gemm.setMaxThreads(threads);
        Workload w = new Workload(p, 128, new int[] {256, 128}, 4, 5);
        for (int i = 0; i < 20; i++) {
            w.step();
        }
        net = w.net;
        SplittableRandom r = new SplittableRandom(3);
        x = new Mat[64];
        xd = new double[64][];
        for (int i = 0; i < x.length; i++) {
            x[i] = w.xs[i % w.xs.length].rows(r.nextInt(128), 1);
            xd[i] = x[i].toDoubleArray();
        }
        out = Mat.zeros(p, 1, 10);
    }

    @Benchmark
    public Mat predictInto() {
        int i = next;
        next = (i + 1) & 63;
        net.predictInto(x[i], out);
        return out;
    }

    @Benchmark
    public double[] predictDoubles() {
        int i = next;
        next = (i + 1) & 63;
        return net.predict(xd[i]);
    }
}
