package org.nnj.activations;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;

/**
 * The hyperbolic tangent (seed 002, section 3): {@code f(z) = tanh z}, {@code f'(z) = 1 - tanh^2 z}, output in
 * (-1, 1). The bulk backward pass uses the stored output: {@code 1 - a^2} (not {@code (1 - a)^2}).
 */
@API(status = API.Status.STABLE)
public final class Tanh implements ElementwiseActivation, OnnxExportable {

    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public String description() {
        return "hyperbolic tangent, output in (-1, 1)";
    }

    @Override
    public double apply(double z) {
        return Math.tanh(z);
    }

    @Override
    public double derivative(double z) {
        double t = Math.tanh(z);
        return 1 - t * t;
    }

    @Override
    public void forward(Mat z, Mat a) {
        Shapes.requireSameShape("tanh forward", z, a);
        int n = z.size();
        if (z instanceof F32Mat zf && a instanceof F32Mat af) {
            F32Activations.tanhForward(zf.data(), zf.offset(), af.data(), af.offset(), n);
        } else if (z instanceof F64Mat zf && a instanceof F64Mat af) {
            F64Activations.tanhForward(zf.data(), zf.offset(), af.data(), af.offset(), n);
        } else {
            ElementwiseActivation.super.forward(z, a);
        }
    }

    /** {@code gradZ = gradA * (1 - a^2)}, from the output a. */
    @Override
    public void backward(Mat z, Mat a, Mat gradA, Mat gradZ) {
        Shapes.requireSameShape("tanh backward", z, a);
        Shapes.requireSameShape("tanh backward", z, gradA);
        Shapes.requireSameShape("tanh backward", z, gradZ);
        int n = z.size();
        if (a instanceof F32Mat af && gradA instanceof F32Mat gf && gradZ instanceof F32Mat of) {
            F32Activations.tanhBackward(af.data(), af.offset(), gf.data(), gf.offset(),
                    of.data(), of.offset(), n);
        } else if (a instanceof F64Mat af && gradA instanceof F64Mat gf && gradZ instanceof F64Mat of) {
            F64Activations.tanhBackward(af.data(), af.offset(), gf.data(), gf.offset(),
                    of.data(), of.offset(), n);
        } else {
            for (int i = 0; i < n; i++) {
                double t = a.getFlat(i);
                gradZ.setFlat(i, gradA.getFlat(i) * (1 - t * t));
            }
        }
    }

    @Override
    public double minOutput() {
        return -1;
    }

    @Override
    public double maxOutput() {
        return 1;
    }

    /** ONNX: ONNX Tanh. */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        return graph.node("Tanh", List.of(input), Map.of());
    }

    /** Element by element with scalar constants: the same nodes work on a tensor of any shape. */
    @Override
    public boolean onnxElementwise() {
        return true;
    }
}
