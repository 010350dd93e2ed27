package org.nnj.activations;

import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;

/**
 * The identity, for regression outputs: {@code f(z) = z}, {@code f'(z) = 1}. Name {@code identity}, alias
 * {@code linear}. The bulk methods copy.
 */
@API(status = API.Status.STABLE)
public final class Identity implements ElementwiseActivation, OnnxExportable {

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("linear");
    }

    @Override
    public String description() {
        return "f(z) = z";
    }

    @Override
    public double apply(double z) {
        return z;
    }

    @Override
    public double derivative(double z) {
        return 1;
    }

    @Override
    public void forward(Mat z, Mat a) {
        if (z != a) {
            a.copyFrom(z);
        }
    }

    @Override
    public void backward(Mat z, Mat a, Mat gradA, Mat gradZ) {
        org.nnj.api.Shapes.requireSameShape("identity backward", z, gradA);
        if (gradZ != gradA) {
            gradZ.copyFrom(gradA);
        }
    }

    /** ONNX: identity: nothing to compute. */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        return input;
    }

    /** Element by element with scalar constants: the same nodes work on a tensor of any shape. */
    @Override
    public boolean onnxElementwise() {
        return true;
    }
}
