package org.nnj.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;
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
import org.nnj.api.spi.ParamShape;
import org.nnj.api.spi.PluginKind;
import org.nnj.data.SplitMix;

/**
 * The contract every {@link Layer} must meet. A plugin's test extends it and supplies a configured instance:
 *
 * <pre>{@code
 * class ScaleTest extends LayerContract {
 *     protected Layer layer() { return configured(new Scale(), Map.of("factor", 2.0)); }
 * }
 * }</pre>
 *
 * For each input shape of {@link #inputShapes()} (by default flat vectors of {@link #inputWidths()}; a layer
 * that reads images overrides it, e.g. {@code Shape.image(2, 5, 7)}) it builds the runtime as the core would
 * (float64 and float32), with parameters and buffers bound to fresh arrays and set to random values, and checks:
 * <ul>
 *   <li>the runtime's widths agree with {@code outputShape}; parameter shapes are positive;
 *   <li>{@code backward} against float64 central differences of {@code L = sum(G * forward(X))} for a random
 *       upstream gradient G, with respect to every input and every parameter, in inference mode and in
 *       training mode (the training random stream is reset before every forward pass so masks repeat); a
 *       mismatch is re-checked with smaller steps before it is reported ({@link #gradientStep()});
 *   <li>{@code backward} overwrites every element of the gradient views and of {@code gradInput} and adds
 *       nothing to what they held (the core does not zero them between batches), accepts a null
 *       {@code gradInput} and leaves its other arguments unchanged;
 *   <li>batch rows equal rows computed one at a time (within float64 rounding), float32 agrees with float64;
 *   <li>no hidden state: the same input twice gives the same output, an inference pass writes none of the
 *       runtime's fields, and several threads running inference at once, each with its own {@link LayerState},
 *       agree with a single thread;
 *   <li>and everything {@link PluginContract} checks: name, parameters, configuration round trip, discovery.
 * </ul>
 * Activations, initializers and other plugins the layer names are resolved from the class path, as in a real
 * network ({@link ClassPathPlugins}); the matrix products run on {@link #ops()}.
 */
@API(status = API.Status.STABLE)
public abstract class LayerContract extends PluginContract<Layer> {
    private static final int ROWS = 5;
    private static final long TRAINING_SEED = 77;

    /** A configured instance of the layer under test (a layer with required parameters must be configured). */
    protected abstract Layer layer();

    @Override
    protected final Layer plugin() {
        return layer();
    }

    @Override
    protected final PluginKind<Layer> kind() {
        return PluginKind.LAYER;
    }

    /** The input widths to build the layer for, as flat vectors (unless {@link #inputShapes()} is overridden). */
    protected int[] inputWidths() {
        return new int[] {3, 8};
    }

    /**
     * The input shapes to build the layer for: by default flat vectors of each of {@link #inputWidths()}. A layer
     * that reads channels x height x width returns image shapes, with odd sizes.
     */
    protected Shape[] inputShapes() {
        int[] w = inputWidths();
        Shape[] out = new Shape[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = Shape.flat(w[i]);
        }
        return out;
    }

    /** Relative and absolute tolerance of the gradient check. */
    protected GradientCheck.Tolerance tolerance() {
        return GradientCheck.Tolerance.DEFAULT;
    }

    /**
     * The first step of the gradient check's central differences ({@link GradientCheck#DEFAULT_STEP} unless a
     * test sets it); a mismatch is re-checked with steps 10, 100 and 1000 times smaller before it is reported (see
     * {@link GradientCheck}). Set a smaller one for a layer whose output bends on a scale smaller than 0.1.
     */
    protected double gradientStep() {
        return GradientCheck.DEFAULT_STEP;
    }

    /** Whether backward in training mode is checked too (it is, unless the layer has no training mode). */
    protected boolean checkTrainingMode() {
        return true;
    }

    /**
     * Sets the buffers of a freshly built runtime (after its {@code initialize}) to values the checks should run
     * with; by default they keep their initial values. A layer whose inference reads its buffers (batch norm's
     * running statistics) overrides this with random valid values, so that inference is checked away from the
     * initial ones.
     */
    protected void fillBuffers(List<ParamShape> shapes, List<Mat> buffers, Random random) {
    }

