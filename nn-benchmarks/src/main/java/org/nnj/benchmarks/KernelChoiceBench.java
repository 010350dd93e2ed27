package org.nnj.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
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
 * The kernels' design decisions, each against its absence: one real training step ({@link TrainingStepBench}'s)
 * on the {@code cpu} backend with a {@link KernelConfig#variant kernel configuration} as a parameter
 * ({@code --backend cpu:variant=...}). Every variant but {@code scalar} computes the same bits, so the ratio of
 * a variant's {@code step:samples} to {@code default}'s, measured in one run, is what the shortcut it turns off is
 * worth on this machine (a ratio below 1 means the default's choice pays). Each variant runs in a fork of its own:
 * the JIT's compiled forms, which several choices are about, are fixed per process.
 *
 * <pre>java -jar nn-benchmarks/target/benchmarks.jar KernelChoiceBench -p batch=128 -p precision=f32 -f 3</pre>
 *
 * <p>What each variant guards (docs/performance.md): {@code tile6}/{@code tile4} the tile per product size,
 * {@code no-swap} the transposed forward product at small batches, {@code no-shared-pack} one packed input per
 * column split, {@code no-narrow-tn} the five-row weight gradient of the 10-output layer, {@code no-fused-store}
 * tiles stored from the registers, {@code no-direct-a} reading op(A) in place, {@code no-vector-copy} vector
 * copies of op(B) panels, {@code no-warm-up} the 6-row tile's warm-up (its effect shows across forks, as a
 * spread), {@code scalar} the Vector API itself.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class KernelChoiceBench {

    @Param({"default", "tile6", "tile4", "no-swap", "no-shared-pack", "no-narrow-tn", "no-fused-store",
        "no-direct-a", "no-vector-copy", "no-warm-up", "scalar"})
    public String variant;

    @Param({"32", "128"})
    public int batch;

    @Param({"f32", "f64"})
    public String precision;

    /** Threads a multiply may use (the caller included). */
    @Param({"2"})
    public int threads;

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
        KernelConfig.variant(variant); // an unknown name fails here, naming the known ones
        work = new Workload(precision.equals("f32") ? Precision.FLOAT32 : Precision.FLOAT64, batch,
                Workload.hidden("256-128"), 16, 5, PluginRef.of("cpu", Map.of("variant", variant)));
    }

    @Benchmark
    public double step(Counters counters) {
        counters.samples += batch;
        return work.step();
    }
}
