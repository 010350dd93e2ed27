package org.nnj.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Parallelism;
import org.nnj.api.spi.Updater;
import org.nnj.core.internal.gemm.Gemm;
import org.nnj.core.internal.threads.WorkerParallelism;
import org.nnj.optimizers.Adam;
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
 * What guards nn-optimizers' {@code AdamUpdater.MIN_PARALLEL} (65,536 parameters): below it plain Adam runs on
 * the calling thread, from it up in about eight ranges on the matrix-multiply threads.
 * <ul>
 *   <li>{@code update}: one Adam update of {@code size} float32 parameters, on the calling thread alone
 *       ({@code parallel=false}) or handed to the workers ({@code parallel=true}; below the threshold the updater
 *       runs serially either way, so the two agree there by design);</li>
 *   <li>{@code dispatch}: the fixed cost of handing eight empty ranges to the workers.</li>
 * </ul>
 * Splitting pays where the serial update's time, times {@code 1 - 1/threads}, exceeds {@code dispatch}: with
 * the per-parameter time of {@code update} at {@code parallel=false}, that is the smallest size worth splitting.
 *
 * <pre>java -jar nn-benchmarks/target/benchmarks.jar AdamUpdateBench -f 1</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class AdamUpdateBench {

    @Param({"16384", "65536", "262144", "1048576"})
    public int size;

    @Param({"false", "true"})
    public boolean parallel;

    /** Threads a loop may use (the caller included). */
    @Param({"2"})
    public int threads;

    private Updater updater;
    private Mat w;
    private Mat g;
    private final Parallelism.Range empty = (from, to) -> { };

    @Setup
    public void setup() {
        Gemm.setMaxThreads(threads);
        updater = new Adam().newUpdater(size, Precision.FLOAT32,
                parallel ? WorkerParallelism.INSTANCE : Parallelism.SERIAL);
        w = Mat.zeros(Precision.FLOAT32, 1, size);
        g = Mat.zeros(Precision.FLOAT32, 1, size);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < size; i++) {
            w.setFlat(i, r.nextGaussian());
            g.setFlat(i, r.nextGaussian() * 1e-2);
        }
    }

    @Benchmark
    public Mat update() {
        updater.update(w, g, 1e-6);
        return w;
    }

    @Benchmark
    public Parallelism.Range dispatch() {
        WorkerParallelism.INSTANCE.forRanges(8 * 64, 64, empty);
        return empty;
    }
}
