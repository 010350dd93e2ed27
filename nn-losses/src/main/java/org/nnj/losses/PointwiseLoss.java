package org.nnj.losses;

import java.util.function.DoubleBinaryOperator;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;

/**
 * The two loops of a loss that is a sum over elements of {@code term(a, y)}: the batch mean of that sum, and the
 * gradient {@code scale * slope(a, y)}, dispatched by precision to {@link F32Losses} and its generated float64
 * twin. Shared by {@link BinaryCrossEntropy}, {@link CategoricalCrossEntropy} and {@link Mae}; sums accumulate
 * in double for either precision.
 */
final class PointwiseLoss {
    private PointwiseLoss() {
    }

    /** {@code sum over all elements of term(output, target) / rows}. */
    static double mean(String loss, Mat output, Mat target, DoubleBinaryOperator term) {
        Shapes.requireSameShape(loss, " loss: target", output, target);
        int n = output.size();
        double sum = 0;
        if (output instanceof F32Mat o && target instanceof F32Mat t) {
            sum = F32Losses.sum(term, o.data(), o.offset(), t.data(), t.offset(), n);
        } else if (output instanceof F64Mat o && target instanceof F64Mat t) {
            sum = F64Losses.sum(term, o.data(), o.offset(), t.data(), t.offset(), n);
        } else {
            for (int i = 0; i < n; i++) {
                sum += term.applyAsDouble(output.getFlat(i), target.getFlat(i));
            }
        }
        return output.rows() == 0 ? 0 : sum / output.rows();
    }

    /** {@code gradOutput = slope(output, target) / rows}, element by element. */
    static void gradient(String loss, Mat output, Mat target, Mat gradOutput, DoubleBinaryOperator slope) {
        Shapes.requireSameShape(loss, " gradient: target", output, target);
        Shapes.requireSameShape(loss, " gradient: gradOutput", output, gradOutput);
        double scale = 1.0 / Math.max(1, output.rows());
        int n = output.size();
        if (output instanceof F32Mat o && target instanceof F32Mat t && gradOutput instanceof F32Mat g) {
            F32Losses.gradient(slope, scale, o.data(), o.offset(), t.data(), t.offset(), g.data(), g.offset(), n);
        } else if (output instanceof F64Mat o && target instanceof F64Mat t && gradOutput instanceof F64Mat g) {
            F64Losses.gradient(slope, scale, o.data(), o.offset(), t.data(), t.offset(), g.data(), g.offset(), n);
        } else {
            for (int i = 0; i < n; i++) {
                gradOutput.setFlat(i, scale * slope.applyAsDouble(output.getFlat(i), target.getFlat(i)));
            }
        }
    }
}
