package org.nnj.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.NnException;
import org.nnj.api.PluginException;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.Shape;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.Backend;
import org.nnj.api.spi.BuildContext;
import org.nnj.api.spi.Initializer;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.Loss;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.ParamShape;
import org.nnj.api.spi.Parallelism;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.cpu.CpuMatOps;
import org.nnj.core.internal.gemm.Gemm;
import org.nnj.core.internal.threads.WorkerParallelism;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.data.SplitMix;

/**
 * Turns a {@link NetworkSpec} into a runnable {@link Network}: resolves every plugin the spec names, builds each
 * layer's runtime for its input width, lays all parameters out in one flat array (every layer holds views of
 * it), declares the penalties, and initializes the weights from the spec's seed. Compiling is all here; running
 * (inference, the passes of training) is {@link Network}'s.
 */
final class NetworkCompiler {
    /** Layers' own loops run on the matrix-multiply threads when a multiply may use more than one. */
    private static final Parallelism LAYER_LOOPS = (n, chunk, body) -> {
        if (Gemm.maxThreads() < 2) {
            Parallelism.SERIAL.forRanges(n, chunk, body);
        } else {
            WorkerParallelism.INSTANCE.forRanges(n, chunk, body);
        }
    };
    private NetworkCompiler() {
    }

    /**
     * The parameter tensors of the network {@code spec} describes, in the order of {@link #namedParameters()},
     * without allocating them: every plugin is resolved and every layer's runtime built (runtimes hold no
     * parameter storage until bound), widths, totals and memory are checked. A model file's tensors can be checked
     * against this before anything of the file's size is allocated.
     *
     * @throws ConfigException as {@link #compile} does
     */
    static List<Network.PlannedTensor> plan(NetworkSpec spec, PluginRegistry registry) {
        Blueprint bp = blueprint(spec, registry, CpuMatOps.INSTANCE);
        List<Network.PlannedTensor> out = new ArrayList<>();
        for (int s = 0; s < bp.shapes().size(); s++) {
            ParamShape shape = bp.shapes().get(s);
            out.add(new Network.PlannedTensor(tensorName(bp.stages().get(bp.shapeStep().get(s)).layerIndex(), shape),
                    shape.rows(), shape.cols(), false));
        }
        for (int s = 0; s < bp.bufferShapes().size(); s++) {
            ParamShape shape = bp.bufferShapes().get(s);
            out.add(new Network.PlannedTensor(tensorName(bp.stages().get(bp.bufferStep().get(s)).layerIndex(), shape),
                    shape.rows(), shape.cols(), true));
        }
        return out;
    }

    private static String tensorName(int layerIndex, ParamShape shape) {
        return "layers." + layerIndex + "." + shape.name();
    }

    /** Stages with their runtimes and the parameter and buffer shapes, before any storage exists. */
    private record Blueprint(Loss loss, List<Stage> stages, List<ParamShape> shapes, List<Integer> shapeStep,
                             List<ParamShape> bufferShapes, List<Integer> bufferStep,
                             SplitMix[] randoms, long parameterCount, long bufferCount) {
    }

