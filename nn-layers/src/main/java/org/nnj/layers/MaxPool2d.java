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
 * {@code max_pool2d}: the largest value of each {@code kh x kw} window of each channel (PyTorch's
 * {@code max_pool2d}); {@code kernel_size}, {@code stride} (by default the kernel size), {@code padding} and
 * {@code dilation} are each one number or {@code [height, width]}; padding takes no part in the maximum.
 * Windows must cover the (padded) input exactly, else the layer refuses the input
 * ({@code input 64x7x7 cannot be pooled by 2x2 with stride 2 to a whole size}) unless {@code drop_remainder} asks
 * for PyTorch's behaviour of dropping the last rows and columns.
 *
 * <p>Ties: the gradient goes to the first maximal value in row-major window order (top row first, left to
 * right), and a NaN counts as the maximum (the last NaN of a window, if several) - both as PyTorch does on the
 * CPU. So a window of equal values passes its whole gradient to its top-left value.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class MaxPool2d implements Layer, OnnxExportable {
    private static final List<Param> PARAMS = Pool2d.params(true);
    private final Config config;

    /** The default instance, as {@link java.util.ServiceLoader} creates it; kernel_size must be given. */
    public MaxPool2d() {
        this.config = null;
    }

    private MaxPool2d(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "max_pool2d";
    }

    @Override
    public String description() {
        return "max pooling over windows of each channel (PyTorch's max_pool2d)";
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
    public MaxPool2d configure(Config c) {
        return new MaxPool2d(c);
    }

    private Window window(Shape input) {
        if (config == null) {
            throw new IllegalStateException("max_pool2d needs its \"kernel_size\"; configure it first");
        }
        return Pool2d.window(config, input, true);
    }

    @Override
    public Shape outputShape(Shape input) {
        Window w = window(input);
        return w.output(w.channels);
    }

    @Override
    public LayerRuntime build(BuildContext context) {
        return new Runtime(window(context.inputShape()), ImageKernels.of(context.precision()), context.parallelism());
    }


    /** ONNX: {@code MaxPool} with the window's kernel, strides, pads and dilations (ceil_mode 0: floor, as here). */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, Shape inputShape, Shape outputShape, List<Mat> params) {
        Map<String, Object> a = OnnxWindow.attributes(window(inputShape), true);
        a.put("ceil_mode", 0L);
        return graph.node("MaxPool", List.of(input), a);
    }

    private static final class Runtime implements LayerRuntime {
        private final Window w;
        private final ImageKernels kernels;
        private final Parallelism parallelism;

        Runtime(Window w, ImageKernels kernels, Parallelism parallelism) {
            this.w = w;
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
            final int[] argmax;
            Mat in;
            Mat out;
            final Parallelism.Range forward = (from, to) -> kernels.maxPool(in, w, from, to, out, this.argmax());
            final Parallelism.Range backward = (from, to) -> kernels.maxPoolBackward(in, w, from, to, this.argmax(),
                    out);

            State(int rows) {
                argmax = new int[Math.multiplyExact(rows, outputSize())];
            }

            int[] argmax() {
                return argmax;
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
