package org.nnj.losses;

import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.Loss;

/**
 * Binary cross-entropy for outputs in (0, 1) (a sigmoid layer) and targets in [0, 1]: per sample
 * {@code C = -sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)]}, averaged over the rows of the batch; gradient
 * {@code dC/da_j = (a_j - y_j) / (a_j (1 - a_j)) / rows}. Name {@code binary_crossentropy}, alias {@code bce}.
 *
 * <p><b>Seed slip:</b> seed 002, section 4, prints {@code sum (y^ log(y) + (1 - y^) log(1 - y))}: it lacks the
 * leading minus sign (so it would be maximised, not minimised), and its notation puts the logarithm on
 * {@code y} where the prediction belongs. Implemented is the standard form above, with the log of the prediction
 * weighted by the target.
 *
 * <p>Clamping: {@code a} is clamped to {@code [EPS, 1 - EPS]} with {@code EPS = 1e-7} (as in Keras) in both
 * precisions, so a saturated output of exactly 0 or 1 gives a large finite loss (at most about 16.1 per output)
 * and a finite gradient, never infinity or NaN. The gradient is that of the clamped loss, as the contract's
 * numerical check demands (and as in Keras): 0 inside the clamp band. A saturated output there still learns
 * after a sigmoid layer, through the fused gradient below, which needs no clamp.
 *
 * <p>After a {@code sigmoid} output layer, {@link #gradientWrtPreActivation} gives the fused, unclamped and
 * exact {@code dC/dz = beta (a - y) / rows} (for the default beta = 1, {@code (a - y) / rows}).
 */
@API(status = API.Status.STABLE)
public final class BinaryCrossEntropy implements Loss {
    /** The clamp on outputs: {@code a} is used as {@code min(max(a, EPS), 1 - EPS)}. */
    public static final double EPS = 1e-7;

    @Override
    public String name() {
        return "binary_crossentropy";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("bce");
    }

    @Override
    public String description() {
        return "-sum_j [y ln a + (1-y) ln(1-a)] per sample, a clamped to [1e-7, 1-1e-7]";
    }

    private static double clamp(double a) {
        return a < EPS ? EPS : a > 1 - EPS ? 1 - EPS : a;
    }

    private static double term(double a, double y) {
        double c = clamp(a);
        return -(y * Math.log(c) + (1 - y) * Math.log(1 - c));
    }

    /** The derivative of {@link #term}: zero where the clamp holds a constant. */
    private static double slope(double a, double y) {
        return a < EPS || a > 1 - EPS ? 0 : (a - y) / (a * (1 - a));
    }

    @Override
    public double loss(Mat output, Mat target) {
        return PointwiseLoss.mean("binary_crossentropy", output, target, BinaryCrossEntropy::term);
    }

    @Override
    public void gradient(Mat output, Mat target, Mat gradOutput) {
        PointwiseLoss.gradient("binary_crossentropy", output, target, gradOutput, BinaryCrossEntropy::slope);
    }

    /** After {@code sigmoid} (any beta): {@code gradZ = beta (a - y) / rows}; false for any other activation. */
    @Override
    public boolean gradientWrtPreActivation(Activation outputActivation, Mat z, Mat output, Mat target, Mat gradZ) {
        if (!"sigmoid".equals(outputActivation.name()) || !outputActivation.config().has("beta")) {
            return false;
        }
        Shapes.requireSameShape("binary_crossentropy gradient: target", output, target);
        Shapes.requireSameShape("binary_crossentropy gradient: gradZ", output, gradZ);
        double scale = outputActivation.config().real("beta") / Math.max(1, output.rows());
        for (int i = 0, n = output.size(); i < n; i++) {
            gradZ.setFlat(i, scale * (output.getFlat(i) - target.getFlat(i)));
        }
        return true;
    }
}