    /** A built runtime with its own parameter arrays and training random stream. */
    protected static final class Built {
        public final LayerRuntime runtime;
        public final List<Mat> params = new ArrayList<>();
        public final List<Mat> grads = new ArrayList<>();
        public final List<Mat> buffers = new ArrayList<>();
        final SplitMix random;

        Built(LayerRuntime runtime, SplitMix random) {
            this.runtime = runtime;
            this.random = random;
        }

        void resetRandom() {
            random.setState(TRAINING_SEED);
        }
    }

    /**
     * The matrix kernels the layer is built with: {@link ReferenceMatOps} by default, so that a layer's contract
     * holds apart from any backend; a backend's own tests override it to run a layer on their kernels.
     */
    protected MatOps ops() {
        return ReferenceMatOps.INSTANCE;
    }

    /** Builds {@code layer} for {@code width} inputs with random parameters drawn from {@code seed}. */
    protected final Built build(Layer layer, int width, Precision precision, long seed) {
        return build(layer, Shape.flat(width), precision, seed);
    }

    /**
     * Builds {@code layer} for inputs of {@code shape} with random parameters drawn from {@code seed}; buffers
     * keep the values the layer's {@code initialize} gives them.
     */
    protected final Built build(Layer layer, Shape shape, Precision precision, long seed) {
        SplitMix trainingRandom = new SplitMix(TRAINING_SEED);
        int width = shape.size();
        BuildContext ctx = new BuildContext() {
            @Override
            public int inputSize() {
                return width;
            }

            @Override
            public Shape inputShape() {
                return shape;
            }

            @Override
            public Precision precision() {
                return precision;
            }

            @Override
            public MatOps ops() {
                return LayerContract.this.ops();
            }

            @Override
            public Activation activation(PluginRef ref) {
                return ClassPathPlugins.create(PluginKind.ACTIVATION, ref, "layers[0].activation");
            }

            @Override
            public Initializer initializer(PluginRef refOrNull) {
                return ClassPathPlugins.create(PluginKind.INITIALIZER,
                        refOrNull != null ? refOrNull : PluginRef.of("xavier_uniform"), "layers[0].initializer");
            }

            @Override
            public RandomGenerator trainingRandom() {
                return trainingRandom;
            }

            @Override
            public String path() {
                return "layers[0]";
            }
        };
        Built b = new Built(layer.build(ctx), trainingRandom);
        for (ParamShape s : b.runtime.parameters()) {
            b.params.add(Mat.zeros(precision, s.rows(), s.cols()));
            b.grads.add(Mat.zeros(precision, s.rows(), s.cols()));
        }
        b.runtime.bind(b.params, b.grads);
        for (ParamShape s : b.runtime.buffers()) {
            b.buffers.add(Mat.zeros(precision, s.rows(), s.cols()));
        }
        if (!b.buffers.isEmpty()) {
            b.runtime.bindBuffers(b.buffers);
        }
        b.runtime.initialize(new SplitMix(seed));
        Random r = new Random(seed);
        for (Mat p : b.params) {
            for (int i = 0; i < p.size(); i++) {
                p.setFlat(i, r.nextGaussian() * 0.5);
            }
        }
        fillBuffers(b.runtime.buffers(), b.buffers, r);
        return b;
    }

    private Mat forward(Built b, Mat x, boolean training) {
        Mat out = Mat.zeros(x.precision(), x.rows(), b.runtime.outputSize());
        if (training) {
            b.resetRandom();
        }
        b.runtime.forward(x, out, b.runtime.newState(x.rows()), training);
        return out;
    }

    private static Mat randomMat(Random r, Precision p, int rows, int cols) {
        return Mats.of(p, Mats.gaussian(r, rows, cols, 1.0));
    }

    @Test
    public void widthsAgreeWithOutputSize() {
        Layer layer = layer();
        ContractFailures f = new ContractFailures(describe(layer));
        for (Shape shape : inputShapes()) {
            Built b = build(layer, shape, Precision.FLOAT64, 1);
            Shape out = layer.outputShape(shape);
            if (b.runtime.inputSize() != shape.size() || b.runtime.outputSize() != out.size()) {
                f.add("for input " + shape + " outputShape() says " + out + " (" + out.size()
                        + " values) but the runtime is " + b.runtime.inputSize() + " -> " + b.runtime.outputSize());
            }
        }
        f.assertNone("widths");
    }

