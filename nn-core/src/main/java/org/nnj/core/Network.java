package org.nnj.core;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.NamedTensor;
import org.nnj.api.PluginException;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.api.ShapeException;
import org.nnj.api.Shapes;
import org.nnj.api.spi.Loss;
import org.nnj.api.spi.Parallelism;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.data.BatchIterator;
import org.nnj.data.SplitMix;

/**
 * A compiled network ({@link NetworkCompiler} builds it from a {@link NetworkSpec}): the stages that compute it,
 * and all its parameters in one flat array ({@link #parameters()}), of which every layer holds views. It runs
 * inference, and the forward and backward passes of training ({@link Trainer} drives them). Layers compute on whole mini-batches; no
 * object exists per neuron or per connection.
 *
 * <p>Thread safety: {@link #predict}, {@link #predictClasses} and {@link #evaluate} may be called from any
 * number of threads at once (each thread uses its own buffers), as long as no thread trains or changes the
 * parameters meanwhile. Training ({@link Trainer}) is single-threaded per network.
 */
@API(status = API.Status.STABLE)
public final class Network {
    /** The most rows of one inference pass. */
    private static final int MAX_EVAL_CHUNK = 1024;
    /** The most values an inference pass holds in its step outputs (16M: 64 MB in float32). */
    private static final long EVAL_VALUES = 1L << 24;
    /** The most parameters one network holds: its flat parameter array is one Java array. */
    public static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;

    private final NetworkSpec spec;
    private final PluginRegistry registry;
    private final Loss loss;
    private final List<Stage> stages;
    private final Mat params;
    private final Mat grads;
    private final List<NamedTensor> namedParams;
    private final List<NamedTensor> namedGrads;
    private final Mat buffers;
    private final List<NamedTensor> namedBuffers;
    private final List<NamedTensor> namedState;
    private final SplitMix[] trainingRandoms;
    /** {@code SplitMix.derive(seed, 3, i)} per layer: the part of each step's reseed that does not change. */
    private final long[] trainingSeeds;
    private final List<Penalty> penalties;
    private final ThreadLocal<Pass> inference = new ThreadLocal<>();

    /** A parameter tensor with L1/L2 coefficients, as its layer declared. */
    record Penalty(Mat param, Mat grad, double l1, double l2) {
    }

    Network(NetworkSpec spec, PluginRegistry registry, Loss loss, List<Stage> stages, Mat params, Mat grads,
                    List<NamedTensor> namedParams, List<NamedTensor> namedGrads, Mat buffers,
                    List<NamedTensor> namedBuffers, SplitMix[] trainingRandoms, List<Penalty> penalties) {
        this.spec = spec;
        this.registry = registry;
        this.loss = loss;
        this.stages = Collections.unmodifiableList(stages);
        this.params = params;
        this.grads = grads;
        this.namedParams = Collections.unmodifiableList(namedParams);
        this.namedGrads = Collections.unmodifiableList(namedGrads);
        this.buffers = buffers;
        this.namedBuffers = List.copyOf(namedBuffers);
        List<NamedTensor> all = new java.util.ArrayList<>(namedParams);
        all.addAll(namedBuffers);
        this.namedState = List.copyOf(all);
        this.trainingRandoms = trainingRandoms;
        this.trainingSeeds = new long[trainingRandoms.length];
        for (int i = 0; i < trainingSeeds.length; i++) {
            trainingSeeds[i] = SplitMix.derive(spec.seed(), 3, i);
        }
        if (trainingSeeds.length > 0 && stepSeed(trainingSeeds[0], 12_345) != SplitMix.derive(spec.seed(), 3, 0, 12_345)) {
            throw new IllegalStateException("Network.stepSeed no longer matches SplitMix.derive");
        }
        this.penalties = List.copyOf(penalties);
        long perRow = 0;
        for (Stage s : this.stages) {
            perRow += s.runtime().outputSize();
        }
        this.evalChunk = (int) Math.max(1, Math.min(MAX_EVAL_CHUNK, EVAL_VALUES / Math.max(1, perRow)));
    }

