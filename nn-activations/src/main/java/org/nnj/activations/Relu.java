package org.nnj.activations;

import java.util.List;
import java.util.Map;
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
public final class Relu implements ElementwiseActivation, OnnxExportable {
    /**
     * Whether the float loops run on the Vector API (compare and blend, the same results bit for bit: NaN and
     * -0 give +0 as in the scalar loop). A branchy scalar loop mispredicts on every other element of a
     * real layer; C2 does not vectorize its conditional moves. Only when the {@code jdk.incubator.vector}
     * module is present and {@code -Dnnj.simd=false} is not given; {@link Simd} is loaded only then.
     */
    private static final boolean SIMD = !"false".equalsIgnoreCase(System.getProperty("nnj.simd", "true"))
            && org.nnj.api.simd.VectorApi.usable();

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
            if (SIMD) {
                Simd.forward(zd, zf.offset(), ad, af.offset(), n);
                return;
            }
            for (int i = 0, zo = zf.offset(), ao = af.offset(); i < n; i++) {
                float v = zd[zo + i];
                ad[ao + i] = v > 0 ? v : 0f;
            }
        } else if (z instanceof F64Mat zf && a instanceof F64Mat af) {
            double[] zd = zf.data();
            double[] ad = af.data();
            if (SIMD) {
                Simd.forward(zd, zf.offset(), ad, af.offset(), n);
                return;
            }
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
            if (SIMD) {
                Simd.backward(zd, zf.offset(), gd, gf.offset(), od, of.offset(), n);
                return;
            }
            for (int i = 0, zo = zf.offset(), go = gf.offset(), oo = of.offset(); i < n; i++) {
                od[oo + i] = zd[zo + i] > 0 ? gd[go + i] : 0f;
            }
        } else if (z instanceof F64Mat zf && gradA instanceof F64Mat gf && gradZ instanceof F64Mat of) {
            double[] zd = zf.data();
            double[] gd = gf.data();
            double[] od = of.data();
            if (SIMD) {
                Simd.backward(zd, zf.offset(), gd, gf.offset(), od, of.offset(), n);
                return;
            }
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

    /** The Vector API loops; loaded only when {@link #SIMD} is decided and true. */
    private static final class Simd {
        private static final jdk.incubator.vector.VectorSpecies<Float> F = org.nnj.api.simd.Lanes.FLOAT;
        private static final jdk.incubator.vector.VectorSpecies<Double> D = org.nnj.api.simd.Lanes.DOUBLE;

        private Simd() {
        }

        static void forward(float[] z, int zo, float[] a, int ao, int n) {
            var zero = jdk.incubator.vector.FloatVector.zero(F);
            int i = 0;
            for (int end = F.loopBound(n); i < end; i += F.length()) {
                var v = jdk.incubator.vector.FloatVector.fromArray(F, z, zo + i);
                zero.blend(v, v.compare(jdk.incubator.vector.VectorOperators.GT, 0f)).intoArray(a, ao + i);
            }
            for (; i < n; i++) {
                float v = z[zo + i];
                a[ao + i] = v > 0 ? v : 0f;
            }
        }

        static void forward(double[] z, int zo, double[] a, int ao, int n) {
            var zero = jdk.incubator.vector.DoubleVector.zero(D);
            int i = 0;
            for (int end = D.loopBound(n); i < end; i += D.length()) {
                var v = jdk.incubator.vector.DoubleVector.fromArray(D, z, zo + i);
                zero.blend(v, v.compare(jdk.incubator.vector.VectorOperators.GT, 0d)).intoArray(a, ao + i);
            }
            for (; i < n; i++) {
                double v = z[zo + i];
                a[ao + i] = v > 0 ? v : 0.0;
            }
        }

        static void backward(float[] z, int zo, float[] g, int go, float[] o, int oo, int n) {
            var zero = jdk.incubator.vector.FloatVector.zero(F);
            int i = 0;
            for (int end = F.loopBound(n); i < end; i += F.length()) {
                var m = jdk.incubator.vector.FloatVector.fromArray(F, z, zo + i)
                        .compare(jdk.incubator.vector.VectorOperators.GT, 0f);
                zero.blend(jdk.incubator.vector.FloatVector.fromArray(F, g, go + i), m).intoArray(o, oo + i);
            }
            for (; i < n; i++) {
                o[oo + i] = z[zo + i] > 0 ? g[go + i] : 0f;
            }
        }

        static void backward(double[] z, int zo, double[] g, int go, double[] o, int oo, int n) {
            var zero = jdk.incubator.vector.DoubleVector.zero(D);
            int i = 0;
            for (int end = D.loopBound(n); i < end; i += D.length()) {
                var m = jdk.incubator.vector.DoubleVector.fromArray(D, z, zo + i)
                        .compare(jdk.incubator.vector.VectorOperators.GT, 0d);
                zero.blend(jdk.incubator.vector.DoubleVector.fromArray(D, g, go + i), m).intoArray(o, oo + i);
            }
            for (; i < n; i++) {
                o[oo + i] = z[zo + i] > 0 ? g[go + i] : 0.0;
            }
        }
    }

    /** ONNX: ONNX Relu. */
    @Override
    public String exportOnnx(OnnxGraph graph, String input, int width, List<Mat> params) {
        return graph.node("Relu", List.of(input), Map.of());
    }
}
