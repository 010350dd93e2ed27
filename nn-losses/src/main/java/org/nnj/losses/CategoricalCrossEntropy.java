package org.nnj.losses;

import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.Loss;

/**
 * Categorical cross-entropy for a probability row per sample (a softmax layer) and target rows that are
 * one-hot or, more generally, distributions: per sample {@code C = -sum_j y_j ln a_j}, averaged over the rows of
 * the batch; gradient {@code dC/da_j = -y_j / a_j / rows}. Name {@code categorical_crossentropy}, aliases
 * {@code cce} and {@code cross_entropy}.
 *
 * <p>Numerically stable: {@code a_j} is clamped below at {@code EPS = 1e-7} in both precisions, so an output
 * of exactly 0 for the true class gives a large finite loss (about 16.1) and gradient, and terms with
 * {@code y_j = 0} contribute nothing (no {@code 0 * ln 0}). The gradient is that of the clamped loss: 0 below
 * EPS. After a softmax layer the fused gradient below needs no clamp, so saturated outputs still learn.
 *
 * <p>After {@code softmax}, {@link #gradientWrtPreActivation} gives the fused, unclamped gradient
 * {@code dC/dz_i = (a_i s - y_i) / rows} with {@code s = sum_j y_j} the row's target mass: exactly the chain
 * rule through softmax. For target rows that sum to 1 (one-hot labels, label smoothing) that is the familiar
 * {@code (a - y) / rows}; keeping {@code s} keeps it exact for targets that do not sum to 1.
 */
@API(status = API.Status.STABLE)
public final class CategoricalCrossEntropy implements Loss {
    /** The lower clamp on outputs inside the logarithm. */
    public static final double EPS = 1e-7;

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("cce", "cross_entropy");
    }

    @Override
    public String description() {
        return "-sum_j y_j ln a_j per sample, a clamped at 1e-7; fused with softmax";
    }

    private static double term(double a, double y) {
        return y == 0 ? 0 : -y * Math.log(a < EPS ? EPS : a);
    }

    /** The derivative of {@link #term}: zero where the clamp holds a constant. */
    private static double slope(double a, double y) {
        return a < EPS ? 0 : -y / a;
    }

    @Override
    public double loss(Mat output, Mat target) {
        return PointwiseLoss.mean("categorical_crossentropy", output, target, CategoricalCrossEntropy::term);
    }

    @Override
    public void gradient(Mat output, Mat target, Mat gradOutput) {
        PointwiseLoss.gradient("categorical_crossentropy", output, target, gradOutput, CategoricalCrossEntropy::slope);
    }

    /** After {@code softmax}: {@code gradZ_i = (a_i sum_j y_j - y_i) / rows}; false for any other activation. */
    @Override
    public boolean gradientWrtPreActivation(Activation outputActivation, Mat z, Mat output, Mat target, Mat gradZ) {
        if (!"softmax".equals(outputActivation.name())) {
            return false;
        }
        Shapes.requireSameShape("categorical_crossentropy gradient: target", output, target);
        Shapes.requireSameShape("categorical_crossentropy gradient: gradZ", output, gradZ);
        double scale = 1.0 / Math.max(1, output.rows());
        int rows = output.rows();
        int cols = output.cols();
        if (output instanceof F32Mat o && target instanceof F32Mat t && gradZ instanceof F32Mat g) {
            // The same double arithmetic as the general loop below, on the arrays.
            F32Losses.softmaxCrossEntropy(scale, o.data(), o.offset(), t.data(), t.offset(), g.data(), g.offset(),
                    rows, cols);
            return true;
        }
        if (output instanceof F64Mat o && target instanceof F64Mat t && gradZ instanceof F64Mat g) {
            F64Losses.softmaxCrossEntropy(scale, o.data(), o.offset(), t.data(), t.offset(), g.data(), g.offset(),
                    rows, cols);
            return true;
        }
        for (int r = 0; r < output.rows(); r++) {
            double mass = 0;
            for (int c = 0; c < cols; c++) {
                mass += target.get(r, c);
            }
            for (int c = 0; c < cols; c++) {
                gradZ.set(r, c, scale * (output.get(r, c) * mass - target.get(r, c)));
            }
        }
        return true;
    }
}
