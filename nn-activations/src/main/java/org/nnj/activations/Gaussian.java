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
 * The Gaussian (normal density) activation of seed 002, section 3, with parameters {@code mu} (default 0) and
 * {@code sigma > 0} (default 1):
 * {@code f(z) = 1 / (sigma sqrt(2 pi)) e^(-(z - mu)^2 / (2 sigma^2))},
 * {@code f'(z) = -(z - mu) / sigma^2 f(z)}. Output in [0, 1 / (sigma sqrt(2 pi))].
 *
 * <p><b>Seed slip:</b> the seed prints the normalisation as {@code 1 / sqrt(2 pi sigma)}; the normal density
 * (which the exponent it prints belongs to) has {@code 1 / (sigma sqrt(2 pi))}, and that is implemented. The two
 * agree only for sigma = 1, the default.
 */
@API(status = API.Status.STABLE)
public final class Gaussian implements ElementwiseActivation, OnnxExportable {
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private final double mu;
    private final double sigma;
    private final double peak;

    public Gaussian() {
        this(0.0, 1.0);
    }

    private Gaussian(double mu, double sigma) {
        this.mu = mu;
        this.sigma = sigma;
        this.peak = 1 / (sigma * SQRT_2PI);
    }

    @Override
    public String name() {
        return "gaussian";
    }

    @Override
    public String description() {
        return "normal density with mean mu and standard deviation sigma";
    }

    @Override
    public List<Param> parameters() {
        return List.of(Param.real("mu", 0.0, "centre"),
                Param.real("sigma", 1.0, "width (standard deviation)").greaterThan(0));
    }

    @Override
    public Config config() {
        return Config.resolve("", parameters(), Map.of("mu", mu, "sigma", sigma));
    }

    @Override
    public Activation configure(Config config) {
        return new Gaussian(config.real("mu"), config.real("sigma"));
    }

    @Override
    public double apply(double z) {
        double u = (z - mu) / sigma;
        return peak * Math.exp(-0.5 * u * u);
    }

    @Override
    public double derivative(double z) {
        double f = apply(z);
        return f == 0 ? 0 : -(z - mu) / (sigma * sigma) * f;
    }

    @Override
    public double minOutput() {
        return 0;
    }

    @Override
    public double maxOutput() {
        return peak;
    }

    /** ONNX: peak e^(-u^2 / 2) with u = (z - mu) / sigma, as Sub, Mul, Mul, Mul, Exp, Mul. */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        String d = graph.node("Sub", List.of(input, graph.constant("mu", new double[] {mu})), Map.of());
        String u = graph.node("Mul", List.of(d, graph.constant("inv_sigma", new double[] {1 / sigma})), Map.of());
        String u2 = graph.node("Mul", List.of(u, u), Map.of());
        String e = graph.node("Exp", List.of(graph.node("Mul", List.of(u2, graph.constant("minus_half",
                new double[] {-0.5})), Map.of())), Map.of());
        return graph.node("Mul", List.of(e, graph.constant("peak", new double[] {peak})), Map.of());
    }

    /** Element by element with scalar constants: the same nodes work on a tensor of any shape. */
    @Override
    public boolean onnxElementwise() {
        return true;
    }
}
