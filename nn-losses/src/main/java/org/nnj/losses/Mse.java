package org.nnj.losses;

import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.spi.Loss;

/**
 * Mean squared error with the 1/2 factor of seed 002, section 4: per sample
 * {@code C = 1/2 sum_j (a_j - y_j)^2}, averaged over the rows of the batch; gradient
 * {@code dC/da_j = (a_j - y_j) / rows}. Half of {@link Quadratic}.
 *
 * <p>Note for users of other libraries: PyTorch's {@code MSELoss} (and Keras's {@code mse}) average over the
 * outputs as well and have no 1/2, so for {@code k} outputs their value is {@code 2/k} times this one.
 */
@API(status = API.Status.STABLE)
public final class Mse implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public String description() {
        return "1/2 sum_j (a_j - y_j)^2 per sample (seed 002)";
    }

    @Override
    public double loss(Mat output, Mat target) {
        double sum = SquaredError.sumOfSquares("mse", output, target);
        return output.rows() == 0 ? 0 : 0.5 * sum / output.rows();
    }

    @Override
    public void gradient(Mat output, Mat target, Mat gradOutput) {
        SquaredError.scaledDifference("mse", output, target, gradOutput, 1.0 / Math.max(1, output.rows()));
    }
}