    @Test
    public void backwardMatchesCentralDifferences() {
        for (Layer layer : instances()) {
            ContractFailures f = new ContractFailures(describe(layer));
            for (Shape shape : inputShapes()) {
                for (boolean training : checkTrainingMode() ? new boolean[] {false, true} : new boolean[] {false}) {
                    checkGradients(layer, shape, training, f);
                }
            }
            f.assertNone("gradient check");
        }
    }

    private void checkGradients(Layer layer, Shape shape, boolean training, ContractFailures f) {
        int width = shape.size();
        Built b = build(layer, shape, Precision.FLOAT64, 11);
        Random r = random("gradient" + width);
        Mat x = randomMat(r, Precision.FLOAT64, ROWS, width);
        Mat g = randomMat(r, Precision.FLOAT64, ROWS, b.runtime.outputSize());
        Mat out = forward(b, x, training);
        LayerState state = b.runtime.newState(ROWS);
        if (training) {
            b.resetRandom();
        }
        b.runtime.forward(x, out, state, training);
        Mat gradX = Mat.zeros(Precision.FLOAT64, ROWS, width);
        b.runtime.backward(x, out, g, gradX, state);
        String mode = training ? "training" : "inference";
        for (int i = 0; i < x.size(); i++) {
            int at = i;
            GradientCheck.Comparison c = GradientCheck.compareDerivative(v -> {
                double old = x.getFlat(at);
                x.setFlat(at, v);
                double l = dot(g, forward(b, x, training));
                x.setFlat(at, old);
                return l;
            }, x.getFlat(i), gradientStep(), gradX.getFlat(i), tolerance());
            if (!c.agrees()) {
                f.add(mode + ", " + width + " inputs: dL/dinput[" + i / width + "][" + i % width + "] " + c.mismatch());
            }
        }
        List<ParamShape> shapes = b.runtime.parameters();
        for (int t = 0; t < shapes.size(); t++) {
            Mat p = b.params.get(t);
            Mat grad = Mats.copy(b.grads.get(t));
            for (int i = 0; i < p.size(); i++) {
                int at = i;
                GradientCheck.Comparison c = GradientCheck.compareDerivative(v -> {
                    double old = p.getFlat(at);
                    p.setFlat(at, v);
                    double l = dot(g, forward(b, x, training));
                    p.setFlat(at, old);
                    return l;
                }, p.getFlat(i), gradientStep(), grad.getFlat(i), tolerance());
                if (!c.agrees()) {
                    f.add(mode + ", " + width + " inputs: dL/d" + shapes.get(t).name() + "[" + i / p.cols() + "]["
                            + i % p.cols() + "] " + c.mismatch());
                }
            }
        }
    }

    /**
     * {@code backward} overwrites every element of the gradient views and of {@code gradInput}, as
     * {@link LayerRuntime#backward} requires: the core does not zero them between batches, so a layer that adds
     * to them ({@code +=}) would train on the sum of every gradient so far. A second forward and backward of the
     * same batch, into views that still hold the first results, must give the same bits; a backward into views
     * filled with NaN must leave none; and a backward with {@code gradInput} null (the first layer of a network)
     * must give the same parameter gradients. It leaves {@code input}, {@code output} and {@code gradOutput}
     * unchanged. In both precisions and both modes.
     */
    @Test
    public void backwardOverwritesTheGradientViews() {
        for (Layer layer : instances()) {
            ContractFailures f = new ContractFailures(describe(layer));
            for (Shape shape : inputShapes()) {
                for (Precision precision : Precision.values()) {
                    for (boolean training : checkTrainingMode() ? new boolean[] {false, true} : new boolean[] {false}) {
                        checkOverwrites(layer, shape, precision, training, f);
                    }
                }
            }
            f.assertNone("backward overwrites its gradients");
        }
    }

