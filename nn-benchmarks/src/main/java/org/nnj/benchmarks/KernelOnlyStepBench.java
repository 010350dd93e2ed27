package org.nnj.benchmarks;

import java.util.concurrent.TimeUnit;
import org.nnj.core.internal.gemm.Gemm;
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
 * NOT the framework's training step (that is {@link TrainingStepBench}): one step (forward, softmax cross-entropy, backward, Adam) of the MLP 784-256-128-10 on the kernels
 * alone ({@link MlpStepF32}, {@link MlpStepF64}). The secondary result {@code step:samples} is samples per
 * second (each call raises it by the batch size). Run with {@code -prof gc} to see the allocation per step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class KernelOnlyStepBench {

    @Param({"32", "128"})
    public int batch;

    @Param({"f32", "f64"})
    public String precision;

    /** Threads a multiply may use (the caller included). */
    @Param({"2"})
    public int threads;

    private MlpStepF32 step32;
    private MlpStepF64 step64;

    /** Training samples processed; reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public double samples;

        @Setup(Level.Iteration)
        public void reset() {
            samples = 0;
        }
    }

    @Setup
    public void setup() {
        Gemm.setMaxThreads(threads);
        if (precision.equals("f32")) {
            step32 = new MlpStepF32(batch, 3);
        } else {
            step64 = new MlpStepF64(batch, 3);
        }
    }

    @Benchmark
    public double step(Counters counters) {
        counters.samples += batch;
        return step32 != null ? step32.step() : step64.step();
    }
}
