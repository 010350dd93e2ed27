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
 * Exponential linear unit (Clevert et al. 2015): {@code f(z) = z} for {@code z > 0},
 * {@code alpha (e^z - 1)} otherwise; {@code f'(z) = 1} for {@code z > 0}, {@code alpha e^z} otherwise (at 0 the
 * left derivative alpha; with the default alpha = 1 both sides agree). Parameter {@code alpha >= 0}, default 1.
 * Output in (-alpha, inf). Uses {@code expm1} for accuracy near 0.
 */
@API(status = API.Status.STABLE)
public final class Elu implements ElementwiseActivation, OnnxExportable {
    private final double alpha;

    public Elu() {
        this(1.0);
    }

    private Elu(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "elu";
    }

    @Override
    public String description() {
        return "z for z > 0, alpha (e^z - 1) otherwise";
    }

    @Override
    public List<Param> parameters() {
        return List.of(Param.real("alpha", 1.0, "scale of the negative part").atLeast(0));
    }

    @Override
    public Config config() {
        return Config.resolve("", parameters(), Map.of("alpha", alpha));
    }

    @Override
    public Activation configure(Config config) {
        return new Elu(config.real("alpha"));
    }

    @Override
    public double apply(double z) {
        return z > 0 ? z : alpha * Math.expm1(z);
    }

    @Override
    public double derivative(double z) {
        return z > 0 ? 1 : alpha * Math.exp(z);
    }

    @Override
    public double minOutput() {
        return -alpha;
    }

    /** ONNX: ONNX Elu with this alpha. */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        return graph.node("Elu", List.of(input), Map.of("alpha", alpha));
    }

    /** Element by element with scalar constants: the same nodes work on a tensor of any shape. */
    @Override
    public boolean onnxElementwise() {
        return true;
    }
}
