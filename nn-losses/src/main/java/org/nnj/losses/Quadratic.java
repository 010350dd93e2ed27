package org.nnj.losses;

import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.spi.Loss;

/**
 * The quadratic cost of seed 001 (Eq. 1-2): per sample {@code C = sum_j (a_j - y_j)^2}, averaged over the rows
 * of the batch; gradient {@code dC/da_j = 2 (a_j - y_j) / rows}. This is the cost of the worked example, whose
 * printed gradients carry the factor 2. Compare {@link Mse}, which has the factor 1/2.
 */
@API(status = API.Status.STABLE)
public final class Quadratic implements Loss {

    @Override
    public String name() {
        return "quadratic";
    }

    @Override
    public String description() {
        return "sum_j (a_j - y_j)^2 per sample (seed 001)";
    }

    @Override
    public double loss(Mat output, Mat target) {
        double sum = SquaredError.sumOfSquares("quadratic", output, target);
        return output.rows() == 0 ? 0 : sum / output.rows();
    }

    @Override
    public void gradient(Mat output, Mat target, Mat gradOutput) {
        SquaredError.scaledDifference("quadratic", output, target, gradOutput, 2.0 / Math.max(1, output.rows()));
    }
}
