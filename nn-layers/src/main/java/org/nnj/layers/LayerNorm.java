package org.nnj.layers;

import java.util.List;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.Shape;
import org.nnj.api.spi.BuildContext;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.LayerState;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.ParamShape;
import org.nnj.api.spi.Parallelism;
import java.util.Map;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;

/**
 * {@code layer_norm}: each sample normalized over all its values, {@code y = (x - mean) / sqrt(var + eps) *
 * weight + bias} with the sample's mean and biased variance (PyTorch's {@code layer_norm} with
 * {@code normalized_shape} the whole sample shape, e.g. {@code [C, H, W]}); the same in training and at
 * inference. {@code weight} (starts at 1) and {@code bias} (0) have one value per input value, shape
 * {@code 1 x size}, unless {@code elementwise_affine} is false.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class LayerNorm implements Layer, OnnxExportable {
    private static final List<Param> PARAMS = List.of(
            Param.real("eps", 1e-5, "added to the variance before the square root").greaterThan(0),
            Param.bool("elementwise_affine", true, "whether the layer has a trainable weight and bias per value"));
    private final Config config;

    public LayerNorm() {
        this(Config.resolve("", PARAMS, java.util.Map.of()));
    }

    private LayerNorm(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "layer_norm";
    }

    @Override
    public String description() {
        return "layer normalization of each sample over all its values";
    }

    @Override
    public List<Param> parameters() {
        return PARAMS;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public LayerNorm configure(Config c) {
        return new LayerNorm(c);
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public LayerRuntime build(BuildContext context) {
        return new Runtime(context.inputSize(), config.real("eps"), config.bool("elementwise_affine"),
                ImageKernels.of(context.precision()), context.parallelism(), context.precision());
    }


    /**
     * ONNX: the composition {@code d = x - ReduceMean(x)}, {@code y = d / Sqrt(ReduceMean(d * d) + eps)}, then
     * {@code y * weight + bias} (weights of the sample's shape), the means over every axis but N. ONNX's
     * {@code LayerNormalization} needs opset 17; the exporter writes opset 13, which more runtimes read.
     */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, Shape inputShape, Shape outputShape, List<Mat> params) {
        long[] axes = new long[inputShape.rank()];
        long[] dims = new long[inputShape.rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
            dims[i] = inputShape.dim(i);
        }
        Map<String, Object> reduce = Map.of("axes", axes, "keepdims", 1L);
        String d = graph.node("Sub", List.of(input, graph.node("ReduceMean", List.of(input), reduce)), Map.of());
        String var = graph.node("ReduceMean", List.of(graph.node("Mul", List.of(d, d), Map.of())), reduce);
        String std = graph.node("Sqrt", List.of(graph.node("Add", List.of(var,
                graph.constant("eps", new double[] {config.real("eps")})), Map.of())), Map.of());
        String y = graph.node("Div", List.of(d, std), Map.of());
        if (params.isEmpty()) {
            return y;
        }
        y = graph.node("Mul", List.of(y, graph.constant("weight", params.get(0), dims)), Map.of());
        return graph.node("Add", List.of(y, graph.constant("bias", params.get(1), dims)), Map.of());
    }

    private static final class Runtime implements LayerRuntime {
        private final int width;
        private final double eps;
        private final boolean affine;
        private final ImageKernels kernels;
        private final Parallelism parallelism;
        private final org.nnj.api.Precision precision;
        private Mat weight;
        private Mat bias;
        private Mat weightGrad;
        private Mat biasGrad;

        Runtime(int width, double eps, boolean affine, ImageKernels kernels, Parallelism parallelism,
                org.nnj.api.Precision precision) {
            this.width = width;
            this.eps = eps;
            this.affine = affine;
            this.kernels = kernels;
            this.parallelism = parallelism;
            this.precision = precision;
        }

        @Override
        public int inputSize() {
            return width;
        }

        @Override
        public int outputSize() {
            return width;
        }

        @Override
        public List<ParamShape> parameters() {
            return affine ? List.of(new ParamShape("weight", 1, width), new ParamShape("bias", 1, width)) : List.of();
        }

        @Override
        public void bind(List<Mat> params, List<Mat> grads) {
            if (affine) {
                weight = params.get(0);
                bias = params.get(1);
                weightGrad = grads.get(0);
                biasGrad = grads.get(1);
            }
        }

        @Override
        public void initialize(RandomGenerator random) {
            if (affine) {
                weight.fill(1);
                bias.fill(0);
            }
        }

        final class State implements LayerState {
            final Mat xhat;
            final double[] invStd;
            Mat in;
            Mat g;
            Mat out;
            final Parallelism.Range forward = (from, to) -> kernels.layerNorm(in, weight, bias, eps, from, to,
                    this.xhat(), this.invStd(), out);
            final Parallelism.Range backward = (from, to) -> kernels.layerNormBackward(g, this.xhat(), this.invStd(),
                    weight, from, to, out);
            final Parallelism.Range params = (from, to) -> kernels.layerNormParamGrads(g, this.xhat(), from, to,
                    weightGrad, biasGrad);

            State(int rows) {
                xhat = Mat.zeros(precision, rows, width);
                invStd = new double[rows];
            }

            Mat xhat() {
                return xhat;
            }

            double[] invStd() {
                return invStd;
            }
        }

        @Override
        public LayerState newState(int rows) {
            return new State(rows);
        }

        @Override
        public void forward(Mat input, Mat output, LayerState state, boolean training) {
            State st = (State) state;
            st.in = input;
            st.out = output;
            parallelism.forRanges(input.rows(), Math.max(1, (input.rows() + 7) / 8), st.forward);
            st.in = null;
            st.out = null;
        }

        @Override
        public void backward(Mat input, Mat output, Mat gradOutput, Mat gradInput, LayerState state) {
            State st = (State) state;
            st.g = gradOutput;
            if (affine) {
                parallelism.forRanges(width, Math.max(64, (width + 7) / 8), st.params);
            }
            if (gradInput != null) {
                st.out = gradInput;
                parallelism.forRanges(input.rows(), Math.max(1, (input.rows() + 7) / 8), st.backward);
            }
            st.g = null;
            st.out = null;
        }
    }
}