    private static Blueprint blueprint(NetworkSpec spec, PluginRegistry registry, MatOps ops) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(registry, "registry");
        Loss loss = registry.create(PluginKind.LOSS, spec.loss(), "loss");
        List<Stage> stages = new ArrayList<>();
        List<ParamShape> shapes = new ArrayList<>();
        List<Integer> shapeStep = new ArrayList<>();
        List<ParamShape> bufferShapes = new ArrayList<>();
        List<Integer> bufferStep = new ArrayList<>();
        SplitMix[] randoms = new SplitMix[spec.layers().size()];
        Shape shape = spec.inputShape();
        long offset = 0;
        long bufferOffset = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            String path = "layers[" + i + "]";
            Layer layer = registry.create(PluginKind.LAYER, spec.layers().get(i), path);
            String where = path + " (" + layer.name() + ")";
            String what = "layer \"" + layer.name() + "\"";
            Shape in = shape;
            int width = in.size();
            Shape outShape = shaped(where, path, what, () -> layer.outputShape(in));
            if (outShape == null) {
                throw new ConfigException(where, "outputShape(" + in + ") returned no shape");
            }
            int out = outShape.size();
            Optional<PluginRef> actRef = guarded(path, what, layer::activation);
            Activation activation = actRef.map(r -> registry.create(PluginKind.ACTIVATION, r, path + ".activation"))
                    .orElse(null);
            randoms[i] = new SplitMix(SplitMix.derive(spec.seed(), 3, i));
            Context ctx = new Context(registry, spec.precision(), in, path, activation, randoms[i], ops);
            LayerRuntime runtime = shaped(where, path, what, () -> layer.build(ctx));
            if (runtime.inputSize() != width || runtime.outputSize() != out) {
                throw new ConfigException(path, what + " built a runtime of " + runtime.inputSize() + " -> "
                        + runtime.outputSize() + "; expected " + width + " -> " + out + " (input " + in
                        + ", output " + outShape + ")");
            }
            long count = 0;
            java.util.Set<String> names = new java.util.HashSet<>();
            for (ParamShape s : guarded(path, what, runtime::parameters)) {
                requireUniqueName(path, what, names, s);
                shapes.add(s);
                shapeStep.add(stages.size());
                count += (long) s.rows() * s.cols();
            }
            if (offset + count > Network.MAX_PARAMETERS) {
                throw new ConfigException(path, "the network would have more than " + Network.MAX_PARAMETERS
                        + " parameters (the most one Java array holds) at this layer");
            }
            for (ParamShape s : guarded(path, what, runtime::buffers)) {
                requireUniqueName(path, what, names, s);
                if (s.penalized()) {
                    throw new ConfigException(path, what + " declares penalties on its buffer \"" + s.name()
                            + "\"; a buffer is not trained, so it takes none");
                }
                bufferShapes.add(s);
                bufferStep.add(stages.size());
                bufferOffset += (long) s.rows() * s.cols();
            }
            if (bufferOffset > Network.MAX_PARAMETERS) {
                throw new ConfigException(path, "the network would have more than " + Network.MAX_PARAMETERS
                        + " buffer values (the most one Java array holds) at this layer");
            }
            stages.add(new Stage(runtime, i, layer.name(), null, (int) offset, (int) count, outShape));
            offset += count;
            if (activation != null) {
                stages.add(new Stage(new ActivationRuntime(activation, out), i, activation.name(), activation,
                        (int) offset, 0, outShape));
            }
            shape = outShape;
        }
        long bytes = (2 * offset + bufferOffset) * (spec.precision() == Precision.FLOAT32 ? 4 : 8);
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max / 2) {
            throw new ConfigException("layers", "the network would have " + offset + " parameters, " + (bytes >> 20)
                    + " MB with their gradients; this JVM may use at most " + (max >> 20) + " MB (-Xmx), so at "
                    + "most half of that for parameters");
        }
        return new Blueprint(loss, stages, shapes, shapeStep, bufferShapes, bufferStep, randoms, offset, bufferOffset);
    }

    private static void requireUniqueName(String path, String what, java.util.Set<String> names, ParamShape s) {
        if (!names.add(s.name())) {
            throw new ConfigException(path, what + " declares two parameters or buffers named \"" + s.name() + "\"");
        }
    }

    /**
     * {@link #guarded} for the calls that see the input shape: a {@link ConfigException} without a path (a layer
     * refusing its input shape) or a {@link org.nnj.api.ShapeException} is located at {@code where},
     * {@code layers[3] (max_pool2d)}.
     */
    private static <V> V shaped(String where, String path, String what, java.util.function.Supplier<V> call) {
        try {
            return guarded(path, what, call);
        } catch (ConfigException e) {
            if (e.path().isEmpty()) {
                ConfigException c = new ConfigException(where, e.problem());
                c.initCause(e);
                throw c;
            }
            throw e;
        } catch (org.nnj.api.ShapeException e) {
            ConfigException c = new ConfigException(where, e.getMessage());
            c.initCause(e);
            throw c;
        }
    }

    /** Runs plugin code, turning any exception other than nnj's own into a ConfigException at {@code path}. */
    private static <V> V guarded(String path, String what, java.util.function.Supplier<V> call) {
        try {
            return call.get();
        } catch (org.nnj.api.NnException e) {
            throw e;
        } catch (RuntimeException e) {
            ConfigException c = new ConfigException(path, what + " rejected its configuration: " + e);
            c.initCause(e);
            throw c;
        }
    }

    /**
     * The network {@code spec} describes, from {@code registry}'s plugins, with weights initialized from the
     * spec's seed (the same seed gives bit-identical weights) and the matrix products on {@code backend}, a
     * {@link PluginKind#BACKEND} plugin by name and parameters ({@code null}: the framework's own kernels, the
     * {@code cpu} backend). The backend is not part of the network: the same spec and seed give the same
     * initial weights on every backend.
     *
     * @throws ConfigException  naming the spec path of an unknown plugin, a bad parameter or impossible sizes, and
     *                          for an unknown backend name or bad backend parameters (at path {@code backend})
     * @throws PluginException  when the backend cannot run on this machine (its message says why)
     */
    static Network compile(NetworkSpec spec, PluginRegistry registry, PluginRef backend) {
        MatOps ops = CpuMatOps.INSTANCE;
        if (backend != null) {
            Backend b = Objects.requireNonNull(registry, "registry").create(PluginKind.BACKEND, backend, "backend");
            try {
                ops = b.ops(CpuMatOps.INSTANCE, WorkerParallelism.INSTANCE);
            } catch (NnException e) {
                throw e;
            } catch (RuntimeException | LinkageError e) {
                // LinkageError: a native library that does not load (UnsatisfiedLinkError).
                throw new PluginException("backend \"" + b.name() + "\" (" + b.getClass().getName()
                        + ") failed to start: " + e, e);
            }
            if (ops == null) {
                throw new PluginException("backend \"" + b.name() + "\" (" + b.getClass().getName()
                        + ") returned no MatOps");
            }
        }
        Blueprint bp = blueprint(spec, registry, ops);
        List<Stage> stages = bp.stages();
        List<ParamShape> shapes = bp.shapes();
        List<Integer> shapeStep = bp.shapeStep();
        SplitMix[] randoms = bp.randoms();
        Loss loss = bp.loss();
        int offset = Math.toIntExact(bp.parameterCount());
        Mat params = Mat.zeros(spec.precision(), 1, offset);
        int bufferTotal = Math.toIntExact(bp.bufferCount());
        Mat buffers = Mat.zeros(spec.precision(), 1, bufferTotal);
        List<NamedTensor> namedBuffers = new ArrayList<>();
        List<List<Mat>> bv = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            bv.add(new ArrayList<>());
        }
        int bat = 0;
        for (int s = 0; s < bp.bufferShapes().size(); s++) {
            ParamShape shape = bp.bufferShapes().get(s);
            int stageIndex = bp.bufferStep().get(s);
            Mat b = buffers.reshape(bufferTotal, 1).rows(bat, shape.size()).reshape(shape.rows(), shape.cols());
            bv.get(stageIndex).add(b);
            namedBuffers.add(new NamedTensor(tensorName(stages.get(stageIndex).layerIndex(), shape), b));
            bat += shape.size();
        }
        Mat grads = Mat.zeros(spec.precision(), 1, offset);
        List<NamedTensor> namedParams = new ArrayList<>();
        List<NamedTensor> namedGrads = new ArrayList<>();
        List<Network.Penalty> penalties = new ArrayList<>();
        List<List<Mat>> pv = new ArrayList<>();
        List<List<Mat>> gv = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            pv.add(new ArrayList<>());
            gv.add(new ArrayList<>());
        }
        int at = 0;
        for (int s = 0; s < shapes.size(); s++) {
            ParamShape shape = shapes.get(s);
            int stepIndex = shapeStep.get(s);
            Mat p = params.reshape(offset, 1).rows(at, shape.size()).reshape(shape.rows(), shape.cols());
            Mat g = grads.reshape(offset, 1).rows(at, shape.size()).reshape(shape.rows(), shape.cols());
            pv.get(stepIndex).add(p);
            gv.get(stepIndex).add(g);
            String name = tensorName(stages.get(stepIndex).layerIndex(), shape);
            namedParams.add(new NamedTensor(name, p));
            namedGrads.add(new NamedTensor(name, g));
            if (shape.penalized()) {
                penalties.add(new Network.Penalty(p, g, shape.l1(), shape.l2()));
            }
            at += shape.size();
        }
        for (int i = 0; i < stages.size(); i++) {
            Stage st = stages.get(i);
            st.runtime().bind(pv.get(i), gv.get(i));
            if (!bv.get(i).isEmpty()) {
                st.runtime().bindBuffers(bv.get(i));
            }
            if (!st.isActivation()) {
                st.runtime().initialize(new SplitMix(SplitMix.derive(spec.seed(), 1, st.layerIndex())));
            }
        }
        return new Network(spec, registry, loss, stages, params, grads, namedParams, namedGrads, buffers, namedBuffers,
                randoms, penalties);
    }

    /** The {@link BuildContext} handed to each layer. */
    private record Context(PluginRegistry registry, Precision precision, Shape inputShape, String path,
                           Activation following, RandomGenerator trainingRandom, MatOps ops) implements BuildContext {

        @Override
        public int inputSize() {
            return inputShape.size();
        }

        @Override
        public Parallelism parallelism() {
            return LAYER_LOOPS;
        }

        @Override
        public Activation activation(PluginRef ref) {
            return registry.create(PluginKind.ACTIVATION, ref, path + ".activation");
        }

        @Override
        public Initializer initializer(PluginRef refOrNull) {
            PluginRef ref = refOrNull != null ? refOrNull
                    : PluginRef.of(following != null ? following.defaultInitializer() : "xavier_uniform");
            return registry.create(PluginKind.INITIALIZER, ref, path + ".initializer");
        }
    }
}
