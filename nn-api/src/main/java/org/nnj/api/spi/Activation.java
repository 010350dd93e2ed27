package org.nnj.api.spi;

import org.apiguardian.api.API;
import org.nnj.api.Mat;

/**
 * An activation function applied to a whole mini-batch of pre-activations {@code z} (one row per sample).
 *
 * <p>Most activations act element by element: implement {@link ElementwiseActivation}, which needs only the
 * function and its derivative. A row-wise activation such as softmax implements this interface directly:
 * its {@link #backward} is the vector-Jacobian product {@code gradZ = J(z)^T gradA}, row by row.
 *
 * <p>Implementations must be stateless, so one instance can serve any number of layers and threads.
 */
@API(status = API.Status.STABLE)
public interface Activation extends Plugin<Activation> {

    /** {@code a = f(z)}; {@code z} and {@code a} have the same shape and may be the same matrix. */
    void forward(Mat z, Mat a);

    /**
     * The chain rule through this activation: {@code gradZ = dC/dz} from {@code gradA = dC/da}, where
     * {@code a = forward(z)}. {@code gradZ} may be the same matrix as {@code gradA}, never as {@code z} or {@code a}.
     */
    void backward(Mat z, Mat a, Mat gradA, Mat gradZ);

    /**
     * False for an activation without a useful derivative (the unit step): it works for inference, and the
     * trainer refuses to train through it.
     */
    default boolean differentiable() {
        return true;
    }

    /** Smallest value the function can produce ({@code -inf} if unbounded below). */
    default double minOutput() {
        return Double.NEGATIVE_INFINITY;
    }

    /** Largest value the function can produce ({@code +inf} if unbounded above). */
    default double maxOutput() {
        return Double.POSITIVE_INFINITY;
    }

    /** The initializer that suits layers using this activation when the spec names none. */
    default String defaultInitializer() {
        return "xavier_uniform";
    }
}
