package org.nnj.activations;

import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;
import org.nnj.api.spi.ElementwiseActivation;

/**
 * The rectified linear unit (seed 002, section 3): {@code f(z) = max(0, z)}; {@code f'(z) = 1} for
 * {@code z > 0} and 0 for {@code z < 0}. At the kink {@code z = 0} the derivative is taken as 0 (the left
 * derivative, as PyTorch and TensorFlow do), so a unit sitting exactly at 0 gets no gradient.
 * Layers using it default to the {@code he_normal} initializer.
 */
public final class Relu implements ElementwiseActivation {

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
            float[] zd = zf.data();
            float[] ad = af.data();
            for (int i = 0, zo = zf.offset(), ao = af.offset(); i < n; i++) {
                float v = zd[zo + i];
                ad[ao + i] = v > 0 ? v : 0f;
            }
        } else if (z instanceof F64Mat zf && a instanceof F64Mat af) {
            double[] zd = zf.data();
            double[] ad = af.data();
            for (int i = 0, zo = zf.offset(), ao = af.offset(); i < n; i++) {
                double v = zd[zo + i];
                ad[ao + i] = v > 0 ? v : 0.0;
            }
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
            float[] zd = zf.data();
            float[] gd = gf.data();
            float[] od = of.data();
            for (int i = 0, zo = zf.offset(), go = gf.offset(), oo = of.offset(); i < n; i++) {
                od[oo + i] = zd[zo + i] > 0 ? gd[go + i] : 0f;
            }
        } else if (z instanceof F64Mat zf && gradA instanceof F64Mat gf && gradZ instanceof F64Mat of) {
            double[] zd = zf.data();
            double[] gd = gf.data();
            double[] od = of.data();
            for (int i = 0, zo = zf.offset(), go = gf.offset(), oo = of.offset(); i < n; i++) {
                od[oo + i] = zd[zo + i] > 0 ? gd[go + i] : 0.0;
            }
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
}