    /**
     * Rows per inference pass: 1024, or fewer when a row's outputs through the network are large (an image
     * network's feature maps), so that inference buffers stay near 64 MB in float32.
     */
    private final int evalChunk;

    /**
     * A tensor a network built from a spec will have: its name ({@code layers.0.weight}), shape, and whether it
     * is a buffer (non-trainable state) rather than a parameter.
     */
    public record PlannedTensor(String name, int rows, int cols, boolean buffer) {
        public long size() {
            return (long) rows * cols;
        }
    }

    /**
     * The tensors of the network {@code spec} describes, in the order of {@link #namedState()} (parameters, then
     * buffers),
     * without allocating them: every plugin is resolved and every layer's runtime built (runtimes hold no
     * parameter storage until bound), widths, totals and memory are checked. A model file's tensors can be checked
     * against this before anything of the file's size is allocated.
     *
     * @throws ConfigException as {@link #build} does
     */
    public static List<PlannedTensor> plan(NetworkSpec spec, PluginRegistry registry) {
        return NetworkCompiler.plan(spec, registry);
    }

    /**
     * Builds the network {@code spec} describes from the installed plugins, with weights initialized from the
     * spec's seed (the same seed gives bit-identical weights).
     *
     * @throws ConfigException naming the spec path of an unknown plugin, a bad parameter or impossible sizes
     */
    public static Network build(NetworkSpec spec, PluginRegistry registry) {
        return NetworkCompiler.compile(spec, registry, null);
    }

