package org.nnj.api.spi;

import org.apiguardian.api.API;
import org.nnj.api.Mat;

/**
 * A cost function of a mini-batch of network outputs and targets (one row per sample).
 *
 * <p>Reduction, the same for every loss: {@link #loss} is the per-sample loss (summed over the outputs as
 * the loss's formula says) averaged over the rows of the batch, and {@link #gradient} is the gradient of that
 * batch mean, so it carries the factor {@code 1/rows}. Averaging the gradient over the mini-batch is exactly
 * seed 002, section 5: {@code dC/dw = 1/n sum_k dC_k/dw}.
 *
 * <p>Implementations must be stateless: one instance serves any number of networks and threads.
 */
@API(status = API.Status.STABLE)
public interface Loss extends Plugin<Loss> {

    /** The mean over rows of the per-sample loss. */
    double loss(Mat output, Mat target);

    /** {@code gradOutput = d(loss(output, target)) / d(output)}, including the {@code 1/rows} factor. */
    void gradient(Mat output, Mat target, Mat gradOutput);

    /**
     * When this loss paired with the given output activation has a simpler and numerically safer gradient
     * with respect to the pre-activation {@code z} (categorical cross-entropy after softmax:
     * {@code (a - y) / rows}), computes it into {@code gradZ} and returns true; otherwise returns false and
     * leaves {@code gradZ} alone. The result must equal the chain rule through the activation's backward.
     */
    default boolean gradientWrtPreActivation(Activation outputActivation, Mat z, Mat output, Mat target, Mat gradZ) {
        return false;
    }
}
