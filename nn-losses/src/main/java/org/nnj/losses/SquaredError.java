package org.nnj.losses;

import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;

/**
 * The two loops {@link Quadratic} and {@link Mse} share: the sum of squared differences over a batch, and the
 * scaled difference as the gradient, dispatched by precision to {@link F32Losses} and its generated
 * float64 twin. Sums accumulate in double for either precision.
 */
final class SquaredError {
    private SquaredError() {
    }

    /** {@code sum over all elements of (output - target)^2}. */
    static double sumOfSquares(String loss, Mat output, Mat target) {
        Shapes.requireSameShape(loss, " loss: target", output, target);
        int n = output.size();
        double sum = 0;
        if (output instanceof F32Mat o && target instanceof F32Mat t) {
            sum = F32Losses.sumOfSquares(o.data(), o.offset(), t.data(), t.offset(), n);
        } else if (output instanceof F64Mat o && target instanceof F64Mat t) {
            sum = F64Losses.sumOfSquares(o.data(), o.offset(), t.data(), t.offset(), n);
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
        if (output instanceof F32Mat o && target instanceof F32Mat t && gradOutput instanceof F32Mat g) {
            F32Losses.scaledDifference(scale, o.data(), o.offset(), t.data(), t.offset(), g.data(), g.offset(), n);
        } else if (output instanceof F64Mat o && target instanceof F64Mat t && gradOutput instanceof F64Mat g) {
            F64Losses.scaledDifference(scale, o.data(), o.offset(), t.data(), t.offset(), g.data(), g.offset(), n);
        } else {
            for (int i = 0; i < n; i++) {
                gradOutput.setFlat(i, scale * (output.getFlat(i) - target.getFlat(i)));
            }
        }
    }
}
