package org.nnj.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.BuildContext;
import org.nnj.api.spi.Initializer;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.LayerState;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.cpu.CpuMatOps;
import org.nnj.core.registry.PluginRegistry;
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
 * One pooling layer's forward and backward pass over a batch of 32 x 28 x 28 images (the first pooling of
 * specs/fashion-cnn.json), one thread, for the 2 x 2 / stride 2 window of the example (the anchor) and general
 * windows: 3 x 3 with stride 2 and padding 1 (padded border windows), 3 x 3 with stride 1 (overlapping), and a
 * rectangular 3 x 2 window with stride 2 x 1 and padding 1 x 0. The secondary result {@code pass:inputs} is input
 * values per second (each call raises it by batch x 32 x 28 x 28), comparable across windows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class PoolingBench {
    private static final Shape INPUT = Shape.image(32, 28, 28);

    @Param({"max_pool2d", "avg_pool2d"})
    public String layer;

    @Param({"2x2s2", "3x3s2p1", "3x3s1p1", "3x2s2x1p1x0"})
    public String window;

    @Param({"f32"})
    public String precision;

    @Param({"128"})
    public int batch;

    private LayerRuntime runtime;
    private LayerState state;
    private Mat x;
    private Mat y;
    private Mat g;
    private Mat dx;

    /** Input values pooled; reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public double inputs;

        @Setup(Level.Iteration)
        public void reset() {
            inputs = 0;
        }
    }

    static Map<String, Object> params(String window) {
        return switch (window) {
            case "2x2s2" -> Map.of("kernel_size", 2);
            case "3x3s2p1" -> Map.of("kernel_size", 3, "stride", 2, "padding", 1, "drop_remainder", true);
            case "3x3s1p1" -> Map.of("kernel_size", 3, "stride", 1, "padding", 1);
            case "3x2s2x1p1x0" -> Map.of("kernel_size", List.of(3, 2), "stride", List.of(2, 1), "padding",
                    List.of(1, 0), "drop_remainder", true);
            default -> throw new IllegalArgumentException("window " + window);
        };
    }

    @Setup
    public void setup() {
        PluginRegistry registry = PluginRegistry.discover();
        Precision p = Precision.parse(precision);
        Layer l = registry.create(PluginKind.LAYER, new PluginRef(layer, params(window)), "bench");
        runtime = l.build(new BuildContext() {
            @Override
            public int inputSize() {
                return INPUT.size();
            }

            @Override
            public Shape inputShape() {
                return INPUT;
            }

            @Override
            public Precision precision() {
                return p;
            }

            @Override
            public MatOps ops() {
                return CpuMatOps.INSTANCE;
            }

            @Override
            public Activation activation(PluginRef ref) {
                return registry.create(PluginKind.ACTIVATION, ref, "bench.activation");
            }

            @Override
            public Initializer initializer(PluginRef refOrNull) {
                return null;
            }

            @Override
            public RandomGenerator trainingRandom() {
                return new SplittableRandom(1);
            }

            @Override
            public String path() {
                return "bench";
            }
        });
        runtime.bind(new ArrayList<>(), new ArrayList<>());
        state = runtime.newState(batch);
        SplittableRandom r = new SplittableRandom(7);
        x = Mat.zeros(p, batch, runtime.inputSize());
        g = Mat.zeros(p, batch, runtime.outputSize());
        for (Mat m : new Mat[] {x, g}) {
            for (int i = 0; i < m.size(); i++) {
                m.setFlat(i, r.nextDouble(-1, 1));
            }
        }
        y = Mat.zeros(p, batch, runtime.outputSize());
        dx = Mat.zeros(p, batch, runtime.inputSize());
    }

    @Benchmark
    public Mat pass(Counters counters) {
        runtime.forward(x, y, state, true);
        runtime.backward(x, y, g, dx, state);
        counters.inputs += (double) batch * INPUT.size();
        return dx;
    }
}
