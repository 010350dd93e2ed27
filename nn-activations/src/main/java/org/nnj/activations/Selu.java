package org.nnj.activations;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;

/**
 * Scaled exponential linear unit (Klambauer et al. 2017, "Self-Normalizing Neural Networks"):
 * {@code f(z) = lambda z} for {@code z > 0}, {@code lambda alpha (e^z - 1)} otherwise, with the paper's fixed
 * constants {@code lambda = 1.0507009873554805} and {@code alpha = 1.6732632423543772};
 * {@code f'(z) = lambda} for {@code z > 0}, {@code lambda alpha e^z} otherwise (at 0 the left derivative
 * {@code lambda alpha}). Output in (-lambda alpha, inf). No parameters: other constants lose self-normalization.
 */
@API(status = API.Status.STABLE)
public final class Selu implements ElementwiseActivation, OnnxExportable {
    static final double LAMBDA = 1.0507009873554804934193349852946;
    static final double ALPHA = 1.6732632423543772848170429916717;

    @Override
    public String name() {
        return "selu";
    }

    @Override
    public String description() {
        return "lambda z for z > 0, lambda alpha (e^z - 1) otherwise (self-normalizing)";
    }

    @Override
    public double apply(double z) {
        return z > 0 ? LAMBDA * z : LAMBDA * ALPHA * Math.expm1(z);
    }

    @Override
    public double derivative(double z) {
        return z > 0 ? LAMBDA : LAMBDA * ALPHA * Math.exp(z);
    }

    @Override
    public double minOutput() {
        return -LAMBDA * ALPHA;
    }

    /** ONNX: ONNX Selu with this lambda (ONNX: gamma) and alpha. */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        return graph.node("Selu", List.of(input), Map.of("alpha", ALPHA, "gamma", LAMBDA));
    }

    /** Element by element with scalar constants: the same nodes work on a tensor of any shape. */
    @Override
    public boolean onnxElementwise() {
        return true;
    }
}
