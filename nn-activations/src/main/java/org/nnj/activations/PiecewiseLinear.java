package org.nnj.activations;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;
import org.nnj.api.spi.Param;

/**
 * The piecewise-linear ramp of seed 002, section 3: {@code f(z) = 0} for {@code z <= x_min},
 * {@code m z + b} for {@code x_min < z < x_max}, 1 for {@code z >= x_max}, with parameters {@code x_min}
 * (default -1) and {@code x_max} (default 1), {@code x_min < x_max}. Output in [0, 1].
 *
 * <p><b>Seed slip:</b> the seed leaves m and b free, which makes f jump at the bounds unless they are chosen
 * to join the pieces. Implemented is the continuous ramp from (x_min, 0) to (x_max, 1):
 * {@code m = 1 / (x_max - x_min)}, {@code b = -x_min m}.
 *
 * <p>Derivative: m strictly between the bounds, 0 outside. At the kinks x_min and x_max it is 0, the one-sided
 * derivative of the constant piece that the seed's table assigns those points to ({@code <=} and {@code >=}).
 */
@API(status = API.Status.STABLE)
public final class PiecewiseLinear implements ElementwiseActivation, OnnxExportable {
    private final double xMin;
    private final double xMax;
    private final double m;

    public PiecewiseLinear() {
        this(-1.0, 1.0);
    }

    private PiecewiseLinear(double xMin, double xMax) {
        if (!(xMin < xMax)) {
            throw new ConfigException("x_max", "must be greater than x_min (" + xMin + "), got " + xMax
                    + "; the ramp rises from 0 at x_min to 1 at x_max");
        }
        this.xMin = xMin;
        this.xMax = xMax;
        this.m = 1 / (xMax - xMin);
    }

    @Override
    public String name() {
        return "piecewise_linear";
    }

    @Override
    public String description() {
        return "ramp: 0 below x_min, linear to 1 at x_max";
    }

    @Override
    public List<Param> parameters() {
        return List.of(Param.real("x_min", -1.0, "where the ramp leaves 0"),
                Param.real("x_max", 1.0, "where the ramp reaches 1 (> x_min)"));
    }

    @Override
    public Config config() {
        return Config.resolve("", parameters(), Map.of("x_min", xMin, "x_max", xMax));
    }

    @Override
    public Activation configure(Config config) {
        return new PiecewiseLinear(config.real("x_min"), config.real("x_max"));
    }

    @Override
    public double apply(double z) {
        if (z <= xMin) {
            return 0;
        }
        return z >= xMax ? 1 : Math.min(1, (z - xMin) * m);
    }

    @Override
    public double derivative(double z) {
        return z > xMin && z < xMax ? m : 0;
    }

    @Override
    public double minOutput() {
        return 0;
    }

    @Override
    public double maxOutput() {
        return 1;
    }

    /** ONNX: Clip((z - x_min) m, 0, 1). */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        String shifted = graph.node("Sub", List.of(input, graph.constant("x_min", new double[] {xMin})), Map.of());
        String ramp = graph.node("Mul", List.of(shifted, graph.constant("slope", new double[] {m})), Map.of());
        return graph.node("Clip", List.of(ramp, graph.constant("low", new double[] {0}),
                graph.constant("high", new double[] {1})), Map.of());
    }

    /** Element by element with scalar constants: the same nodes work on a tensor of any shape. */
    @Override
    public boolean onnxElementwise() {
        return true;
    }
}
