package org.nnj.activations;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.TrainingException;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;

/**
 * The threshold or unit step (seed 002, section 3): {@code f(z) = 0} for {@code z < 0} and 1 for
 * {@code z >= 0}. Name {@code step}, alias {@code threshold}.
 *
 * <p>Not trainable by gradient descent: its derivative is 0 wherever it exists and undefined at 0, so no
 * gradient flows through it. {@link #differentiable()} is false, the trainer refuses it, and
 * {@link #derivative}/{@link #backward} throw a {@link TrainingException} that says so. It works for inference
 * (for example with weights trained elsewhere, or a hand-built perceptron).
 */
@API(status = API.Status.STABLE)
public final class Step implements ElementwiseActivation, OnnxExportable {
    static final String NO_DERIVATIVE = "the step (threshold) activation has no useful derivative (0 everywhere "
            + "except z = 0, where it is undefined), so it cannot be trained by gradient descent; use it for "
            + "inference only, or train with sigmoid (a smooth step) or piecewise_linear instead";

    @Override
    public String name() {
        return "step";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("threshold");
    }

    @Override
    public String description() {
        return "unit step: 0 for z < 0, 1 for z >= 0 (inference only)";
    }

    @Override
    public double apply(double z) {
        return z >= 0 ? 1 : 0;
    }

    @Override
    public double derivative(double z) {
        throw new TrainingException(NO_DERIVATIVE);
    }

    @Override
    public void backward(Mat z, Mat a, Mat gradA, Mat gradZ) {
        throw new TrainingException(NO_DERIVATIVE);
    }

    @Override
    public boolean differentiable() {
        return false;
    }

    @Override
    public double minOutput() {
        return 0;
    }

    @Override
    public double maxOutput() {
        return 1;
    }

    /** ONNX: Cast(GreaterOrEqual(z, 0)) to float: 1 where z >= 0, else 0 (also for NaN, as here). */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        String ge = graph.node("GreaterOrEqual", List.of(input, graph.constant("zero", new double[] {0})), Map.of());
        return graph.node("Cast", List.of(ge), Map.of("to", 1L)); // 1: ONNX's FLOAT
    }

    /** Element by element with scalar constants: the same nodes work on a tensor of any shape. */
    @Override
    public boolean onnxElementwise() {
        return true;
    }
}
