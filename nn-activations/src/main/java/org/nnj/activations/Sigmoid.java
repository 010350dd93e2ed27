package org.nnj.activations;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;
import org.nnj.api.spi.Param;

/**
 * The logistic sigmoid with steepness beta (seed 002, section 3; seed 001 uses beta = 1):
 * {@code f(z) = 1 / (1 + e^(-beta z))}, {@code f'(z) = beta f(z) (1 - f(z))}, output in (0, 1).
 *
 * <p>Name {@code sigmoid}, alias {@code logistic}; parameter {@code beta > 0}, default 1. Numerically stable:
 * for {@code beta z < 0} it computes {@code e^(beta z) / (1 + e^(beta z))}, so {@code e^x} never overflows.
 * The bulk backward pass uses the stored output, {@code beta a (1 - a)}, instead of recomputing f(z).
 */
@API(status = API.Status.STABLE)
public final class Sigmoid implements ElementwiseActivation, OnnxExportable {
    private final double beta;

    public Sigmoid() {
        this(1.0);
    }

    private Sigmoid(double beta) {
        this.beta = beta;
    }

    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("logistic");
    }

    @Override
    public String description() {
        return "logistic 1/(1+e^(-beta z)), output in (0, 1)";
    }

    @Override
    public List<Param> parameters() {
        return List.of(Param.real("beta", 1.0, "steepness").greaterThan(0));
    }

    @Override
    public Config config() {
        return Config.resolve("", parameters(), Map.of("beta", beta));
    }

    @Override
    public Activation configure(Config config) {
        return new Sigmoid(config.real("beta"));
    }

    @Override
    public double apply(double z) {
        return value(beta, z);
    }

    /** {@code 1 / (1 + e^(-beta z))}, without overflow: the one formula of {@link #apply} and the bulk loops. */
    static double value(double beta, double z) {
        double t = beta * z;
        if (t >= 0) {
            return 1 / (1 + Math.exp(-t));
        }
        double e = Math.exp(t);
        return e / (1 + e);
    }

    @Override
    public double derivative(double z) {
        double s = apply(z);
        return beta * s * (1 - s);
    }

    @Override
    public void forward(Mat z, Mat a) {
        Shapes.requireSameShape("sigmoid forward", z, a);
        int n = z.size();
        if (z instanceof F32Mat zf && a instanceof F32Mat af) {
            F32Activations.sigmoidForward(beta, zf.data(), zf.offset(), af.data(), af.offset(), n);
        } else if (z instanceof F64Mat zf && a instanceof F64Mat af) {
            F64Activations.sigmoidForward(beta, zf.data(), zf.offset(), af.data(), af.offset(), n);
        } else {
            ElementwiseActivation.super.forward(z, a);
        }
    }

    /** {@code gradZ = gradA * beta a (1 - a)}, from the output a. */
    @Override
    public void backward(Mat z, Mat a, Mat gradA, Mat gradZ) {
        Shapes.requireSameShape("sigmoid backward", z, a);
        Shapes.requireSameShape("sigmoid backward", z, gradA);
        Shapes.requireSameShape("sigmoid backward", z, gradZ);
        int n = z.size();
        if (a instanceof F32Mat af && gradA instanceof F32Mat gf && gradZ instanceof F32Mat of) {
            F32Activations.sigmoidBackward(beta, af.data(), af.offset(), gf.data(), gf.offset(),
                    of.data(), of.offset(), n);
        } else if (a instanceof F64Mat af && gradA instanceof F64Mat gf && gradZ instanceof F64Mat of) {
            F64Activations.sigmoidBackward(beta, af.data(), af.offset(), gf.data(), gf.offset(),
                    of.data(), of.offset(), n);
        } else {
            for (int i = 0; i < n; i++) {
                double s = a.getFlat(i);
                gradZ.setFlat(i, gradA.getFlat(i) * beta * s * (1 - s));
            }
        }
    }

    @Override
    public double minOutput() {
        return 0;
    }

    @Override
    public double maxOutput() {
        return 1;
    }

    /** ONNX: ONNX Sigmoid, after a Mul by beta when beta is not 1 (the steep sigmoid). */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        String z = beta == 1.0 ? input
                : graph.node("Mul", List.of(input, graph.constant("beta", new double[] {beta})), Map.of());
        return graph.node("Sigmoid", List.of(z), Map.of());
    }

    /** Element by element with scalar constants: the same nodes work on a tensor of any shape. */
    @Override
    public boolean onnxElementwise() {
        return true;
    }
}
