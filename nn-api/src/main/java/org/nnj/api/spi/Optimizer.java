package org.nnj.api.spi;

import org.apiguardian.api.API;
import org.nnj.api.Precision;

/**
 * An update rule for parameters given their gradient, e.g. gradient descent {@code w+ = w - eta * dC/dw}.
 *
 * <p>The optimizer itself is a stateless, shareable configuration. Per-parameter state (momentum, Adam's
 * moments) lives in the {@link Updater} it creates for one parameter vector of one network, so two networks,
 * or two parameters, never share state. {@link Updater} states the updater's contract (what its state must hold,
 * the step counter, the exceptions), and {@link UpdaterState} keeps such state for a plugin.
 */
@API(status = API.Status.STABLE)
public interface Optimizer extends Plugin<Optimizer> {

    /** The configured base learning rate (a schedule may scale it per step). */
    double learningRate();

    /** A fresh updater, with its state zeroed, for a parameter vector of {@code size} elements. */
    Updater newUpdater(int size, Precision precision);

    /**
     * {@link #newUpdater(int, Precision)} for an updater that may split its element-wise loop with
     * {@code parallelism} (the trainer passes the framework's matrix-multiply threads). The results must not
     * depend on it. The default ignores it.
     */
    default Updater newUpdater(int size, Precision precision, Parallelism parallelism) {
        return newUpdater(size, precision);
    }
}
