package org.nnj.activations;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;
import org.nnj.api.spi.Param;

/**
 * Leaky ReLU: {@code f(z) = z} for {@code z > 0}, {@code alpha z} otherwise; {@code f'(z) = 1} for
 * {@code z > 0}, {@code alpha} for {@code z <= 0} (at the kink 0 the left derivative alpha, matching
 * {@link Relu}'s 0 when alpha is 0). Parameter {@code alpha >= 0}, default 0.01. Layers using it default to the
 * {@code he_normal} initializer.
 */
@API(status = API.Status.STABLE)
public final class LeakyRelu implements ElementwiseActivation, OnnxExportable {
    private final double alpha;

    public LeakyRelu() {
        this(0.01);
    }

    private LeakyRelu(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "leaky_relu";
    }

    @Override
    public String description() {
        return "z for z > 0, alpha z otherwise";
    }

    @Override
    public List<Param> parameters() {
        return List.of(Param.real("alpha", 0.01, "slope for z <= 0").atLeast(0));
    }

    @Override
    public Config config() {
        return Config.resolve("", parameters(), Map.of("alpha", alpha));
    }

    @Override
    public Activation configure(Config config) {
        return new LeakyRelu(config.real("alpha"));
    }

    @Override
    public double apply(double z) {
        return z > 0 ? z : alpha * z;
    }

    @Override
    public double derivative(double z) {
        return z > 0 ? 1 : alpha;
    }

    @Override
    public double minOutput() {
        return alpha == 0 ? 0 : Double.NEGATIVE_INFINITY;
    }

    @Override
    public String defaultInitializer() {
        return "he_normal";
    }

    /** ONNX: ONNX LeakyRelu with this alpha. */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        return graph.node("LeakyRelu", List.of(input), Map.of("alpha", alpha));
    }

    /** Element by element with scalar constants: the same nodes work on a tensor of any shape. */
    @Override
    public boolean onnxElementwise() {
        return true;
    }
}
