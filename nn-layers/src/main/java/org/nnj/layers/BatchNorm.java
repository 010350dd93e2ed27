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
 * {@code batch_norm}: batch normalization per feature (after {@code dense}: PyTorch's BatchNorm1d) or per
 * channel (after {@code conv2d}: BatchNorm2d; an input of C x H x W has C channels, each normalized over the
 * batch and its H x W pixels). Defined as PyTorch's {@code torch.nn.functional.batch_norm}:
 * <ul>
 *   <li>training: {@code y = (x - mean) / sqrt(var + eps) * weight + bias} with the mean and the biased variance
 *       of the batch; then the running statistics move towards the batch's:
 *       {@code running_mean = (1 - momentum) * running_mean + momentum * mean} and
 *       {@code running_var = (1 - momentum) * running_var + momentum * var * M / (M - 1)}, the unbiased variance
 *       of the M values of the channel (a batch of one value per channel leaves them unchanged: PyTorch refuses
 *       such a batch);</li>
 *   <li>inference: the same with {@code running_mean} and {@code running_var}, never the batch's statistics.</li>
 * </ul>
 * {@code weight} (starts at 1) and {@code bias} (0) are trainable unless {@code affine} is false;
 * {@code running_mean} (0) and {@code running_var} (1) are buffers: saved in model files and checkpoints, never
 * trained. Shapes {@code 1 x C} for all four (PyTorch's are {@code (C,)}).
 */
@API(status = API.Status.EXPERIMENTAL)
public final class BatchNorm implements Layer, OnnxExportable {
    private static final List<Param> PARAMS = List.of(
            Param.real("momentum", 0.1, "weight of each batch in the running statistics (PyTorch's momentum)")
                    .atLeast(0).atMost(1),
            Param.real("eps", 1e-5, "added to the variance before the square root").greaterThan(0),
            Param.bool("affine", true, "whether the layer has a trainable weight and bias per channel"));
    private final Config config;

    public BatchNorm() {
        this(Config.resolve("", PARAMS, java.util.Map.of()));
    }

    private BatchNorm(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "batch_norm";
    }

    @Override
    public String description() {
        return "batch normalization per feature or channel, with running statistics for inference";
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
    public BatchNorm configure(Config c) {
        return new BatchNorm(c);
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public LayerRuntime build(BuildContext context) {
        Shape in = context.inputShape();
        int channels = in.isFlat() ? in.size() : in.dim(0);
        return new Runtime(in.size(), channels, in.size() / channels, config.real("momentum"), config.real("eps"),
                config.bool("affine"), ImageKernels.of(context.precision()), context.parallelism());
    }


    /**
     * ONNX: {@code BatchNormalization(x, scale, B, running_mean, running_var)} in its inference form (the running
     * statistics, never the batch's), {@code epsilon} as here; channels are dimension 1 of {@code [N, C, ...]}, the
     * features of a flat {@code [N, C]}. Without affine parameters, scale 1 and B 0.
     */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, Shape inputShape, Shape outputShape, List<Mat> params) {
        boolean affine = params.size() == 4;
        Mat mean = params.get(affine ? 2 : 0);
        Mat var = params.get(affine ? 3 : 1);
        int c = mean.size();
        String scale;
        String shift;
        if (affine) {
            scale = graph.constant("weight", params.get(0), c);
            shift = graph.constant("bias", params.get(1), c);
        } else {
            double[] ones = new double[c];
            java.util.Arrays.fill(ones, 1);
            scale = graph.constant("weight", ones, c);
            shift = graph.constant("bias", new double[c], c);
        }
        return graph.node("BatchNormalization", List.of(input, scale, shift, graph.constant("running_mean", mean, c),
                graph.constant("running_var", var, c)), Map.of("epsilon", config.real("eps")));
    }

    private static final class Runtime implements LayerRuntime {
        private final int width;
        private final int channels;
        private final int plane;
        private final double momentum;
        private final double eps;
        private final boolean affine;
        private final ImageKernels kernels;
        private final Parallelism parallelism;
        private Mat weight;
        private Mat bias;
        private Mat weightGrad;
        private Mat biasGrad;
        private Mat runningMean;
        private Mat runningVar;

        Runtime(int width, int channels, int plane, double momentum, double eps, boolean affine, ImageKernels kernels,
                Parallelism parallelism) {
            this.width = width;
            this.channels = channels;
            this.plane = plane;
            this.momentum = momentum;
            this.eps = eps;
            this.affine = affine;
            this.kernels = kernels;
            this.parallelism = parallelism;
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
            return affine ? List.of(new ParamShape("weight", 1, channels), new ParamShape("bias", 1, channels))
                    : List.of();
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
        public List<ParamShape> buffers() {
            return List.of(new ParamShape("running_mean", 1, channels), new ParamShape("running_var", 1, channels));
        }

        @Override
        public void bindBuffers(List<Mat> buffers) {
            runningMean = buffers.get(0);
            runningVar = buffers.get(1);
        }

        @Override
        public void initialize(RandomGenerator random) {
            if (affine) {
                weight.fill(1);
                bias.fill(0);
            }
            runningMean.fill(0);
            runningVar.fill(1);
        }

        final class State implements LayerState {
            final Mat xhat;
            final double[] mean = new double[channels];
            final double[] var = new double[channels];
            final double[] invStd = new double[channels];
            /** Whether the last forward pass normalized with the batch's statistics. */
            boolean batchStatistics;
            Mat in;
            Mat g;
            Mat out;
            final Parallelism.Range train = (from, to) -> kernels.batchNormTrain(in, plane, weight, bias, eps, from, to,
                    this.xhat(), mean, var, invStd, out);
            final Parallelism.Range eval = (from, to) -> kernels.batchNormEval(in, plane, mean, invStd, weight, bias,
                    from, to, out);
            final Parallelism.Range trainBack = (from, to) -> kernels.batchNormTrainBackward(g, this.xhat(), plane,
                    invStd, weight, from, to, weightGrad, biasGrad, out);
            final Parallelism.Range evalBack = (from, to) -> kernels.batchNormEvalBackward(g, in, plane, mean, invStd,
                    weight, from, to, weightGrad, biasGrad, out);

            State(int rows) {
                xhat = Mat.zeros(runningMean.precision(), rows, width);
            }

            Mat xhat() {
                return xhat;
            }
        }

        @Override
        public LayerState newState(int rows) {
            return new State(rows);
        }

        private void forChannels(Parallelism.Range body) {
            parallelism.forRanges(channels, Math.max(1, (channels + 7) / 8), body);
        }

        @Override
        public void forward(Mat input, Mat output, LayerState state, boolean training) {
            State st = (State) state;
            st.in = input;
            st.out = output;
            st.batchStatistics = training;
            if (training) {
                forChannels(st.train);
                double m = (double) input.rows() * plane;
                if (m > 1) {
                    for (int c = 0; c < channels; c++) {
                        runningMean.setFlat(c, (1 - momentum) * runningMean.getFlat(c) + momentum * st.mean[c]);
                        runningVar.setFlat(c, (1 - momentum) * runningVar.getFlat(c)
                                + momentum * st.var[c] * m / (m - 1));
                    }
                }
            } else {
                for (int c = 0; c < channels; c++) {
                    st.mean[c] = runningMean.getFlat(c);
                    st.invStd[c] = 1.0 / Math.sqrt(runningVar.getFlat(c) + eps);
                }
                forChannels(st.eval);
            }
            st.out = null;
        }

        @Override
        public void backward(Mat input, Mat output, Mat gradOutput, Mat gradInput, LayerState state) {
            State st = (State) state;
            st.in = input;
            st.g = gradOutput;
            st.out = gradInput;
            forChannels(st.batchStatistics ? st.trainBack : st.evalBack);
            st.in = null;
            st.g = null;
            st.out = null;
        }
    }
}
