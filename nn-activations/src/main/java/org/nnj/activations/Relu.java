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
 * The rectified linear unit (seed 002, section 3): {@code f(z) = max(0, z)}; {@code f'(z) = 1} for
 * {@code z > 0} and 0 for {@code z < 0}. At the kink {@code z = 0} the derivative is taken as 0 (the left
 * derivative, as PyTorch and TensorFlow do), so a unit sitting exactly at 0 gets no gradient.
 * Layers using it default to the {@code he_normal} initializer.
 */
@API(status = API.Status.STABLE)
public final class Relu implements ElementwiseActivation, OnnxExportable {
    /**
     * Whether the float loops run on the Vector API ({@link F32Activations.Simd}: compare and blend, the same
     * results bit for bit): where the {@code jdk.incubator.vector} module is present.
     */
    private final boolean vector;
    /** The same for the double loops: only where double masks compile to vector code (see VectorApi). */
    private final boolean vector64;

    public Relu() {
        this(org.nnj.api.simd.VectorApi.usable());
    }

    /** {@code vector}: the loops on the Vector API (only where it is usable) or the scalar ones, the same bits. */
    Relu(boolean vector) {
        if (vector && !org.nnj.api.simd.VectorApi.usable()) {
            throw new IllegalStateException("the Vector API is not usable in this JVM (no --add-modules "
                    + "jdk.incubator.vector): relu's vector loops cannot be asked for");
        }
        this.vector = vector;
        this.vector64 = vector && org.nnj.api.simd.VectorApi.doubleMasksUsable();
    }

    @Override
    public String name() {
        return "relu";
    }

    @Override
    public String description() {
        return "max(0, z); derivative 0 at z = 0";
    }

    @Override
    public double apply(double z) {
        return z > 0 ? z : 0;
    }

    @Override
    public double derivative(double z) {
        return z > 0 ? 1 : 0;
    }

    @Override
    public void forward(Mat z, Mat a) {
        Shapes.requireSameShape("relu forward", z, a);
        int n = z.size();
        if (z instanceof F32Mat zf && a instanceof F32Mat af) {
            F32Activations.reluForward(vector, zf.data(), zf.offset(), af.data(), af.offset(), n);
        } else if (z instanceof F64Mat zf && a instanceof F64Mat af) {
            F64Activations.reluForward(vector64, zf.data(), zf.offset(), af.data(), af.offset(), n);
        } else {
            ElementwiseActivation.super.forward(z, a);
        }
    }

    @Override
    public void backward(Mat z, Mat a, Mat gradA, Mat gradZ) {
        Shapes.requireSameShape("relu backward", z, gradA);
        Shapes.requireSameShape("relu backward", z, gradZ);
        int n = z.size();
        if (z instanceof F32Mat zf && gradA instanceof F32Mat gf && gradZ instanceof F32Mat of) {
            F32Activations.reluBackward(vector, zf.data(), zf.offset(), gf.data(), gf.offset(), of.data(),
                    of.offset(), n);
        } else if (z instanceof F64Mat zf && gradA instanceof F64Mat gf && gradZ instanceof F64Mat of) {
            F64Activations.reluBackward(vector64, zf.data(), zf.offset(), gf.data(), gf.offset(), of.data(),
                    of.offset(), n);
        } else {
            ElementwiseActivation.super.backward(z, a, gradA, gradZ);
        }
    }

    @Override
    public double minOutput() {
        return 0;
    }

    @Override
    public String defaultInitializer() {
        return "he_normal";
    }

    /** ONNX: ONNX Relu. */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        return graph.node("Relu", List.of(input), Map.of());
    }

    /** Element by element with scalar constants: the same nodes work on a tensor of any shape. */
    @Override
    public boolean onnxElementwise() {
        return true;
    }
}
