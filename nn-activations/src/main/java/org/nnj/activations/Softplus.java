package org.nnj.activations;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;

/**
 * Softplus, a smooth ReLU: {@code f(z) = ln(1 + e^z)}, {@code f'(z) = 1 / (1 + e^(-z))} (the logistic sigmoid).
 * Computed as {@code max(z, 0) + ln(1 + e^(-|z|))}, which neither overflows for large z nor loses the small
 * values for very negative z. Output in (0, inf).
 */
@API(status = API.Status.STABLE)
public final class Softplus implements ElementwiseActivation, OnnxExportable {

    @Override
    public String name() {
        return "softplus";
    }

    @Override
    public String description() {
        return "ln(1 + e^z), a smooth relu";
    }

    @Override
    public double apply(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    @Override
    public double derivative(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    @Override
    public double minOutput() {
        return 0;
    }

    /** ONNX: ONNX Softplus, ln(1 + e^z). */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        return graph.node("Softplus", List.of(input), Map.of());
    }

    /** Element by element with scalar constants: the same nodes work on a tensor of any shape. */
    @Override
    public boolean onnxElementwise() {
        return true;
    }
}
