package org.nnj.losses;

import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;

/**
 * The two loops {@link Quadratic} and {@link Mse} share: the sum of squared differences over a batch, and the
 * scaled difference as the gradient. Sums accumulate in double for either precision.
 */
final class SquaredError {
    private SquaredError() {
    }

    /** {@code sum over all elements of (output - target)^2}. */
    static double sumOfSquares(String loss, Mat output, Mat target) {
        Shapes.requireSameShape(loss, " loss: target", output, target);
        int n = output.size();
        double sum = 0;
        if (output instanceof F64Mat o && target instanceof F64Mat t) {
            double[] od = o.data();
            double[] td = t.data();
            for (int i = 0, oo = o.offset(), to = t.offset(); i < n; i++) {
                double d = od[oo + i] - td[to + i];
                sum += d * d;
            }
        } else if (output instanceof F32Mat o && target instanceof F32Mat t) {
            float[] od = o.data();
            float[] td = t.data();
            for (int i = 0, oo = o.offset(), to = t.offset(); i < n; i++) {
                double d = (double) od[oo + i] - td[to + i];
                sum += d * d;
            }
        } else {
            for (int i = 0; i < n; i++) {
                double d = output.getFlat(i) - target.getFlat(i);
                sum += d * d;
            }
        }
        return sum;
    }

    /** {@code gradOutput = scale * (output - target)}. */
    static void scaledDifference(String loss, Mat output, Mat target, Mat gradOutput, double scale) {
        Shapes.requireSameShape(loss, " gradient: target", output, target);
        Shapes.requireSameShape(loss, " gradient: gradOutput", output, gradOutput);
        int n = output.size();
        if (output instanceof F64Mat o && target instanceof F64Mat t && gradOutput instanceof F64Mat g) {
            double[] od = o.data();
            double[] td = t.data();
            double[] gd = g.data();
            for (int i = 0, oo = o.offset(), to = t.offset(), go = g.offset(); i < n; i++) {
                gd[go + i] = scale * (od[oo + i] - td[to + i]);
            }
        } else if (output instanceof F32Mat o && target instanceof F32Mat t && gradOutput instanceof F32Mat g) {
            float[] od = o.data();
            float[] td = t.data();
            float[] gd = g.data();
            for (int i = 0, oo = o.offset(), to = t.offset(), go = g.offset(); i < n; i++) {
                gd[go + i] = (float) (scale * ((double) od[oo + i] - td[to + i]));
            }
        } else {
            for (int i = 0; i < n; i++) {
                gradOutput.setFlat(i, scale * (output.getFlat(i) - target.getFlat(i)));
            }
        }
    }
}
