package org.nnj.layers;

import java.util.List;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.Shape;
import org.nnj.api.spi.BuildContext;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.LayerState;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Parallelism;
import java.util.Map;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;

/**
 * {@code global_avg_pool2d}: the mean of each channel of a {@code C x H x W} input, a flat vector of C values
 * (PyTorch's {@code adaptive_avg_pool2d(x, 1)} followed by {@code flatten}; Keras' GlobalAveragePooling2D).
 */
@API(status = API.Status.EXPERIMENTAL)
public final class GlobalAvgPool2d implements Layer, OnnxExportable {
    @Override
    public String name() {
        return "global_avg_pool2d";
    }

    @Override
    public String description() {
        return "mean of each channel of channels x height x width: a vector of channels";
    }

    @Override
    public List<Param> parameters() {
        return List.of();
    }

    @Override
    public Config config() {
        return Config.empty();
    }

    @Override
    public GlobalAvgPool2d configure(Config c) {
        return this;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (!input.isImage()) {
            throw new ConfigException("", "expected an input of channels x height x width, got " + input);
        }
        return Shape.flat(input.dim(0));
    }

    @Override
    public LayerRuntime build(BuildContext context) {
        Shape in = context.inputShape();
        outputShape(in);
        ImageKernels kernels = ImageKernels.of(context.precision());
        Parallelism parallelism = context.parallelism();
        int channels = in.dim(0);
        int plane = in.dim(1) * in.dim(2);
        return new Runtime(in.size(), channels, plane, kernels, parallelism);
    }


    /** ONNX: {@code GlobalAveragePool} ({@code [N, C, 1, 1]}) then {@code Flatten} to {@code [N, C]}. */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, Shape inputShape, Shape outputShape, List<Mat> params) {
        String pooled = graph.node("GlobalAveragePool", List.of(input), Map.of());
        return graph.node("Flatten", List.of(pooled), Map.of("axis", 1L));
    }

    private static final class Runtime implements LayerRuntime {
        private final int width;
        private final int channels;
        private final int plane;
        private final ImageKernels kernels;
        private final Parallelism parallelism;

        Runtime(int width, int channels, int plane, ImageKernels kernels, Parallelism parallelism) {
            this.width = width;
            this.channels = channels;
            this.plane = plane;
            this.kernels = kernels;
            this.parallelism = parallelism;
        }

        @Override
        public int inputSize() {
            return width;
        }

        @Override
        public int outputSize() {
            return channels;
        }

        final class State implements LayerState {
            Mat in;
            Mat out;
            final Parallelism.Range forward = (from, to) -> kernels.globalAvgPool(in, channels, plane, from, to, out);
            final Parallelism.Range backward = (from, to) -> kernels.globalAvgPoolBackward(in, channels, plane, from,
                    to, out);
        }

        @Override
        public LayerState newState(int rows) {
            return new State();
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
            if (gradInput == null) {
                return;
            }
            State st = (State) state;
            st.in = gradOutput;
            st.out = gradInput;
            parallelism.forRanges(input.rows(), Math.max(1, (input.rows() + 7) / 8), st.backward);
            st.in = null;
            st.out = null;
        }
    }
}
