package org.nnj.losses;

import java.util.Set;
import org.apiguardian.api.API;
import org.nnj.api.Mat;
import org.nnj.api.spi.Loss;

/**
 * Absolute error: per sample {@code C = sum_j |a_j - y_j|}, averaged over the rows of the batch; gradient
 * {@code dC/da_j = sign(a_j - y_j) / rows}, taken as 0 where {@code a_j = y_j} (the kink; 0 is a subgradient
 * and, like PyTorch's, it leaves an exact prediction alone). Name {@code mae}, alias {@code l1}.
 *
 * <p>Like every nnj loss it sums over the outputs: PyTorch's {@code L1Loss} and Keras's {@code mae} average over
 * them too, so for {@code k} outputs their value is {@code 1/k} times this one.
 */
@API(status = API.Status.STABLE)
public final class Mae implements Loss {

    @Override
    public String name() {
        return "mae";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("l1");
    }

    @Override
    public String description() {
        return "sum_j |a_j - y_j| per sample";
    }

    @Override
    public double loss(Mat output, Mat target) {
        return PointwiseLoss.mean("mae", output, target, (a, y) -> Math.abs(a - y));
    }

    @Override
    public void gradient(Mat output, Mat target, Mat gradOutput) {
        PointwiseLoss.gradient("mae", output, target, gradOutput, (a, y) -> Math.signum(a - y));
    }
}