    private void checkOverwrites(Layer layer, Shape shape, Precision precision, boolean training,
                                 ContractFailures f) {
        int width = shape.size();
        Built b = build(layer, shape, precision, 13);
        Random r = random("overwrite" + width);
        Mat x = randomMat(r, precision, ROWS, width);
        Mat g = randomMat(r, precision, ROWS, b.runtime.outputSize());
        Mat out = Mat.zeros(precision, ROWS, b.runtime.outputSize());
        Mat gradX = Mat.zeros(precision, ROWS, width);
        LayerState state = b.runtime.newState(ROWS);
        String mode = precision.id() + ", " + (training ? "training" : "inference") + ", " + width + " inputs: ";
        List<ParamShape> shapes = b.runtime.parameters();
        // 1: from zeroed views, as the gradient check sees it; the arguments are left alone.
        Mat x0 = Mats.copy(x);
        Mat g0 = Mats.copy(g);
        if (training) {
            b.resetRandom();
        }
        b.runtime.forward(x, out, state, training);
        Mat out0 = Mats.copy(out);
        b.runtime.backward(x, out, g, gradX, state);
        reportChanged(f, mode, "input", x0, x);
        reportChanged(f, mode, "output", out0, out);
        reportChanged(f, mode, "gradOutput", g0, g);
        List<Mat> first = new ArrayList<>();
        for (Mat grad : b.grads) {
            first.add(Mats.copy(grad));
        }
        Mat firstX = Mats.copy(gradX);
        // 2: the same batch again, into views that still hold the first results (as in training).
        forwardAndBackward(b, x, out, g, gradX, state, training);
        for (int t = 0; t < shapes.size(); t++) {
            reportRepeat(f, mode, "d" + shapes.get(t).name(), first.get(t), b.grads.get(t));
        }
        reportRepeat(f, mode, "dinput", firstX, gradX);
        // 3: into views filled with NaN: every element must be written.
        for (Mat grad : b.grads) {
            grad.fill(Double.NaN);
        }
        gradX.fill(Double.NaN);
        forwardAndBackward(b, x, out, g, gradX, state, training);
        for (int t = 0; t < shapes.size(); t++) {
            reportNaN(f, mode, "d" + shapes.get(t).name(), b.grads.get(t));
        }
        reportNaN(f, mode, "dinput", gradX);
        // 4: without gradInput, as for the first layer of a network.
        for (Mat grad : b.grads) {
            grad.fill(Double.NaN);
        }
        try {
            forwardAndBackward(b, x, out, g, null, state, training);
            for (int t = 0; t < shapes.size(); t++) {
                int i = Mats.firstDifference(first.get(t).toDoubleArray(), b.grads.get(t).toDoubleArray());
                if (i >= 0) {
                    f.add(mode + "with gradInput null (the first layer of a network) dL/d" + shapes.get(t).name()
                            + " element " + i + " is " + b.grads.get(t).getFlat(i) + ", with a gradInput "
                            + first.get(t).getFlat(i));
                }
            }
        } catch (RuntimeException e) {
            f.add(mode + "backward with gradInput null (the first layer of a network) threw " + e);
        }
    }

    private void forwardAndBackward(Built b, Mat x, Mat out, Mat g, Mat gradX, LayerState state, boolean training) {
        if (training) {
            b.resetRandom();
        }
        b.runtime.forward(x, out, state, training);
        b.runtime.backward(x, out, g, gradX, state);
    }

    private static void reportNaN(ContractFailures f, String mode, String what, Mat m) {
        for (int i = 0; i < m.size(); i++) {
            if (Double.isNaN(m.getFlat(i))) {
                f.add(mode + "backward left NaN in dL/" + what + "[" + i / m.cols() + "][" + i % m.cols()
                        + "], where the view held NaN before the call: backward must write every element of it (the "
                        + "core does not zero the views; a backward that adds to them, or skips elements, keeps "
                        + "what was there)");
                return;
            }
        }
    }

    private static void reportChanged(ContractFailures f, String mode, String what, Mat before, Mat after) {
        int i = Mats.firstDifference(before.toDoubleArray(), after.toDoubleArray());
        if (i >= 0) {
            f.add(mode + "backward changed its argument " + what + ": element " + i + " was " + before.getFlat(i)
                    + " and is " + after.getFlat(i) + " (input, output and gradOutput are read-only)");
        }
    }

    private static void reportRepeat(ContractFailures f, String mode, String what, Mat first, Mat second) {
        int i = Mats.firstDifference(first.toDoubleArray(), second.toDoubleArray());
        if (i >= 0) {
            double a = first.getFlat(i);
            double b = second.getFlat(i);
            f.add(mode + "a second forward and backward of the same batch gave dL/" + what + "[" + i / first.cols()
                    + "][" + i % first.cols() + "] = " + b + " where the first gave " + a
                    + (b == 2 * a ? " (twice as much)" : "") + ": backward adds to the gradient views instead of "
                    + "overwriting them (or depends on what they held); the core does not zero them between batches");
        }
    }

