package org.nnj.layers;

import java.util.List;
import org.apiguardian.api.API;
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
 * {@code avg_pool2d}: the mean of each {@code kh x kw} window of each channel (PyTorch's {@code avg_pool2d});
 * {@code kernel_size}, {@code stride} (by default the kernel size) and {@code padding} are each one number or
 * {@code [height, width]}. The padding counts as zeros in the mean by default ({@code count_include_pad: true},
 * PyTorch's default: every window is divided by {@code kh * kw});
 * {@code count_include_pad: false} divides each window by the number of input values it covers. Windows must
 * cover the padded input exactly unless {@code drop_remainder} (PyTorch's behaviour) is set, as for
 * {@code max_pool2d}.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class AvgPool2d implements Layer, OnnxExportable {
    private static final List<Param> PARAMS = Pool2d.params(false,
            Param.bool("count_include_pad", true, "whether padding counts as zeros in each mean (PyTorch's default)"));
    private final Config config;

    /** The default instance, as {@link java.util.ServiceLoader} creates it; kernel_size must be given. */
    public AvgPool2d() {
        this.config = null;
    }

    private AvgPool2d(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "avg_pool2d";
    }

    @Override
    public String description() {
        return "average pooling over windows of each channel (PyTorch's avg_pool2d)";
    }

    @Override
    public List<Param> parameters() {
        return PARAMS;
    }

    @Override
    public Config config() {
        return config == null ? Config.empty() : config;
    }

    @Override
    public AvgPool2d configure(Config c) {
        return new AvgPool2d(c);
    }

    private Window window(Shape input) {
        if (config == null) {
            throw new IllegalStateException("avg_pool2d needs its \"kernel_size\"; configure it first");
        }
        return Pool2d.window(config, input, false);
    }

    @Override
    public Shape outputShape(Shape input) {
        Window w = window(input);
        return w.output(w.channels);
    }

    @Override
    public LayerRuntime build(BuildContext context) {
        Window w = window(context.inputShape());
        double[] scale = new double[w.outPlane()];
        int[] taps = w.taps();
        for (int q = 0; q < scale.length; q++) {
            int count = w.kk();
            if (!config.bool("count_include_pad")) {
                count = 0;
                for (int t = 0; t < w.kk(); t++) {
                    count += taps[q * w.kk() + t] >= 0 ? 1 : 0;
                }
            }
            scale[q] = 1.0 / count;
        }
        return new Runtime(w, scale, ImageKernels.of(context.precision()), context.parallelism());
    }


    /**
     * ONNX: {@code AveragePool} with the window's kernel, strides and pads, {@code count_include_pad} as this layer's
     * (ONNX's default is 0, PyTorch's and this layer's 1, so it is always written) and ceil_mode 0.
     */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, Shape inputShape, Shape outputShape, List<Mat> params) {
        Map<String, Object> a = OnnxWindow.attributes(window(inputShape), false);
        a.put("count_include_pad", config.bool("count_include_pad") ? 1L : 0L);
        a.put("ceil_mode", 0L);
        return graph.node("AveragePool", List.of(input), a);
    }

    private static final class Runtime implements LayerRuntime {
        private final Window w;
        private final double[] scale;
        private final ImageKernels kernels;
        private final Parallelism parallelism;

        Runtime(Window w, double[] scale, ImageKernels kernels, Parallelism parallelism) {
            this.w = w;
            this.scale = scale;
            this.kernels = kernels;
            this.parallelism = parallelism;
        }

        @Override
        public int inputSize() {
            return w.channels * w.inPlane();
        }

        @Override
        public int outputSize() {
            return w.channels * w.outPlane();
        }

        final class State implements LayerState {
            Mat in;
            Mat out;
            final Parallelism.Range forward = (from, to) -> kernels.avgPool(in, w, scale, from, to, out);
            final Parallelism.Range backward = (from, to) -> kernels.avgPoolBackward(in, w, scale, from, to, out);
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
