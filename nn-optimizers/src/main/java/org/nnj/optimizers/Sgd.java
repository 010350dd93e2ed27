package org.nnj.optimizers;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.Precision;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Optimizer;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Updater;

/**
 * {@code sgd}: gradient descent with optional momentum, Nesterov momentum and coupled L2 weight decay, step for
 * step as PyTorch's {@code torch.optim.SGD}.
 *
 * <p>With defaults ({@code momentum = 0}, {@code weight_decay = 0}) this is exactly the plain gradient descent of
 * seed 001, Eq. 5-6: {@code w+ = w - eta * dC/dw}.
 *
 * <p>For step {@code t = 1, 2, ...} with gradient {@code g_t}, {@code eta} the learning rate passed to
 * {@link Updater#update} (the configured {@code lr}, possibly scaled by a schedule), {@code lambda =
 * weight_decay}, {@code mu = momentum} and {@code tau = dampening}:
 * <pre>
 *   d_t = g_t + lambda * w_{t-1}
 *   b_1 = d_1                                  (the buffer starts as the first gradient, undamped)
 *   b_t = mu * b_{t-1} + (1 - tau) * d_t       (t > 1)
 *   v_t = d_t                 if mu = 0
 *       = d_t + mu * b_t      if nesterov
 *       = b_t                 otherwise
 *   w_t = w_{t-1} - eta * v_t
 * </pre>
 * Nesterov momentum needs {@code mu > 0} and {@code tau = 0}, as in PyTorch. State: {@code step} and, when
 * {@code mu > 0}, {@code momentum_buffer}.
 */
@API(status = API.Status.STABLE)
public final class Sgd implements Optimizer {
    private static final List<Param> PARAMS = List.of(
            Param.real("lr", 0.01, "learning rate eta").greaterThan(0),
            Param.real("momentum", 0.0, "momentum factor mu").atLeast(0).lessThan(1),
            Param.real("dampening", 0.0, "dampening tau of the momentum buffer").atLeast(0).atMost(1),
            Param.bool("nesterov", false, "Nesterov momentum (needs momentum > 0 and dampening = 0)"),
            Param.real("weight_decay", 0.0, "coupled L2 penalty lambda, added to the gradient").atLeast(0));

    private final Config config;
    private final double lr;
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;

    /** Plain gradient descent with {@code lr = 0.01}. */
    public Sgd() {
        this(Config.resolve("", PARAMS, Map.of()));
    }

    private Sgd(Config config) {
        this.config = config;
        this.lr = config.real("lr");
        this.momentum = config.real("momentum");
        this.dampening = config.real("dampening");
        this.nesterov = config.bool("nesterov");
        this.weightDecay = config.real("weight_decay");
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new ConfigException("nesterov", "Nesterov momentum needs momentum > 0 and dampening = 0, "
                    + "found momentum = " + momentum + " and dampening = " + dampening);
        }
    }

    /** An {@code sgd} with the given raw parameters (validated like a spec file's). */
    public static Sgd of(Map<String, ?> params) {
        return new Sgd(Config.resolve("", PARAMS, params));
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public String description() {
        return "gradient descent w+ = w - lr * grad, with optional (Nesterov) momentum and L2 weight decay";
    }

    @Override
    public List<Param> parameters() {
        return PARAMS;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Optimizer configure(Config config) {
        return new Sgd(config);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public Updater newUpdater(int size, Precision precision) {
        return new SgdUpdater(size, precision);
    }

    @Override
    public String toString() {
        return name() + config;
    }

    private final class SgdUpdater extends LazyUpdater {
        SgdUpdater(int size, Precision precision) {
            super(size, precision, momentum > 0 ? new String[] {"momentum_buffer"} : new String[0],
                    momentum > 0 ? new double[] {0} : new double[0]);
        }

        @Override
        void update32(float[] w, int wo, float[] g, int go, double learningRate, long t) {
            F32Updates.sgd(w, wo, g, go, size(), momentum > 0 ? f32[0] : null, learningRate, weightDecay, momentum,
                    dampening, nesterov, t);
        }

        @Override
        void update64(double[] w, int wo, double[] g, int go, double learningRate, long t) {
            F64Updates.sgd(w, wo, g, go, size(), momentum > 0 ? f64[0] : null, learningRate, weightDecay, momentum,
                    dampening, nesterov, t);
        }
    }
}
