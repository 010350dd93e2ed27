package org.nnj.layers;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.nnj.api.PluginRef;
import org.nnj.api.Shape;
import org.nnj.api.spi.BuildContext;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.PluginKind;
import java.util.Map;
import org.nnj.api.Mat;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;

/**
 * {@code conv2d}: a 2-D convolution (PyTorch's {@code torch.nn.functional.conv2d}, a cross-correlation) of an
 * input of {@code C x H x W} with {@code filters} kernels of {@code kernel_size} ({@code kh x kw}), then the
 * optional activation. Output {@code filters x OH x OW}, with {@code OH = floor((H + padding_top + padding_bottom -
 * dilation_h * (kh - 1) - 1) / stride_h) + 1} (a remainder is dropped, as in PyTorch), and the same for OW.
 *
 * <p>Parameters as PyTorch names them: {@code weight} is {@code filters x (C * kh * kw)}, in
 * memory exactly PyTorch's {@code (out_channels, in_channels, kh, kw)} tensor, so a state dict maps one to one;
 * {@code bias} has one value per filter. {@code padding} is {@code "valid"} (none), {@code "same"} (stride 1: the
 * output keeps H and W; an odd total padding puts the extra row and column at the bottom and right, as PyTorch
 * does) or a number of zero rows and columns on every side. {@code kernel_size}, {@code stride}, {@code dilation}
 * and a numeric {@code padding} are each one number for both axes or {@code [height, width]}, as PyTorch's int or
 * tuple ({@code "kernel_size": [3, 5]}, {@code "padding": [1, 2]}: one row at the top and bottom, two columns at
 * the left and right). Weights are initialized by {@code initializer} with fan-in {@code C * kh * kw} and fan-out
 * {@code filters * kh * kw} (by default the activation's: He for ReLU), biases at 0.
 *
 * <p>Computed as a matrix product on the framework's kernels: the input's patches are gathered into a matrix
 * of one row per output pixel (im2col), multiplied by the weights' transpose with the bias fused, and turned
 * back into channel-major rows; backward multiplies the output gradient by the patches (weight gradient) and by
 * the weights (patch gradient, scattered back onto the input). {@code l1} and {@code l2} penalize the weights
 * as in {@code dense}.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class Conv2d implements Layer, OnnxExportable {
    private static final List<Param> PARAMS = List.of(
            Param.integer("filters", null, "output channels").atLeast(1),
            Param.integer("kernel_size", null, "height and width of each kernel").atLeast(1).orPerAxis(),
            Param.integer("stride", 1L, "step between windows").atLeast(1).orPerAxis(),
            Param.stringOrWholeNumber("padding", "valid", List.of("valid", "same"),
                    "zero padding: valid (none), same (output keeps the size; stride 1) or rows/columns per side")
                    .orPerAxis(),
            Param.integer("dilation", 1L, "spacing between kernel taps").atLeast(1).orPerAxis(),
            Param.bool("use_bias", true, "whether each filter has a bias"),
            Param.plugin("activation", PluginKind.ACTIVATION.name(), null,
                    "activation after the convolution; none means linear").optional(),
            Param.plugin("initializer", PluginKind.INITIALIZER.name(), null,
                    "weight initializer; by default the activation's (He for ReLU, Xavier otherwise)").optional(),
            Param.real("l1", 0.0, "L1 penalty on the weights").atLeast(0),
            Param.real("l2", 0.0, "L2 penalty on the weights: adds (l2/2) sum w^2").atLeast(0));

    private final Config config;

    /** The default instance, as {@link java.util.ServiceLoader} creates it; filters and kernel_size must be given. */
    public Conv2d() {
        this.config = null;
    }

    private Conv2d(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "conv2d";
    }

    @Override
    public String description() {
        return "2-D convolution of channels x height x width (PyTorch's conv2d), then the activation";
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
    public Conv2d configure(Config c) {
        return new Conv2d(c);
    }

    private Config required() {
        if (config == null) {
            throw new IllegalStateException("conv2d needs its \"filters\" and \"kernel_size\"; configure it first");
        }
        return config;
    }

    Window window(Shape input) {
        Config c = required();
        return Window.of(input, "convolved", c.axes("kernel_size"), c.axes("stride"), c.axes("dilation"),
                Window.padding(c), false);
    }

    @Override
    public Shape outputShape(Shape input) {
        return window(input).output(required().integer("filters"));
    }

    @Override
    public Optional<PluginRef> activation() {
        return required().has("activation") ? Optional.of(required().plugin("activation")) : Optional.empty();
    }

    @Override
    public LayerRuntime build(BuildContext context) {
        Config c = required();
        return new Conv2dRuntime(window(context.inputShape()), c.integer("filters"), c.bool("use_bias"), c.real("l1"),
                c.real("l2"), context.initializer(c.has("initializer") ? c.plugin("initializer") : null),
                context.ops(), ImageKernels.of(context.precision()), context.parallelism());
    }

    /**
     * ONNX: {@code Conv(x, W, B)} with {@code W} of shape {@code [filters, C, kh, kw]} (this layer's weight as it is)
     * and the window's {@code kernel_shape}, {@code strides}, {@code pads} (as computed for "same") and
     * {@code dilations}; without bias, {@code Conv(x, W)}. The activation is a stage of its own after it.
     */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, Shape inputShape, Shape outputShape, List<Mat> params) {
        Window w = window(inputShape);
        int filters = required().integer("filters");
        String weight = graph.constant("weight", params.get(0), filters, w.channels, w.kh, w.kw);
        List<String> in = params.size() > 1 ? List.of(input, weight, graph.constant("bias", params.get(1), filters))
                : List.of(input, weight);
        Map<String, Object> a = OnnxWindow.attributes(w, true);
        a.put("group", 1L);
        return graph.node("Conv", in, a);
    }

}
