package org.nnj.benchmarks;

import java.util.concurrent.TimeUnit;
import org.nnj.api.Precision;
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
 * ONE REAL training step of the framework: {@code Trainer.step(x, y)} on a {@code Network} built from the
 * plugins by name, i.e. exactly what {@code Trainer.fit} runs per mini-batch: forward through the dense and
 * activation steps, the loss, back-propagation (fused softmax/cross-entropy gradient), the finiteness check
 * of all gradients, and the Adam update. Not included: the per-batch gather of shuffled rows that
 * {@code fit} does (a row copy, about 3% of a step; {@code ./nn bench} includes it).
 *
 * <p>Workload: 784-256-128-10, ReLU, softmax cross-entropy, Adam 1e-3 ({@link Workload}). The secondary result
 * {@code step:samples} is samples per second (each call raises it by the batch size). Run with
 * {@code -prof gc}: the steady state allocates about 0 bytes per step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class TrainingStepBench {

    @Param({"32", "128"})
    public int batch;

    @Param({"f32", "f64"})
    public String precision;

    /** Threads a multiply may use (the caller included). */
    @Param({"2"})
    public int threads;

    /** Hidden widths, dash-separated. */
    @Param({"256-128"})
    public String hidden;

    private Workload work;

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
        work = new Workload(precision.equals("f32") ? Precision.FLOAT32 : Precision.FLOAT64, batch,
                Workload.hidden(hidden), 16, 5);
    }

    @Benchmark
    public double step(Counters counters) {
        counters.samples += batch;
        return work.step();
    }
}
