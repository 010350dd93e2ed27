package org.nnj.layers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.PluginRef;
import org.nnj.api.spi.BuildContext;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Layer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.PluginKind;

/**
 * {@code dense}: a fully connected layer, {@code z = a_prev W^T + b} for a mini-batch {@code a_prev} (one row per
 * sample), where {@code W} is {@code units x inputs} (row j holds the weights into unit j, {@code w_jk} as in the
 * seeds) and {@code b} has one bias per unit; then the optional activation {@code a = sigma(z)}, which the core
 * runs as a step of its own.
 *
 * <p>Back-propagation (seed 001, Eq. 11-15, averaged over the batch by the loss's 1/n): with
 * {@code delta = dC/dz}, {@code dC/dW = delta^T a_prev}, {@code dC/db = sum over the batch of delta}, and
 * {@code dC/da_prev = delta W}, which is the sum over this layer's units j of {@code w_jk delta_j}.
 *
 * <p>Shapes: {@code dense} flattens what it gets (an input of 64x7x7 is 3136 inputs, in the channel-major order of
 * PyTorch's {@code flatten}), and its output is a flat vector of {@code units}.
 *
 * <p>Penalties: {@code l2} adds {@code (l2/2) sum w^2} and {@code l1} adds {@code l1 sum |w|} to the cost of
 * each batch (weights only, not biases); the core applies them (see {@link org.nnj.api.spi.ParamShape}), so
 * their gradients {@code l2 w + l1 sign(w)} are added to dC/dW after back-propagation.
 */
@API(status = API.Status.STABLE)
public final class Dense implements Layer, OnnxExportable {
    private static final List<Param> PARAMS = List.of(
            Param.integer("units", null, "number of units (outputs)").atLeast(1),
            Param.plugin("activation", PluginKind.ACTIVATION.name(), null,
                    "activation after the layer; none means linear").optional(),
            Param.plugin("initializer", PluginKind.INITIALIZER.name(), null,
                    "weight initializer; by default the activation's (He for ReLU, Xavier otherwise)").optional(),
            Param.bool("use_bias", true, "whether the layer has a bias per unit"),
            Param.real("l1", 0.0, "L1 penalty on the weights").atLeast(0),
            Param.real("l2", 0.0, "L2 penalty on the weights: adds (l2/2) sum w^2").atLeast(0));

    private final Config config;

    /** The default instance, as {@link java.util.ServiceLoader} creates it; {@code units} must still be given. */
    public Dense() {
        this.config = null;
    }

    private Dense(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("linear_layer", "fully_connected");
    }

    @Override
    public String description() {
        return "fully connected layer: z = a W^T + b, then the activation";
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
    public Dense configure(Config c) {
        return new Dense(c);
    }

    private Config required() {
        if (config == null) {
            throw new IllegalStateException("dense needs its \"units\" parameter; configure it first");
        }
        return config;
    }

    /** Units, the output width. */
    public int units() {
        return required().integer("units");
    }

    @Override
    public org.nnj.api.Shape outputShape(org.nnj.api.Shape input) {
        return org.nnj.api.Shape.flat(units());
    }

    @Override
    public Optional<PluginRef> activation() {
        return required().has("activation") ? Optional.of(required().plugin("activation")) : Optional.empty();
    }

    @Override
    public LayerRuntime build(BuildContext context) {
        Config c = required();
        return new DenseRuntime(context.inputSize(), units(), c.bool("use_bias"), c.real("l1"), c.real("l2"),
                context.initializer(c.has("initializer") ? c.plugin("initializer") : null), context.ops());
    }

    /** ONNX: Gemm(input, weight, bias, transB = 1), the weight stored [units, inputs] as here. */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        if (params.size() == 1) {
            return graph.node("Gemm", List.of(input, graph.constant("weight", params.get(0))), Map.of("transB", 1L));
        }
        String bias = graph.constant("bias", params.get(1), params.get(1).size());
        return graph.node("Gemm", List.of(input, graph.constant("weight", params.get(0)), bias), Map.of("transB", 1L));
    }
}