    /**
     * {@link #build(NetworkSpec, PluginRegistry)} with the matrix products on {@code backend}, a
     * {@link PluginKind#BACKEND} plugin by name and parameters ({@code null}: the framework's own kernels, the
     * {@code cpu} backend). The backend is not part of the network: the same spec and seed give the same
     * initial weights on every backend.
     *
     * @throws ConfigException  as {@link #build(NetworkSpec, PluginRegistry)} does, and for an unknown backend
     *                          name or bad backend parameters (at path {@code backend})
     * @throws PluginException  when the backend cannot run on this machine (its message says why)
     */
    public static Network build(NetworkSpec spec, PluginRegistry registry, PluginRef backend) {
        return NetworkCompiler.compile(spec, registry, backend);
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** The plugins this network was compiled from (training resolves its optimizer and schedule here too). */
    public PluginRegistry registry() {
        return registry;
    }

    /** The declared L1/L2 penalties, for the {@link GradientPipeline}. */
    List<Penalty> penalties() {
        return penalties;
    }

    public Loss loss() {
        return loss;
    }

    public Precision precision() {
        return spec.precision();
    }

    public int inputSize() {
        return spec.inputSize();
    }

    public int outputSize() {
        return stages.get(stages.size() - 1).runtime().outputSize();
    }

    /** The compiled stages, in forward order. */
    public List<Stage> stages() {
        return stages;
    }

    /** All parameters as one live 1 x {@link #parameterCount()} vector (layer views share it). */
    public Mat parameters() {
        return params;
    }

    /** The gradients of the last backward pass, laid out like {@link #parameters()}. */
    public Mat gradients() {
        return grads;
    }

    public int parameterCount() {
        return params.cols();
    }

    /** Live views of each parameter tensor, named {@code layers.<i>.<name>} (e.g. {@code layers.0.weight}). */
    public List<NamedTensor> namedParameters() {
        return namedParams;
    }

    /**
     * The layers' non-trainable state (buffers, such as batch normalization's running statistics; see
     * {@link org.nnj.api.spi.LayerRuntime#buffers()}) as one live 1 x n vector; 1 x 0 when no layer has any.
     */
    public Mat buffers() {
        return buffers;
    }

    /** Live views of each buffer, named like parameters ({@code layers.1.running_mean}). */
    public List<NamedTensor> namedBuffers() {
        return namedBuffers;
    }

    /**
     * Everything a saved model holds: {@link #namedParameters()} then {@link #namedBuffers()}, the order of
     * {@link #plan}.
     */
    public List<NamedTensor> namedState() {
        return namedState;
    }

    /** The shape of one input sample ({@link NetworkSpec#inputShape()}). */
    public org.nnj.api.Shape inputShape() {
        return spec.inputShape();
    }

    /** The shape of one output sample. */
    public org.nnj.api.Shape outputShape() {
        return stages.get(stages.size() - 1).outputShape();
    }

    /** Live views of each gradient tensor, named like {@link #namedParameters()}. */
    public List<NamedTensor> namedGradients() {
        return namedGrads;
    }

    // ---------------------------------------------------------------- inference

    /**
     * The network's output for each row of {@code x} (any precision; converted if it differs).
     *
     * @throws ShapeException if {@code x} does not have {@link #inputSize()} columns
     */
    public Mat predict(Mat x) {
        Mat in = checkInput("predict", x);
        Mat out = Mat.zeros(precision(), x.rows(), outputSize());
        for (int r = 0; r < x.rows(); r += evalChunk) {
            int n = Math.min(evalChunk, x.rows() - r);
            Pass ws = inferenceWorkspace(n);
            forward(ws, in.rows(r, n), false);
            out.rows(r, n).copyFrom(ws.output());
        }
        return out;
    }

    /**
     * Writes the network's output for each row of {@code x} into {@code out} ({@code x.rows()} x
     * {@link #outputSize()}, the network's precision). With {@code x} in the network's precision, steady-state
     * calls allocate nothing (the per-thread buffers exist once per row count): the fast path for serving one
     * sample at a time.
     *
     * @throws ShapeException if {@code x} or {@code out} has the wrong shape
     */
    public void predictInto(Mat x, Mat out) {
        Mat in = checkInput("predictInto", x);
        if (out.rows() != x.rows() || out.cols() != outputSize() || out.precision() != precision()) {
            throw new ShapeException("predictInto: expected an output of " + x.rows() + " x " + outputSize() + " "
                    + precision().id() + " (one row per input row), got " + Shapes.describe(out) + " "
                    + out.precision().id());
        }
        if (x.rows() <= evalChunk) {
            Pass ws = inferenceWorkspace(x.rows());
            forward(ws, in, false);
            out.copyFrom(ws.output());
            return;
        }
        for (int r = 0; r < x.rows(); r += evalChunk) {
            int n = Math.min(evalChunk, x.rows() - r);
            Pass ws = inferenceWorkspace(n);
            forward(ws, in.rows(r, n), false);
            out.rows(r, n).copyFrom(ws.output());
        }
    }

    /** The output for one sample. */
    public double[] predict(double... x) {
        if (x.length != inputSize()) {
            throw new ShapeException("predict: expected " + inputSize() + " input values (the network's input size), got "
                    + x.length);
        }
        Pass ws = inferenceWorkspace(1);
        Mat in = Mat.zeros(precision(), 1, x.length);
        for (int i = 0; i < x.length; i++) {
            in.setFlat(i, x[i]);
        }
        forward(ws, in, false);
        return ws.output().toDoubleArray();
    }

    /** The predicted class of each row: argmax of the outputs, or output >= 0.5 for a single output. */
    public int[] predictClasses(Mat x) {
        Mat out = predict(x);
        int[] classes = new int[out.rows()];
        for (int r = 0; r < out.rows(); r++) {
            classes[r] = Metrics.predictedClass(out, r);
        }
        return classes;
    }

    /** Loss, and the metrics that apply to the targets, over all rows of {@code x}. */
    public Evaluation evaluate(Mat x, Mat y) {
        Mat in = checkInput("evaluate", x);
        checkTarget("evaluate", x, y);
        Mat yy = y.precision() == precision() ? y : convert(y);
        Metrics metrics = new Metrics(outputSize());
        for (int r = 0; r < x.rows(); r += evalChunk) {
            int n = Math.min(evalChunk, x.rows() - r);
            Pass ws = inferenceWorkspace(n);
            forward(ws, in.rows(r, n), false);
            metrics.add(ws.output(), yy.rows(r, n), loss.loss(ws.output(), yy.rows(r, n)));
        }
        return metrics.result();
    }

    /**
     * Like {@link #evaluate}, over the given rows of {@code x} and {@code y} (already in this network's precision),
     * gathered chunk by chunk in their order, not copied whole.
     */
    Evaluation evaluateRows(Mat x, Mat y, int[] rows) {
        Metrics metrics = new Metrics(outputSize());
        BatchIterator chunks = new BatchIterator(x, y, rows, Math.min(evalChunk, rows.length), false, 0, false,
                Parallelism.SERIAL);
        chunks.startEpoch(0);
        while (chunks.next()) {
            Pass ws = inferenceWorkspace(chunks.size());
            forward(ws, chunks.features(), false);
            metrics.add(ws.output(), chunks.targets(), loss.loss(ws.output(), chunks.targets()));
        }
        return metrics.result();
    }

    private Pass inferenceWorkspace(int rows) {
        Pass ws = inference.get();
        if (ws == null || ws.rows != rows) {
            ws = new Pass(this, rows, false);
            inference.set(ws);
        }
        return ws;
    }

    Mat checkInput(String where, Mat x) {
        Objects.requireNonNull(x, "x");
        if (x.cols() != inputSize()) {
            throw new ShapeException(where + ": the network takes " + inputSize() + " input columns, got a "
                    + Shapes.describe(x) + " matrix");
        }
        return x.precision() == precision() ? x : convert(x);
    }

    void checkTarget(String where, Mat x, Mat y) {
        Objects.requireNonNull(y, "y");
        if (y.rows() != x.rows() || y.cols() != outputSize()) {
            throw new ShapeException(where + ": expected targets of " + x.rows() + " x " + outputSize()
                    + " (one row per input row, one column per network output), got " + Shapes.describe(y));
        }
    }

    Mat convert(Mat m) {
        Mat c = Mat.zeros(precision(), m.rows(), m.cols());
        c.copyFrom(m);
        return c;
    }

    // ---------------------------------------------------------------- training internals

    Pass newTrainingPass(int rows) {
        return new Pass(this, rows, true);
    }

    /** Runs every step forward; the input is referenced, not copied. */
    void forward(Pass ws, Mat input, boolean training) {
        ws.acts[0] = input;
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).runtime().forward(ws.acts[i], ws.acts[i + 1], ws.states[i], training);
        }
    }

    /**
     * Back-propagates the loss of the last forward pass against {@code target}: fills {@link #gradients()}.
     * When the loss has a fused gradient with respect to the last activation's input (softmax with
     * cross-entropy), the chain starts there.
     */
    void backward(Pass ws, Mat target) {
        int n = stages.size();
        int start = n - 1;
        Stage last = stages.get(n - 1);
        if (last.isActivation() && loss.gradientWrtPreActivation(last.activation(), ws.acts[n - 1], ws.acts[n],
                target, ws.grads[n - 1])) {
            start = n - 2;
            ws.fused = true;
        } else {
            loss.gradient(ws.acts[n], target, ws.grads[n]);
            ws.fused = false;
        }
        for (int i = start; i >= 0; i--) {
            stages.get(i).runtime().backward(ws.acts[i], ws.acts[i + 1], ws.grads[i + 1], i == 0 ? null : ws.grads[i],
                    ws.states[i]);
        }
    }

    /** Reseeds every layer's training random stream for optimizer step {@code step}, so runs resume exactly. */
    void reseedTrainingRandoms(long step) {
        for (int i = 0; i < trainingRandoms.length; i++) {
            trainingRandoms[i].setState(stepSeed(trainingSeeds[i], step));
        }
    }

    /**
     * {@code SplitMix.derive(seed, 3, i, step)} given {@code prefix = SplitMix.derive(seed, 3, i)} ({@code derive}
     * folds its labels in one at a time), without {@code derive}'s varargs array: the training loop allocates
     * nothing. The constructor checks that both agree.
     */
    private static long stepSeed(long prefix, long step) {
        long z = prefix + 0x9E3779B97F4A7C15L * (step + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