    private static double dot(Mat a, Mat b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.getFlat(i) * b.getFlat(i);
        }
        return s;
    }

    @Test
    public void batchEqualsPerSampleAndFloat32AgreesWithFloat64() {
        for (Layer layer : instances()) {
            ContractFailures f = new ContractFailures(describe(layer));
            for (Shape shape : inputShapes()) {
                int width = shape.size();
                Built b64 = build(layer, shape, Precision.FLOAT64, 5);
                Built b32 = build(layer, shape, Precision.FLOAT32, 5);
                for (int t = 0; t < b64.params.size(); t++) {
                    b64.params.get(t).copyFrom(b32.params.get(t));
                }
                for (int t = 0; t < b64.buffers.size(); t++) {
                    b64.buffers.get(t).copyFrom(b32.buffers.get(t));
                }
                Mat x = randomMat(random("batch" + width), Precision.FLOAT64, ROWS, width);
                Mat whole = forward(b64, x, false);
                for (int r = 0; r < ROWS; r++) {
                    Mat one = forward(b64, x.rows(r, 1), false);
                    for (int c = 0; c < one.cols(); c++) {
                        double a = whole.get(r, c);
                        double e = one.get(0, c);
                        if (Math.abs(a - e) > 1e-12 * Math.max(1, Math.abs(e))) {
                            f.add(width + " inputs: row " + r + " column " + c + " is " + a + " in the batch but " + e
                                    + " alone");
                        }
                    }
                }
                Mat x32 = Mat.zeros(Precision.FLOAT32, ROWS, width);
                x32.copyFrom(x);
                Mat out32 = forward(b32, x32, false);
                Mat ref = forward(b64, x, false);
                for (int i = 0; i < out32.size(); i++) {
                    double e = ref.getFlat(i);
                    if (Math.abs(out32.getFlat(i) - e) > 1e-4 * Math.max(1, Math.abs(e))) {
                        f.add(width + " inputs: float32 output " + i + " is " + out32.getFlat(i) + ", float64 gives " + e);
                    }
                }
            }
            f.assertNone("batch and precision agreement");
        }
    }

    @Test
    public void inferenceIsRepeatableAndThreadSafe() throws Exception {
        Layer layer = layer();
        ContractFailures f = new ContractFailures(describe(layer));
        Shape shape = inputShapes()[inputShapes().length - 1];
        int width = shape.size();
        Built b = build(layer, shape, Precision.FLOAT64, 9);
        Mat x = randomMat(random("threads"), Precision.FLOAT64, ROWS, width);
        Mat first = forward(b, x, false);
        if (!first.equals(forward(b, x, false))) {
            f.add("the same input gave different outputs on a second inference pass");
        }
        for (String w : stateWrittenBy(b.runtime, () -> forward(b, x, false))) {
            f.add("an inference pass wrote to the runtime: " + w + "; per-batch scratch belongs in the LayerState "
                    + "(threads share one runtime, each with its own state)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Mat>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    Mat last = null;
                    for (int k = 0; k < 200; k++) {
                        last = forward(b, x, false);
                    }
                    return last;
                }));
            }
            for (Future<Mat> r : results) {
                if (!first.equals(r.get())) {
                    f.add("inference from several threads at once gave a different output than one thread");
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        f.assertNone("repeatable, thread-safe inference");
    }

    @Override
    protected void assertSameBehaviour(Layer expected, Layer actual, ContractFailures failures) {
        for (Shape shape : inputShapes()) {
            int width = shape.size();
            if (!expected.outputShape(shape).equals(actual.outputShape(shape))) {
                failures.add("for input " + shape + " the output shapes differ: " + expected.outputShape(shape)
                        + " vs " + actual.outputShape(shape));
                continue;
            }
            Mat x = randomMat(random("same" + width), Precision.FLOAT64, ROWS, width);
            if (!forward(build(expected, shape, Precision.FLOAT64, 3), x, false)
                    .equals(forward(build(actual, shape, Precision.FLOAT64, 3), x, false))) {
                failures.add("for input " + shape + " the outputs differ");
            }
        }
    }
}
