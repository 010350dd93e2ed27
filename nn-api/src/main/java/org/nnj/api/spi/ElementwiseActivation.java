package org.nnj.api.spi;

import org.apiguardian.api.API;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;

/**
 * An activation applied to each element on its own. A new one takes the function and its derivative:
 *
 * <pre>{@code
 * public final class Swish implements ElementwiseActivation {
 *     public String name() { return "swish"; }
 *     public double apply(double z) { return z / (1 + Math.exp(-z)); }
 *     public double derivative(double z) { double s = 1 / (1 + Math.exp(-z)); return s * (1 + z * (1 - s)); }
 * }
 * }</pre>
 *
 * The bulk {@link #forward}/{@link #backward} call these per element; built-ins override them for speed.
 */
@API(status = API.Status.STABLE)
public interface ElementwiseActivation extends Activation {

    /** f(z). */
    double apply(double z);

    /** f'(z), the derivative at the input {@code z} (not at the output). */
    double derivative(double z);

    @Override
    default void forward(Mat z, Mat a) {
        Shapes.requireSameShape(name(), " forward", z, a);
        int n = z.size();
        if (z instanceof F32Mat zf && a instanceof F32Mat af) {
            float[] zd = zf.data();
            float[] ad = af.data();
            int zo = zf.offset();
            int ao = af.offset();
            for (int i = 0; i < n; i++) {
                ad[ao + i] = (float) apply(zd[zo + i]);
            }
        } else if (z instanceof F64Mat zd && a instanceof F64Mat ad) {
            double[] zz = zd.data();
            double[] aa = ad.data();
            int zo = zd.offset();
            int ao = ad.offset();
            for (int i = 0; i < n; i++) {
                aa[ao + i] = apply(zz[zo + i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                a.setFlat(i, apply(z.getFlat(i)));
            }
        }
    }

    @Override
    default void backward(Mat z, Mat a, Mat gradA, Mat gradZ) {
        Shapes.requireSameShape(name(), " backward", z, gradA);
        Shapes.requireSameShape(name(), " backward", z, gradZ);
        int n = z.size();
        if (z instanceof F32Mat zf && gradA instanceof F32Mat gf && gradZ instanceof F32Mat of) {
            float[] zd = zf.data();
            float[] gd = gf.data();
            float[] od = of.data();
            int zo = zf.offset();
            int go = gf.offset();
            int oo = of.offset();
            for (int i = 0; i < n; i++) {
                od[oo + i] = (float) (gd[go + i] * derivative(zd[zo + i]));
            }
        } else if (z instanceof F64Mat zf && gradA instanceof F64Mat gf && gradZ instanceof F64Mat of) {
            double[] zd = zf.data();
            double[] gd = gf.data();
            double[] od = of.data();
            int zo = zf.offset();
            int go = gf.offset();
            int oo = of.offset();
            for (int i = 0; i < n; i++) {
                od[oo + i] = gd[go + i] * derivative(zd[zo + i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                gradZ.setFlat(i, gradA.getFlat(i) * derivative(z.getFlat(i)));
            }
        }
    }
}
