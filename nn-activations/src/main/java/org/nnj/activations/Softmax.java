package org.nnj.activations;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.OnnxExportable;
import org.nnj.api.spi.OnnxGraph;

/**
 * Softmax over each row: {@code a_i = e^(z_i - m) / sum_j e^(z_j - m)} with {@code m = max_j z_j}; subtracting
 * the row maximum changes nothing mathematically and keeps {@code e^x} from overflowing. Output in [0, 1], each
 * row summing to 1. Not elementwise: its Jacobian is {@code da_i/dz_k = a_i (delta_ik - a_k)}, so backward is
 * the vector-Jacobian product {@code gradZ_i = a_i (gradA_i - sum_j gradA_j a_j)}. Paired with categorical
 * cross-entropy the loss supplies the simpler fused gradient {@code (a - y) / rows} instead.
 * Both precisions compute in double and round once.
 */
@API(status = API.Status.STABLE)
public final class Softmax implements Activation, OnnxExportable {

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public String description() {
        return "row-wise e^z_i / sum_j e^z_j (max-shifted), rows sum to 1";
    }

    @Override
    public void forward(Mat z, Mat a) {
        Shapes.requireSameShape("softmax forward", z, a);
        int rows = z.rows();
        int cols = z.cols();
        if (z instanceof F32Mat zf && a instanceof F32Mat af) {
            F32Activations.softmaxForward(zf.data(), zf.offset(), af.data(), af.offset(), rows, cols);
        } else if (z instanceof F64Mat zf && a instanceof F64Mat af) {
            F64Activations.softmaxForward(zf.data(), zf.offset(), af.data(), af.offset(), rows, cols);
        } else {
            F64Mat tmp = new F64Mat(z.toDoubleArray(), 0, rows, cols);
            forward(tmp, tmp);
            a.copyFrom(tmp);
        }
    }

    @Override
    public void backward(Mat z, Mat a, Mat gradA, Mat gradZ) {
        Shapes.requireSameShape("softmax backward", z, a);
        Shapes.requireSameShape("softmax backward", z, gradA);
        Shapes.requireSameShape("softmax backward", z, gradZ);
        int rows = z.rows();
        int cols = z.cols();
        if (a instanceof F32Mat af && gradA instanceof F32Mat gf && gradZ instanceof F32Mat of) {
            F32Activations.softmaxBackward(af.data(), af.offset(), gf.data(), gf.offset(), of.data(), of.offset(),
                    rows, cols);
        } else if (a instanceof F64Mat af && gradA instanceof F64Mat gf && gradZ instanceof F64Mat of) {
            F64Activations.softmaxBackward(af.data(), af.offset(), gf.data(), gf.offset(), of.data(), of.offset(),
                    rows, cols);
        } else {
            for (int r = 0; r < rows; r++) {
                double dot = 0;
                for (int c = 0; c < cols; c++) {
                    dot += gradA.get(r, c) * a.get(r, c);
                }
                for (int c = 0; c < cols; c++) {
                    gradZ.set(r, c, a.get(r, c) * (gradA.get(r, c) - dot));
                }
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

    /** ONNX: ONNX Softmax over each row (axis 1). */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        return graph.node("Softmax", List.of(input), Map.of("axis", 1L));
    }
}
